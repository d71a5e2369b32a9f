import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newAccount, seedInvoiceBody } from "../helpers/api";
import { openInvoice } from "../helpers/open-invoice";

async function visit(url: string, method = "GET") {
  const res = await exports.default.fetch(url, { method });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

const _tokenOf = (publicUrl: string) => publicUrl.split("/pay/")[1]!;
const decode = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
const hrefOf = (html: string, id: string) => {
  const m = new RegExp(`<a[^>]*id="${id}"[^>]*>`).exec(html);
  const href = m && /href="([^"]*)"/.exec(m[0]);
  return href ? decode(href[1]!) : null;
};

async function sha256Base64(text: string) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

async function expectPublicHeaders(page: { headers: Headers; body: string }) {
  const css = /<style>([\s\S]*?)<\/style>/.exec(page.body)![1]!;
  expect(page.headers.get("Content-Security-Policy")).toBe(
    `default-src 'none'; style-src 'sha256-${await sha256Base64(css)}'; img-src https:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
  );
  expect(page.headers.get("Cache-Control")).toBe("private, no-store");
  expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");
  expect(page.headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(page.headers.get("X-Robots-Tag")).toBe("noindex, nofollow");
  expect(page.headers.get("Content-Type")).toBe("text/html; charset=UTF-8");
  expect(page.body).not.toMatch(/<script|\son[a-z]+=|javascript:/i);
}

describe("GET /pay/:token", () => {
  it("shows the invoice with strict headers and no script", async () => {
    const { api } = await newAccount({ name: "Stateset", accentColor: "#0A7", logoUrl: "https://cdn.example.com/logo.png" });
    const invoice = await openInvoice(api, { invoice: { due_date: "2099-01-31" } });
    const page = await visit(invoice.public_url);
    expect(page.status).toBe(200);
    await expectPublicHeaders(page);
    expect(page.body).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(page.body).toContain(`<h1>Invoice ${invoice.invoice_number}</h1>`);
    expect(page.body).toContain('<strong class="due-amount" id="amount-due">$6,975.00</strong>');
    expect(page.body).toContain("Professional Services - January 2024");
    expect(page.body).toContain("$6,495.00"); // subtotal
    expect(page.body).toContain("$480.00"); // tax
    expect(page.body).toContain("January 31, 2099");
    expect(hrefOf(page.body, "pdf-link")).toBe(invoice.pdf_url);
    expect(page.body).toContain('<img src="https://cdn.example.com/logo.png" alt=""');
    // #0A7 expands to #00aa77; black text contrasts more with it than white does.
    expect(page.body).toContain("--accent:#00aa77;--on-accent:#000000");
    expect(page.body).toMatch(/<header class="brand">[\s\S]*<main>[\s\S]*<\/main><footer/);
    expect(page.body).toContain('<th scope="col">Description</th>');
    expect(page.body).not.toContain(`class="banner`);
  });

  it("gives one identical 404 for unknown, malformed, voided and PDF tokens; drafts have no page", async () => {
    const { api } = await newAccount();
    const voided = await openInvoice(api, { sent: false });
    expect((await api.post(`/v1/invoices/${voided.id}/void`)).status).toBe(200);
    // The API stops showing a voided invoice's page; its old token must stop working too.
    expect((await api.get(`/v1/invoices/${voided.id}`)).body.public_url).toBeNull();
    const other = await openInvoice(api);
    const pdfToken = other.pdf_url.split("/documents/")[1]!.replace(/\.pdf$/, "");
    const customer = await api.post("/v1/customers", { name: "Draft Co" });
    const draft = await api.post("/v1/invoices", { ...seedInvoiceBody(customer.body.id) });
    expect(draft.body.public_url).toBeNull();

    const pages = await Promise.all(
      [
        "https://invoices.test/pay/000000000000000000000000000000000",
        "https://invoices.test/pay/not-a-token",
        voided.public_url,
        `https://invoices.test/pay/${pdfToken}`,
      ].map((u) => visit(u)),
    );
    for (const page of pages) {
      expect(page.status).toBe(404);
      expect(page.body).toBe(pages[0]!.body);
      await expectPublicHeaders(page);
    }
    expect(pages[0]!.body).toContain("This invoice link is not valid");
    expect((await visit(other.public_url)).status).toBe(200);
  });

  it("records the first view only, as the pay page, and API reads never do", async () => {
    const { api } = await newAccount();
    const invoice = await openInvoice(api);
    for (let i = 0; i < 3; i++) {
      const read = await api.get(`/v1/invoices/${invoice.id}`);
      expect(read.body.status).toBe("sent");
      expect(read.body.viewed_at).toBeNull();
    }
    expect((await visit(invoice.public_url, "HEAD")).status).toBe(200);
    expect((await api.get(`/v1/invoices/${invoice.id}`)).body.viewed_at).toBeNull();

    expect((await visit(invoice.public_url)).status).toBe(200);
    const viewed = (await api.get(`/v1/invoices/${invoice.id}`)).body;
    expect(viewed.status).toBe("viewed");
    expect(viewed.viewed_at).toMatch(/^\d{4}-\d\d-\d\dT/);

    await visit(invoice.public_url);
    await visit(invoice.public_url);
    const later = (await api.get(`/v1/invoices/${invoice.id}`)).body;
    expect(later.viewed_at).toBe(viewed.viewed_at);
    const events = await env.DB.prepare("SELECT type, actor FROM events WHERE object_id = ? AND type = 'invoice.viewed'").bind(invoice.id).all();
    expect(events.results).toEqual([{ type: "invoice.viewed", actor: "system:pay_page" }]);
  });

  it("builds the Pay now link from the template with every value URL-encoded", async () => {
    const { api } = await newAccount({
      invoicePrefix: "R&D",
      checkoutUrlTemplate: "https://pay.example.com/c/{invoice_number}?invoice={invoice_id}&amount={amount}&currency={currency}",
    });
    const invoice = await openInvoice(api);
    expect(invoice.invoice_number).toBe("R&D-2024-0001");
    const page = await visit(invoice.public_url);
    expect(hrefOf(page.body, "pay-now")).toBe(`https://pay.example.com/c/R%26D-2024-0001?invoice=${invoice.id}&amount=697500&currency=USD`);

    await api.post(`/v1/invoices/${invoice.id}/payments`, { amount: 97500 });
    const partial = await visit(invoice.public_url);
    expect(hrefOf(partial.body, "pay-now")).toContain("&amount=600000&");
    expect(partial.body).toContain("$975.00"); // amount paid
    expect(partial.body).toContain('id="amount-due">$6,000.00<');
  });

  it("hides Pay now when the account or the invoice says so, when nothing is due, and for non-https templates", async () => {
    const template = "https://pay.example.com/{invoice_id}";
    const hiddenByAccount = await newAccount({ checkoutUrlTemplate: template, paymentLinkDisplay: "HIDE_PAYMENT_LINK" });
    const a = await openInvoice(hiddenByAccount.api);
    expect(hrefOf((await visit(a.public_url)).body, "pay-now")).toBeNull();

    const shown = await newAccount({ checkoutUrlTemplate: template });
    const b = await openInvoice(shown.api, { invoice: { payment_link_display: "HIDE_PAYMENT_LINK" } });
    expect(hrefOf((await visit(b.public_url)).body, "pay-now")).toBeNull();

    const c = await openInvoice(shown.api);
    expect(hrefOf((await visit(c.public_url)).body, "pay-now")).toBe(`https://pay.example.com/${c.id}`);
    await shown.api.post(`/v1/invoices/${c.id}/payments`, { amount: 697500 });
    const paid = await visit(c.public_url);
    expect(hrefOf(paid.body, "pay-now")).toBeNull();
    expect(paid.body).toMatch(/<p class="banner banner-paid"[^>]*>Paid in full on [A-Z][a-z]+ \d{1,2}, \d{4}\. Thank you\.<\/p>/);
    expect(paid.body).not.toContain("How to pay");

    const insecure = await newAccount({ checkoutUrlTemplate: "http://pay.example.com/{invoice_id}" });
    const d = await openInvoice(insecure.api);
    expect(hrefOf((await visit(d.public_url)).body, "pay-now")).toBeNull();
  });

  it("shows an overdue banner once the due date has passed, and bank details for the currency", async () => {
    const { api } = await newAccount({
      bankDetails: {
        account_name: "Stateset Inc",
        iban: "GB33BUKB20201555555555",
        bic: "BUKBGB22",
        uk: { sort_code: "20-20-15", account_number: "55555555" },
        us_ach: { account_number: "000123456789", account_name: "Stateset Inc", bank_name: "First Bank", routing_number: "110000000" },
        us_wire: {
          account_number: "000123456789",
          account_name: "Stateset Inc",
          bank_name: "First Bank",
          routing_number: "110000000",
          swift_code: "FIRSUS33XXX",
          bank_address: { line1: "1 Bank Plaza", city: "New York", country: "US" },
        },
      },
    });
    const usd = await openInvoice(api); // seed due date 2024-02-18
    const page = await visit(usd.public_url);
    expect(page.body).toMatch(/<p class="banner banner-overdue"[^>]*>Overdue: payment of \$6,975\.00 was due on February 18, 2024\.<\/p>/);
    expect(page.body).toContain("<h3>ACH transfer</h3>");
    expect(page.body).toContain("<h3>Wire transfer</h3>");
    expect(page.body).toContain("<dd>FIRSUS33XXX</dd>");
    expect(page.body).toContain("<dd>1 Bank Plaza, New York, US</dd>");
    expect(page.body).not.toContain("Sort code");

    const gbp = await openInvoice(api, { invoice: { currency: "GBP", due_date: "2099-01-01" } });
    const gbpPage = await visit(gbp.public_url);
    expect(gbpPage.body).toContain("<dd>20-20-15</dd>");
    expect(gbpPage.body).toContain("<dd>GB33BUKB20201555555555</dd>");
    expect(gbpPage.body).not.toContain("ACH transfer");
    expect(gbpPage.body).not.toContain(`class="banner`);
  });

  it("formats amounts and dates for the customer's locale, falling back to en-US", async () => {
    const { api } = await newAccount();
    const german = await openInvoice(api, { customer: { locale: "de-DE" }, invoice: { currency: "EUR" } });
    const page = await visit(german.public_url);
    expect(page.body).toContain('id="amount-due">6.975,00\u00a0€<');
    expect(page.body).toContain("19. Januar 2024");

    const unknown = await openInvoice(api, { customer: { locale: "zz-QQ-invalid" } });
    expect((await visit(unknown.public_url)).body).toContain('id="amount-due">$6,975.00<');
  });

  it("never lets a merchant's accent colour inject CSS", async () => {
    const { api } = await newAccount({ accentColor: "red;}body{display:none" });
    const invoice = await openInvoice(api);
    const page = await visit(invoice.public_url);
    expect(page.body).toContain("--accent:#1d4ed8;--on-accent:#ffffff");
    expect(page.body).not.toContain("body{display:none");
  });
});
