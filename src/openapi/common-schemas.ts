import { z } from "@hono/zod-openapi";
import { DATE_RANGE_TEXT, isDateInRange, isInstantInRange } from "../domain/dates";
import { checkEmailAddress } from "../domain/email-address";
import { isCurrencyCode } from "../domain/money";
import { MINOR_UNITS_MESSAGE, TAX_RATE_MESSAGE } from "./validation-messages";

/**
 * `.nullable()` on a named schema loses the null in the generated document (a bare $ref);
 * a union keeps it as `anyOf [$ref, null]`.
 */
export const nullableRef = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

// A missing value keeps the generic "required"; anything else that is not an integer gets the
// explanation, since a decimal (12.5 for 12.50) is the usual mistake.
const minorUnitsError = (issue: { input?: unknown }) => (issue.input === undefined ? undefined : MINOR_UNITS_MESSAGE);

/** An amount in a request: an integer of the currency's minor unit, within [min, max]. */
export const minorUnitsInput = (min: number, max: number) =>
  z
    .number({ error: minorUnitsError })
    .int({ error: MINOR_UNITS_MESSAGE })
    .min(min)
    .max(max)
    .openapi({ description: "Integer amount in the currency's minor unit (cents for USD): 1250 for 12.50." });

/** A tax rate in a request: a fraction, 0.08 for 8 %. */
export const TaxRateInput = z
  .number({ error: (issue) => (issue.input === undefined ? undefined : TAX_RATE_MESSAGE) })
  .min(0, { error: TAX_RATE_MESSAGE })
  .max(1, { error: TAX_RATE_MESSAGE })
  .openapi({ description: "A fraction between 0 and 1: 0.08 for 8 %.", example: 0.08 });

export const AddressSchema = z
  .strictObject({
    line1: z.string().min(1).max(200),
    line2: z.string().max(200).nullish(),
    city: z.string().max(100).nullish(),
    state: z.string().max(100).nullish(),
    postal_code: z.string().max(20).nullish(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, "Use a two-letter ISO 3166 country code.")
      .nullish(),
  })
  .openapi("Address");

// Stripe's limits: enough for references to other systems, too small to be a database.
export const MetadataSchema = z
  .record(z.string().min(1).max(40), z.string().max(500))
  .refine((m) => Object.keys(m).length <= 50, "At most 50 metadata keys.")
  .openapi("Metadata", { example: { po_number: "PO-12345" } });

export const CurrencySchema = z
  .string()
  .transform((s) => s.toUpperCase())
  .refine(isCurrencyCode, "Use an ISO 4217 currency code such as USD.")
  .openapi({ example: "USD", type: "string" });

const isRealDate = (s: string) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** A calendar date the whole system can schedule (the bound lives in src/domain/dates.ts). */
export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use a calendar date, YYYY-MM-DD")
  .refine(isRealDate, { error: "not a real date", abort: true })
  .refine(isDateInRange, `dates must be ${DATE_RANGE_TEXT}`)
  .openapi({ example: "2024-01-19", format: "date", description: `A calendar date, YYYY-MM-DD, ${DATE_RANGE_TEXT}.` });

/** An ISO 8601 UTC timestamp within the same range as calendar dates. */
export const TimestampSchema = z.iso
  .datetime()
  .refine(isInstantInRange, `timestamps must be ${DATE_RANGE_TEXT} (UTC)`)
  .openapi({ example: "2024-01-19T12:00:00Z", format: "date-time", description: `An ISO 8601 timestamp in UTC, ${DATE_RANGE_TEXT}.` });

/**
 * The domain's one email rule (the mailer applies the same), so an address that could not be
 * mailed is a 400 naming the field before anything is stored or finalized.
 */
export const EmailSchema = z
  .string()
  .max(254)
  .superRefine((value, ctx) => {
    const checked = checkEmailAddress(value);
    if (!checked.ok) ctx.addIssue({ code: "custom", message: checked.reason });
  })
  .openapi({ format: "email", example: "billing@acme.com" });

export const TimezoneSchema = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "Use an IANA time zone such as America/Los_Angeles.");

export const BankDetailsSchema = z
  .strictObject({
    account_name: z.string().max(140).nullish(),
    iban: z
      .string()
      .regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, "Not an IBAN.")
      .nullish(),
    bic: z
      .string()
      .regex(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/, "Not a BIC.")
      .nullish(),
    uk: z.strictObject({ sort_code: z.string().regex(/^\d{6}$/), account_number: z.string().regex(/^\d{8}$/) }).nullish(),
    us_ach: z
      .strictObject({
        account_number: z.string().min(4).max(17),
        account_name: z.string().min(1).max(140),
        bank_name: z.string().min(1).max(140),
        routing_number: z.string().regex(/^\d{9}$/),
      })
      .nullish(),
    us_wire: z
      .strictObject({
        account_number: z.string().min(4).max(34),
        account_name: z.string().min(1).max(140),
        bank_name: z.string().min(1).max(140),
        routing_number: z.string().regex(/^\d{9}$/),
        swift_code: z.string().regex(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/),
        bank_address: nullableRef(AddressSchema).optional(),
      })
      .nullish(),
  })
  .openapi("BankDetails");

/**
 * Where e-invoices reach a party (EN 16931 BT-34 / BT-49): an id in an Electronic Address
 * Scheme (EAS), the list Peppol routes by: four digits, or two letters (EM, email). Only the
 * code's shape is checked here, since the list grows; the e-invoice validation names BR-CL-25
 * for a code the official list does not have.
 */
export const ElectronicAddressSchema = z
  .strictObject({
    scheme: z
      .string()
      .regex(/^(\d{4}|[A-Z]{2})$/, "use an EAS scheme code such as 0088 (GLN), 9930 (German VAT number), 0204 (Leitweg-ID) or EM (email)")
      .openapi({ description: "EAS code (CEF Electronic Address Scheme list): 0088 GLN, 0204 Leitweg-ID, 9930 German VAT number…", example: "0088" }),
    id: z.string().trim().min(1).max(100).openapi({ description: "The identifier within the scheme.", example: "4035811991014" }),
  })
  .openapi("ElectronicAddress", { description: "Where e-invoices reach this party (EN 16931 BT-34 seller / BT-49 buyer)." });

/** A legal registration id (EN 16931 BT-30 / BT-47): a trade register number, SIRET… */
export const CompanyIdInput = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .openapi({ description: "Company registration id (EN 16931 BT-30 / BT-47), such as a trade register number.", example: "HRB 12345" });

export const listQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(10).openapi({ example: 10 }),
  starting_after: z.string().max(64).optional(),
  ending_before: z.string().max(64).optional(),
};

export const listEnvelope = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ object: z.literal("list"), data: z.array(item), has_more: z.boolean(), url: z.string() }).openapi(name);

export const DeletedSchema = z.object({ id: z.string(), object: z.string(), deleted: z.literal(true) }).openapi("Deleted");
