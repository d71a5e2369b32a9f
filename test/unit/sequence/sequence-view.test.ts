import { describe, expect, it } from "vitest";
import { toSequenceInvoice, toSequencePaymentStatus, toSequenceStatus } from "../../../src/domain/sequence-view";
import { INVOICE_STATUSES, type InvoiceStatus } from "../../../src/domain/types";
import { SequenceInvoiceSchema } from "../../../src/routes/sequence/sequence.schemas";
import { shapeDifferences } from "../../helpers/json-shape";
import { expectedSeedView, seedAccount, seedCustomer, seedInvoice } from "../../helpers/sequence-fixtures";
import { SEQUENCE_SEED_INVOICE } from "../../helpers/sequence-seed";

const view = (invoice = seedInvoice(), account = seedAccount(), customer = seedCustomer()) => toSequenceInvoice(invoice, account, customer, []);

describe("the seed-equivalent invoice", () => {
  it("has exactly the seed's keys at every level, with the seed's JSON types", () => {
    const json = JSON.parse(JSON.stringify(view()));
    expect(shapeDifferences(json, SEQUENCE_SEED_INVOICE)).toEqual([]);
  });

  it("has the seed's values wherever they follow from the input", () => {
    expect(JSON.parse(JSON.stringify(view()))).toEqual(expectedSeedView());
  });

  it("matches the SequenceInvoice OpenAPI schema without losing a key", () => {
    const output = view();
    const parsed = SequenceInvoiceSchema.safeParse(output);
    expect(parsed.success).toBe(true);
    // zod drops unknown keys, so equality also proves the schema names every field.
    expect(parsed.data).toEqual(output);
  });
});

describe("status", () => {
  const sent = "2022-10-30T00:00:00Z";
  const cases: [InvoiceStatus, string | null, string][] = [
    ["draft", null, "DRAFT"],
    ["finalized", null, "FINAL"],
    ["sent", sent, "SENT"],
    ["viewed", sent, "SENT"],
    ["viewed", null, "FINAL"],
    ["overdue", sent, "SENT"],
    ["overdue", null, "FINAL"],
    ["partially_paid", sent, "SENT"],
    ["partially_paid", null, "FINAL"],
    ["paid", sent, "SENT"],
    ["paid", null, "FINAL"],
    ["uncollectible", sent, "SENT"],
    ["uncollectible", null, "FINAL"],
    ["voided", sent, "VOIDED"],
    ["voided", null, "VOIDED"],
  ];
  it.each(cases)("%s with sent_at %s is %s", (status, sentAt, expected) => {
    expect(toSequenceStatus(status, sentAt)).toBe(expected);
  });

  it("covers every status we have", () => {
    for (const status of INVOICE_STATUSES) {
      expect(["DRAFT", "FINAL", "SENT", "VOIDED"]).toContain(toSequenceStatus(status, null));
    }
  });

  it("shows a draft without a number", () => {
    const draft = view(seedInvoice({ status: "draft", invoice_number: null, sent_at: null, finalized_at: null }));
    expect(draft.status).toBe("DRAFT");
    expect(draft.invoiceNumber).toBeNull();
  });
});

describe("paymentStatus", () => {
  it.each([
    ["sent", 0, "UNPAID"],
    ["overdue", 0, "UNPAID"],
    ["partially_paid", 500, "PARTIALLY_PAID"],
    ["overdue", 500, "PARTIALLY_PAID"],
    ["paid", 1200, "PAID"],
    ["uncollectible", 0, "UNCOLLECTIBLE"],
    ["uncollectible", 500, "UNCOLLECTIBLE"],
    ["voided", 0, "UNPAID"],
  ] as const)("%s with %i paid is %s", (status, paid, expected) => {
    expect(toSequencePaymentStatus({ status, amount_paid: paid })).toBe(expected);
  });
});

describe("totals", () => {
  it("nets the discount before tax and writes major units as decimal strings", () => {
    const v = view(seedInvoice({ subtotal: 10_050, discount_amount: 1_005, tax_amount: 1_809, total_amount: 10_854, amount_due: 10_854 }));
    expect([v.netTotal, v.totalTax, v.grossTotal]).toEqual(["90.45", "18.09", "108.54"]);
  });

  it("follows the currency's exponent", () => {
    const yen = view(seedInvoice({ currency: "JPY", subtotal: 1200, tax_amount: 120, total_amount: 1320 }));
    expect([yen.netTotal, yen.totalTax, yen.grossTotal]).toEqual(["1200", "120", "1320"]);
    const dinar = view(seedInvoice({ currency: "KWD", subtotal: 1234, tax_amount: 5, total_amount: 1239 }));
    expect([dinar.netTotal, dinar.totalTax, dinar.grossTotal]).toEqual(["1.234", "0.005", "1.239"]);
  });
});

describe("customer fields", () => {
  it("prefers the legal name, and maps every tax status", () => {
    const customer = { ...seedCustomer(), legal_name: "Meta Platforms Ireland Ltd" };
    expect(view(seedInvoice(), seedAccount(), customer).customerLegalCompanyName).toBe("Meta Platforms Ireland Ltd");
    expect(view(seedInvoice({ customer_tax_status: "exempt" })).customerTaxStatus).toBe("TAX_EXEMPT");
    expect(view(seedInvoice({ customer_tax_status: "reverse_charge" })).customerTaxStatus).toBe("REVERSE_CHARGED");
  });

  it("uses the invoice's own address copies, not the customer's current ones", () => {
    const moved = { ...seedCustomer(), billing_address: { line1: "1 New Street", city: "Leeds", country: "GB" } };
    expect(view(seedInvoice(), seedAccount(), moved).customerBillingAddress?.line1).toBe("Flat 1");
  });

  it("writes null for what is not set, and '' only for missing address parts", () => {
    const bare = view(
      seedInvoice({
        billing_address: { line1: "1 Main St" },
        shipping_address: null,
        purchase_order_number: null,
        reference: null,
        memo: null,
        billing_period: null,
        accounting_date: null,
        metadata: {},
      }),
      seedAccount(),
      { ...seedCustomer(), email: null },
    );
    expect(bare.customerBillingAddress).toEqual({ line1: "1 Main St", line2: "", town: "", state: "", postcode: "", country: "" });
    expect(bare.customerShippingAddress).toBeNull();
    expect([bare.purchaseOrderNumber, bare.reference, bare.memo, bare.billingPeriod]).toEqual([null, null, null, null]);
    expect(bare.customerEmails).toEqual([]);
    expect(bare.metadata).toEqual([]);
    expect(bare.accountingDate).toBe("2022-10-05");
    expect(SequenceInvoiceSchema.safeParse(bare).success).toBe(true);
  });
});

describe("merchant details and payment options", () => {
  it("offers no bank transfer and no details when the account has no bank details", () => {
    const account = { ...seedAccount(), bank_details: null, address: null, phone: null, tax_id: null, legal_name: null };
    const v = view(seedInvoice(), account);
    expect(v.paymentOptions).toEqual([]);
    expect(v.merchantDetails).toMatchObject({
      address: null,
      phoneNumber: null,
      taxId: null,
      iban: null,
      ukAccountDetails: null,
      usAchDetails: null,
      usWireDetails: null,
      legalCompanyName: "Merchant",
    });
    expect(SequenceInvoiceSchema.safeParse(v).success).toBe(true);
  });

  it("offers a link when the account takes online payment", () => {
    const account = { ...seedAccount(), checkout_url_template: "https://pay.example/{invoice_id}" };
    expect(view(seedInvoice(), account).paymentOptions).toEqual(["BANK_TRANSFER", "LINK"]);
    const onlyUk = { ...account, bank_details: { uk: { sort_code: "123456", account_number: "12345678" } } };
    expect(view(seedInvoice(), onlyUk).paymentOptions).toEqual(["BANK_TRANSFER", "LINK"]);
  });

  it("keeps a wire bank address's second line when there is one", () => {
    const account = seedAccount();
    account.bank_details!.us_wire!.bank_address = { line1: "JP Morgan Chase", line2: "383 Madison Ave", city: "New York" };
    expect(view(seedInvoice(), account).merchantDetails.usWireDetails?.bankAddress).toEqual({
      line1: "JP Morgan Chase",
      line2: "383 Madison Ave",
      town: "New York",
      state: "",
      postcode: "",
      country: "",
    });
  });

  it("lets the invoice override the account's payment link display", () => {
    expect(view().renderSettings.paymentLinkDisplay).toBe("HIDE_PAYMENT_LINK");
    expect(view(seedInvoice({ payment_link_display: "SHOW_PAYMENT_LINK" })).renderSettings.paymentLinkDisplay).toBe("SHOW_PAYMENT_LINK");
  });
});
