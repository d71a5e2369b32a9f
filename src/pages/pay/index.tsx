import type { Context } from "hono";
import { findPublicInvoice } from "../../db/public-invoice-queries";
import { withIssuedParties } from "../../domain/issued-parties";
import type { AppEnv } from "../../env";
import { createRouter } from "../../openapi/router";
import { actingAs, type InvoiceContext } from "../../services/invoices/context";
import { markViewed } from "../../services/invoices/transitions";
import { accentPalette } from "./accent-color";
import { Layout } from "./layout";
import { NotFoundPage } from "./not-found-page";
import { publicPageHeaders } from "./page-headers";
import { pageStyles } from "./page-styles";
import { PayPage } from "./pay-page";
import { buildPayPageView } from "./pay-page-view";

// Public tokens are base62 (randomToken(24) is 33 characters); anything else is not looked up.
const TOKEN = /^[0-9A-Za-z]{16,64}$/;

const NOT_FOUND_CSS = pageStyles(accentPalette(null));

async function notFoundPage(c: Context<AppEnv>) {
  const body =
    "<!DOCTYPE html>" +
    (
      <Layout title="Invoice not found" css={NOT_FOUND_CSS}>
        <NotFoundPage />
      </Layout>
    );
  return c.html(body, 404, await publicPageHeaders(NOT_FOUND_CSS));
}

function payPageContext(c: Context<AppEnv>, accountId: string): InvoiceContext {
  return actingAs(c.var.services, accountId, "system:pay_page", { requestId: c.var.requestId });
}

/**
 * GET /pay/:token, the hosted pay page. No API key: the 192-bit token is the credential.
 * Mount at the root of the app.
 */
export const payPageRoutes = createRouter().get("/pay/:token", async (c) => {
  const token = c.req.param("token");
  const found = TOKEN.test(token) ? await findPublicInvoice(c.var.db, token, c.var.services.baseUrl) : null;
  if (!found) return notFoundPage(c);
  const { creditNoteNumbers } = found;
  // The merchant and customer as the invoice was issued, as its PDF shows them (bank details included).
  const { invoice, account } = withIssuedParties(found.invoice, found.account, found.issuedParties);

  // Only a real GET counts as the customer looking (not HEAD); only the first one is recorded.
  if (c.req.method === "GET" && !invoice.viewed_at) {
    try {
      await markViewed(payPageContext(c, account.id), invoice.id);
    } catch (err) {
      // Recording the view must never cost the customer the page.
      console.error(JSON.stringify({ level: "warn", request_id: c.get("requestId"), error: `markViewed failed: ${String(err)}` }));
    }
  }

  const view = buildPayPageView(invoice, account, new Date(), creditNoteNumbers);
  const css = pageStyles(view.palette);
  const body =
    "<!DOCTYPE html>" +
    (
      <Layout title={view.title} css={css}>
        <PayPage view={view} />
      </Layout>
    );
  return c.html(body, 200, await publicPageHeaders(css));
});
