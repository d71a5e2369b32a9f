import { describe, expect, it } from "vitest";
import { getDocumentProxy } from "unpdf";
import { renderInvoicePdf } from "../../../src/services/pdf";
import { pdfAccount, pdfCustomer, pdfInvoice, pdfLines } from "../../helpers/pdf-fixtures";
import { shippedFonts } from "../../helpers/pdf-fonts";
import { pdfPages, uncompressedPdf } from "../../helpers/pdf-reading";

const PAYLOADS = [
  ") /JS (app.alert(1)) (",
  "<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
  "\\) /AA << /O << /S /Launch /F (calc.exe) >> >> (",
  "endstream endobj 99 0 obj << /Type /Action /S /JavaScript /JS (x) >> endobj",
  "%%EOF\ntrailer << /Root 99 0 R /OpenAction 99 0 R >>",
  "東京 ) /JS (עברית)",
];
const FORBIDDEN = ["/JavaScript", "/JS", "/AA", "/OpenAction", "/Launch"];

function hostileInvoice(payload: string) {
  return pdfInvoice(
    pdfLines(3, () => payload),
    {
      invoice_number: `INV-${payload}`,
      customer: pdfCustomer({ name: payload, email: payload, legal_name: payload, tax_id: payload }),
      billing_address: { line1: payload, line2: payload, city: payload, state: payload, postal_code: payload, country: payload },
      shipping_address: { line1: payload },
      notes: payload,
      memo: payload,
      purchase_order_number: payload,
      reference: payload,
      payment_terms: payload,
    },
  );
}

function hostileAccount(payload: string) {
  return pdfAccount({ name: payload, legal_name: payload, email: payload, tax_id: payload, address: { line1: payload, city: payload } });
}

/**
 * The file's syntax: everything but stream data. Compressed stream bytes are not PDF syntax
 * (and a random run of them may spell anything), so streams are checked decoded instead.
 */
function outsideStreams(raw: string): string {
  return raw.replace(/stream\r?\n[\s\S]*?endstream/g, "stream endstream");
}

describe("PDF injection through text fields", { timeout: 120_000 }, () => {
  it.each(PAYLOADS)("%s yields no action or script", async (payload) => {
    const bytes = await renderInvoicePdf(
      { invoice: hostileInvoice(payload), account: hostileAccount(payload), payUrl: `https://invoices.test/pay/${encodeURIComponent(payload)}` },
      shippedFonts(),
    );
    const raw = outsideStreams(new TextDecoder("latin1").decode(bytes));
    const expanded = await uncompressedPdf(bytes);
    for (const name of FORBIDDEN) {
      expect(raw).not.toContain(name);
      expect(expanded).not.toContain(name);
    }
    // The payload is still there, as text a reader shows, not as structure.
    const { pages, info } = await pdfPages(bytes);
    expect(pages.join("\n").replace(/\s+/g, " ")).toContain(payload.replace(/\s+/g, " ").split("\n")[0]!.trim().slice(0, 12));
    expect(info.Author).toBe(payload);

    const pdf = await getDocumentProxy(bytes.slice());
    expect(await pdf.getJSActions()).toBeNull();
    expect(await pdf.getOpenAction()).toBeNull();
  });
});
