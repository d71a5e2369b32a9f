import { expect, it } from "vitest";
import { rawFetch } from "../helpers/api";

it("documents the Sequence surface in the OpenAPI document", async () => {
  const doc = (await rawFetch("/openapi.json")).body;
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(["/api/invoices", "/api/invoices/{id}", "/api/invoices/{id}/finalize", "/api/invoices/{id}/send", "/api/invoices/{id}/void"]),
  );
  const invoice = doc.components.schemas.SequenceInvoice;
  expect(invoice.required).toEqual(expect.arrayContaining(["invoiceNumber", "merchantDetails", "netTotal", "renderSettings"]));
  // Absent addresses are null, and the document must say so.
  expect(invoice.properties.customerBillingAddress.anyOf).toEqual([{ $ref: "#/components/schemas/SequenceAddress" }, { type: "null" }]);
  const send = doc.paths["/api/invoices/{id}/send"].post;
  expect(send.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(["id", "sequence-version"]));
  expect(send.security).toEqual([{ basicAuth: [] }, { bearerAuth: [] }]);
  expect(doc.paths["/api/invoices"].get.parameters.map((p: any) => p.name)).toEqual(
    expect.arrayContaining(["before", "after", "limit", "sortOrder", "customerId"]),
  );
});
