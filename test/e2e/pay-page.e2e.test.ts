import { tmpdir } from "node:os";
import path from "node:path";
import { expect, inject, it } from "vitest";
import { seedInvoiceBody } from "../helpers/seed";
import { inspectPayPage } from "./pay-page-browser";

const baseUrl = inject("baseUrl");
const headers = { Authorization: `Bearer ${inject("apiKey")}`, "Content-Type": "application/json" };

async function call(method: string, route: string, body?: unknown) {
  const res = await fetch(`${baseUrl}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

it("serves a sent invoice's pay page that works without JavaScript, passes axe, and marks the invoice viewed", async () => {
  const account = await call("PATCH", "/v1/account", {
    accent_color: "#0f766e",
    checkout_url_template: "https://pay.example.com/checkout?invoice={invoice_id}&number={invoice_number}&amount={amount}&currency={currency}",
    bank_details: {
      account_name: "Stateset Inc",
      us_ach: { account_number: "000123456789", account_name: "Stateset Inc", bank_name: "First Bank", routing_number: "110000000" },
      us_wire: {
        account_number: "000123456789",
        account_name: "Stateset Inc",
        bank_name: "First Bank",
        routing_number: "110000000",
        swift_code: "FIRSUS33XXX",
      },
    },
  });
  expect(account.status, JSON.stringify(account.body)).toBe(200);
  const customer = await call("POST", "/v1/customers", { name: "Acme Corporation", email: "billing@acme.com", locale: "en-US" });
  // Due far ahead, so the page shows an unpaid invoice that is not overdue.
  const created = await call("POST", "/v1/invoices", { ...seedInvoiceBody(customer.body.id), due_date: "2099-02-18", send_email: true });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const invoice = created.body;
  expect(invoice.status).toBe("sent");
  expect(invoice.public_url).toMatch(new RegExp(`^${baseUrl}/pay/[0-9A-Za-z]{33}$`));

  const outDir = process.env.E2E_ARTIFACTS_DIR ?? path.join(tmpdir(), `pay-page-e2e-${Date.now()}`);
  const findings = await inspectPayPage(invoice.public_url, outDir);
  console.log(`pay page screenshots: ${findings.screenshots.mobile} ${findings.screenshots.desktop}`);

  expect(findings.status).toBe(200);
  expect(findings.title).toBe(`Invoice ${invoice.invoice_number} from Stateset`);
  expect(findings.headings.slice(0, 1)).toEqual([`Invoice ${invoice.invoice_number}`]);
  expect(findings.amountDue).toBe("$6,975.00");
  expect(findings.banner).toBeNull();
  expect(findings.payHref).toBe(
    `https://pay.example.com/checkout?invoice=${invoice.id}&number=${encodeURIComponent(invoice.invoice_number)}&amount=697500&currency=USD`,
  );
  expect(findings.pdfHref).toBe(invoice.pdf_url);
  expect(findings.brandBackground).toBe("rgb(15, 118, 110)");
  expect(findings.cspErrors).toEqual([]);
  expect(findings.scrollWidthAt320).toBeLessThanOrEqual(320);
  expect(findings.axeViolations).toEqual([]);

  const pdf = await fetch(findings.pdfHref!);
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get("content-type")).toContain("application/pdf");
  expect(
    Buffer.from(await pdf.arrayBuffer())
      .subarray(0, 5)
      .toString(),
  ).toBe("%PDF-");

  const after = await call("GET", `/v1/invoices/${invoice.id}`);
  expect(after.body.status).toBe("viewed");
  expect(after.body.viewed_at).not.toBeNull();
});
