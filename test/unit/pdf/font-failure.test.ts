import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { toErrorResponse } from "../../../src/errors";
import { documentStore, invoicePdf, pdfKey } from "../../../src/services/documents";
import { FontUnavailableError } from "../../../src/services/pdf";
import { pdfAccount, pdfCustomer, pdfInvoice, pdfLines } from "../../helpers/pdf-fixtures";
import { fontsMissing, shippedFonts } from "../../helpers/pdf-fonts";

const account = pdfAccount();
const invoice = pdfInvoice(pdfLines(2), { customer: pdfCustomer({ name: "Łódź Київ 東京" }) });
const key = pdfKey(account.id, invoice.id, invoice.invoice_number!);

describe("a render whose face cannot be loaded", () => {
  it("fails with the retryable error and stores nothing in R2", async () => {
    await expect(invoicePdf(env.DOCUMENTS, fontsMissing(/\/cjk\//), invoice, account, null)).rejects.toBeInstanceOf(FontUnavailableError);
    expect(await env.DOCUMENTS.get(key)).toBeNull();
    expect((await env.DOCUMENTS.list({ prefix: `accounts/${account.id}/` })).objects).toEqual([]);

    // Once the fonts can be read again, the same request stores the full document.
    const pdf = await invoicePdf(env.DOCUMENTS, shippedFonts(), invoice, account, null);
    expect(pdf.stored).toBe(true);
    expect(await env.DOCUMENTS.get(key)).not.toBeNull();
  });

  it("answers a 5xx envelope that says to retry, with Retry-After", async () => {
    const app = new Hono();
    app.get("/pdf", async () => {
      await invoicePdf(env.DOCUMENTS, fontsMissing(/\/sans\//, 503), { ...invoice, id: "inv_other" }, account, null);
      return new Response("unreachable");
    });
    app.onError((err, c) => toErrorResponse(err, c));
    const res = await app.request("/pdf");
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("1");
    const body = (await res.json()) as { error: { type: string; code: string; message: string } };
    expect(body.error).toMatchObject({ type: "unavailable_error", code: "pdf_font_unavailable" });
    expect(body.error.message).toMatch(/retry/i);
    expect(await env.DOCUMENTS.get(pdfKey(account.id, "inv_other", invoice.invoice_number!))).toBeNull();
  });

  it("reads its fonts from the Worker's own static assets by default", async () => {
    const pdf = await documentStore(env.DOCUMENTS, env.ASSETS).invoicePdf({ ...invoice, id: "inv_default", invoice_number: null }, account, null);
    expect(pdf.stored).toBe(false);
    expect(pdf.bytes.length).toBeGreaterThan(1000);
  });
});
