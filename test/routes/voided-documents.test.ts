import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newAccount } from "../helpers/api";
import { openInvoice } from "../helpers/open-invoice";

/*
 * A voided invoice keeps its document and loses its page: the PDF at `pdf_url` is what was
 * issued (the customer and their accountant may need it after the void, and a voided number
 * stays in the books), while the pay page exists to pay and a voided invoice is not payable.
 */
describe("a voided invoice's public links", () => {
  it("keeps serving the issued PDF at pdf_url and answers 404 on its pay page", async () => {
    const { api } = await newAccount();
    const invoice = await openInvoice(api, { sent: false });
    const before = await exports.default.fetch(invoice.pdf_url);
    expect(before.status).toBe(200);
    const issued = new Uint8Array(await before.arrayBuffer());

    expect((await api.post(`/v1/invoices/${invoice.id}/void`)).status).toBe(200);
    const voided = (await api.get(`/v1/invoices/${invoice.id}`)).body;
    expect(voided.status).toBe("voided");
    expect(voided.pdf_url).toBe(invoice.pdf_url);
    expect(voided.public_url).toBeNull();

    const after = await exports.default.fetch(invoice.pdf_url);
    expect(after.status).toBe(200);
    expect(after.headers.get("Content-Type")).toBe("application/pdf");
    expect(Buffer.from(new Uint8Array(await after.arrayBuffer())).equals(Buffer.from(issued))).toBe(true);
    expect((await exports.default.fetch(invoice.public_url)).status).toBe(404);
  });
});
