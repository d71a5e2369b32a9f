import type { IssuedParties } from "../domain/issued-parties";
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/*
 * Storage only. API shapes live in routes/<resource>/*.schemas.ts.
 * Every row carries account_id and every index starts with it, so one account's data can be
 * moved to its own database (DESIGN §6) without changing a query.
 * Amounts are integers in the currency's minor unit; JSON columns hold small structured values.
 */

const timestamps = {
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
};

export const accounts = sqliteTable("accounts", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  legalName: text("legal_name"),
  email: text("email"),
  phone: text("phone"),
  address: text("address", { mode: "json" }),
  taxId: text("tax_id"),
  // EN 16931 BT-30 and BT-34: what an e-invoice names the seller by, beside the VAT id.
  companyId: text("company_id"),
  electronicAddress: text("electronic_address", { mode: "json" }).$type<{ scheme: string; id: string }>(),
  bankDetails: text("bank_details", { mode: "json" }),
  invoicePrefix: text("invoice_prefix").notNull().default("INV"),
  defaultCurrency: text("default_currency").notNull().default("USD"),
  timezone: text("timezone").notNull().default("UTC"),
  defaultPaymentTerms: text("default_payment_terms").notNull().default("Net 30"),
  roundingMode: text("rounding_mode").notNull().default("half_away_from_zero"),
  senderEmail: text("sender_email"),
  senderName: text("sender_name"),
  logoUrl: text("logo_url"),
  accentColor: text("accent_color"),
  checkoutUrlTemplate: text("checkout_url_template"),
  paymentLinkDisplay: text("payment_link_display").notNull().default("SHOW_PAYMENT_LINK"),
  reminderPolicy: text("reminder_policy", { mode: "json" }),
  webhookSecret: text("webhook_secret"),
  // Credit notes are numbered in a series of their own: {prefix}-{YYYY}-{NNNN}.
  creditNotePrefix: text("credit_note_prefix").notNull().default("CN"),
  ...timestamps,
});

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    name: text("name"),
    // SHA-256 of the secret half; the secret itself is shown once and never stored.
    secretHash: text("secret_hash").notNull(),
    lastFour: text("last_four").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("api_keys_account_idx").on(t.accountId, t.createdAt)],
);

export const customers = sqliteTable(
  "customers",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    name: text("name").notNull(),
    legalName: text("legal_name"),
    email: text("email"),
    phone: text("phone"),
    billingAddress: text("billing_address", { mode: "json" }),
    shippingAddress: text("shipping_address", { mode: "json" }),
    taxId: text("tax_id"),
    // EN 16931 BT-47 and BT-49: what an e-invoice names the buyer by.
    companyId: text("company_id"),
    electronicAddress: text("electronic_address", { mode: "json" }).$type<{ scheme: string; id: string }>(),
    taxStatus: text("tax_status").notNull().default("taxed"),
    eInvoicing: text("e_invoicing").notNull().default("optional"),
    locale: text("locale"),
    timezone: text("timezone"),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, string>>().notNull(),
    // Minor units the merchant owes the customer, per currency: always the sum of the customer's
    // balance transactions, kept here by the same batches that write those.
    creditBalances: text("credit_balances", { mode: "json" }).$type<Record<string, number>>(),
    // Stamped fresh by every guarded update, so the event written in the same D1 batch can tell
    // that this write happened (updated_at cannot: a concurrent writer may compute the same one).
    mutationId: text("mutation_id"),
    ...timestamps,
  },
  (t) => [index("customers_account_created_idx").on(t.accountId, t.createdAt, t.id)],
);

export const invoices = sqliteTable(
  "invoices",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    number: text("number"),
    status: text("status").notNull(),
    currency: text("currency").notNull(),
    issueDate: text("issue_date").notNull(),
    dueDate: text("due_date").notNull(),
    paymentTerms: text("payment_terms"),
    subtotal: integer("subtotal").notNull(),
    discountType: text("discount_type"),
    discountValue: real("discount_value"),
    discountAmount: integer("discount_amount").notNull().default(0),
    taxAmount: integer("tax_amount").notNull(),
    totalAmount: integer("total_amount").notNull(),
    amountPaid: integer("amount_paid").notNull().default(0),
    // What credit notes took off what was due, what they refunded of what was paid, and what
    // the customer's credit balance paid at finalization: amount_due = total − paid − credited − applied.
    creditedAmount: integer("credited_amount").notNull().default(0),
    amountRefunded: integer("amount_refunded").notNull().default(0),
    appliedBalance: integer("applied_balance").notNull().default(0),
    billingAddress: text("billing_address", { mode: "json" }),
    shippingAddress: text("shipping_address", { mode: "json" }),
    // Customer tax status as it was when the invoice was priced; finalized invoices never re-read it.
    customerTaxStatus: text("customer_tax_status").notNull().default("taxed"),
    // The seller's and buyer's details as they were at finalization (src/domain/issued-parties.ts):
    // what the invoice's documents show, however the account or customer changes later.
    issuedParties: text("issued_parties", { mode: "json" }).$type<IssuedParties>(),
    notes: text("notes"),
    memo: text("memo"),
    purchaseOrderNumber: text("purchase_order_number"),
    reference: text("reference"),
    billingPeriodStart: text("billing_period_start"),
    billingPeriodEnd: text("billing_period_end"),
    accountingDate: text("accounting_date"),
    paymentLinkDisplay: text("payment_link_display"),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, string>>().notNull(),
    // Unguessable tokens for the public pay page and the public PDF link; set at finalization.
    publicToken: text("public_token"),
    pdfToken: text("pdf_token"),
    pdfKey: text("pdf_key"),
    finalizedAt: text("finalized_at"),
    sentAt: text("sent_at"),
    viewedAt: text("viewed_at"),
    paidAt: text("paid_at"),
    voidedAt: text("voided_at"),
    uncollectibleAt: text("uncollectible_at"),
    overdueAt: text("overdue_at"),
    sentCount: integer("sent_count").notNull().default(0),
    lastSentAt: text("last_sent_at"),
    remindersEnabled: integer("reminders_enabled", { mode: "boolean" }).notNull().default(true),
    reminderPolicy: text("reminder_policy", { mode: "json" }),
    remindersSent: integer("reminders_sent").notNull().default(0),
    nextReminderAt: text("next_reminder_at"),
    // The recurring schedule that issued the invoice, and for which of its periods (0, 1, 2 …):
    // unique together, so a period's invoice exists once however often its alarm runs.
    scheduleId: text("schedule_id"),
    schedulePeriod: integer("schedule_period"),
    // Optimistic concurrency: every write is guarded by the version it read, and the random
    // mutation id lets later statements of the same D1 batch know the guarded write happened.
    version: integer("version").notNull().default(1),
    mutationId: text("mutation_id"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("invoices_account_number_uq").on(t.accountId, t.number),
    uniqueIndex("invoices_public_token_uq").on(t.publicToken),
    uniqueIndex("invoices_pdf_token_uq").on(t.pdfToken),
    index("invoices_account_created_idx").on(t.accountId, t.createdAt, t.id),
    index("invoices_account_status_created_idx").on(t.accountId, t.status, t.createdAt, t.id),
    index("invoices_account_customer_created_idx").on(t.accountId, t.customerId, t.createdAt, t.id),
    index("invoices_account_issue_idx").on(t.accountId, t.issueDate, t.id),
    index("invoices_account_due_idx").on(t.accountId, t.dueDate, t.id),
    index("invoices_account_total_idx").on(t.accountId, t.totalAmount, t.id),
    // For the maintenance sweep that finds reminders whose alarm was lost.
    index("invoices_next_reminder_idx").on(t.nextReminderAt),
    uniqueIndex("invoices_schedule_period_uq").on(t.accountId, t.scheduleId, t.schedulePeriod),
  ],
);

export const lineItems = sqliteTable(
  "line_items",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    invoiceId: text("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    description: text("description").notNull(),
    // Decimal string with up to 4 places, so no float ever touches a quantity.
    quantity: text("quantity").notNull(),
    unitPrice: integer("unit_price").notNull(),
    amount: integer("amount").notNull(),
    taxRate: text("tax_rate").notNull(),
    taxAmount: integer("tax_amount").notNull(),
    // The VAT category the line named; null when it follows from the invoice's customer_tax_status
    // and the rate (lineTaxCategory), so a repriced draft derives it again for its new customer.
    taxCategory: text("tax_category"),
    taxExemptionReason: text("tax_exemption_reason"),
    taxExemptionReasonCode: text("tax_exemption_reason_code"),
    unitCode: text("unit_code").notNull().default("C62"),
    productId: text("product_id"),
    accountCode: text("account_code"),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, string>>(),
  },
  (t) => [index("line_items_invoice_idx").on(t.invoiceId, t.position)],
);

export const invoiceSequences = sqliteTable(
  "invoice_sequences",
  {
    accountId: text("account_id").notNull(),
    series: text("series").notNull(),
    lastValue: integer("last_value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.series] })],
);

export const payments = sqliteTable(
  "payments",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    invoiceId: text("invoice_id").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    method: text("method"),
    reference: text("reference"),
    source: text("source").notNull().default("api"),
    // Id of the event in the system that reported it (Stripe event, webhook event): applied once.
    externalId: text("external_id"),
    // What makes a repeat harmless: the external id qualified by its source (and, for API
    // Idempotency-Keys, by the invoice), because senders do not share one namespace of ids.
    dedupeKey: text("dedupe_key"),
    paidAt: text("paid_at").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("payments_account_invoice_idx").on(t.accountId, t.invoiceId, t.createdAt),
    uniqueIndex("payments_account_dedupe_uq").on(t.accountId, t.dedupeKey),
  ],
);

/*
 * Every change, as the outbox: written in the same D1 batch as the change it records, so an
 * event exists exactly when its change does. The feed (GET /v1/events), an invoice's timeline
 * and outbound webhooks all read it. `data.object` is the resource as the API returned it at
 * that moment.
 */
export const events = sqliteTable(
  "events",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    type: text("type").notNull(),
    // What the event is about: "invoice", "customer", "webhook_endpoint".
    objectType: text("object_type").notNull(),
    objectId: text("object_id").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    // Who made the change: an API key id, or "system:<what>" (alarm, webhook, pay page).
    actor: text("actor").notNull(),
    requestId: text("request_id"),
    // The Idempotency-Key of the request that made the change: a retry whose answer was lost
    // recognises its own committed change instead of being refused as a conflict.
    idempotencyKey: text("idempotency_key"),
    createdAt: text("created_at").notNull(),
    // Set once the event has been turned into deliveries, one per subscribed endpoint; the sweep
    // hands on events still unset a while after they were written (the Worker died in between).
    dispatchedAt: text("dispatched_at"),
  },
  (t) => [
    index("events_account_created_idx").on(t.accountId, t.createdAt, t.id),
    index("events_account_type_idx").on(t.accountId, t.type, t.createdAt),
    index("events_object_idx").on(t.accountId, t.objectId, t.createdAt),
    index("events_idempotency_idx").on(t.accountId, t.objectId, t.idempotencyKey),
    index("events_undispatched_idx").on(t.createdAt).where(sql`${t.dispatchedAt} IS NULL`),
  ],
);

export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    accountId: text("account_id").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    state: text("state").notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    lockedUntil: text("locked_until").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key] }), index("idempotency_keys_expires_idx").on(t.expiresAt)],
);

export const deliveries = sqliteTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    invoiceId: text("invoice_id").notNull(),
    kind: text("kind").notNull(),
    // What makes a repeat harmless: the same key never sends a second message.
    dedupeKey: text("dedupe_key").notNull(),
    messageId: text("message_id").notNull(),
    status: text("status").notNull(),
    recipients: text("recipients", { mode: "json" }).$type<{ to: string[]; cc: string[]; bcc: string[] }>().notNull(),
    subject: text("subject").notNull(),
    message: text("message"),
    attachments: text("attachments", { mode: "json" }).$type<string[]>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    // Recipients the provider took before a failure: a retry does not mail them again.
    acceptedRecipients: text("accepted_recipients", { mode: "json" }).$type<string[]>(),
    error: text("error"),
    createdAt: text("created_at").notNull(),
    sentAt: text("sent_at"),
  },
  (t) => [uniqueIndex("deliveries_account_dedupe_uq").on(t.accountId, t.dedupeKey), index("deliveries_invoice_idx").on(t.accountId, t.invoiceId, t.createdAt)],
);

export const webhookReceipts = sqliteTable(
  "webhook_receipts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id"),
    source: text("source").notNull(),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    status: text("status").notNull(),
    error: text("error"),
    receivedAt: text("received_at").notNull(),
  },
  (t) => [uniqueIndex("webhook_receipts_source_event_uq").on(t.source, t.eventId)],
);

/** Where an account's events are sent. The secret signs deliveries (Standard Webhooks). */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    url: text("url").notNull(),
    description: text("description"),
    // Event types, or ["*"] for all.
    enabledEvents: text("enabled_events", { mode: "json" }).$type<string[]>().notNull(),
    status: text("status").notNull(),
    secret: text("secret").notNull(),
    // The secret before the last rotation: deliveries carry both signatures until it expires,
    // so a receiver can switch secrets without downtime.
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: text("previous_secret_expires_at"),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, string>>().notNull(),
    // When the current run of failed attempts began (null after any success): five days of
    // nothing but failures disables the endpoint.
    failingSince: text("failing_since"),
    // The run's latest failed attempt: a run with no attempt for a while is over, and the next
    // failure starts a new one (QUIET_PERIOD_MS in src/domain/webhook-delivery.ts).
    lastFailedAt: text("last_failed_at"),
    disabledReason: text("disabled_reason"),
    ...timestamps,
  },
  (t) => [index("webhook_endpoints_account_idx").on(t.accountId, t.createdAt, t.id)],
);

/** One event for one endpoint: what the queue carries, with its attempts below. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    endpointId: text("endpoint_id").notNull(),
    eventId: text("event_id").notNull(),
    // "<event>:<endpoint>" for the delivery the fan-out makes (one, however often the fan-out
    // runs); a fresh value for each redelivery asked for through the API.
    dedupeKey: text("dedupe_key").notNull(),
    // pending → succeeded | failed
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at"),
    // A consumer holds the delivery while its request is in flight; a duplicate queue message
    // finds it held and leaves it alone.
    leasedUntil: text("leased_until"),
    lastStatusCode: integer("last_status_code"),
    ...timestamps,
    completedAt: text("completed_at"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_dedupe_uq").on(t.accountId, t.dedupeKey),
    index("webhook_deliveries_endpoint_idx").on(t.accountId, t.endpointId, t.createdAt, t.id),
    index("webhook_deliveries_event_idx").on(t.accountId, t.eventId),
    index("webhook_deliveries_pending_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  ],
);

/** Each HTTP request made for a delivery: the log a merchant reads when a receiver misbehaves. */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    deliveryId: text("delivery_id").notNull(),
    attemptedAt: text("attempted_at").notNull(),
    // null when no response came (timeout, connection refused).
    statusCode: integer("status_code"),
    durationMs: integer("duration_ms").notNull(),
    // The first 1 KiB of the response body, or what went wrong.
    responseBody: text("response_body"),
    error: text("error"),
    nextAttemptAt: text("next_attempt_at"),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.accountId, t.deliveryId, t.attemptedAt)],
);

/**
 * A credit note: the lawful correction of a final invoice, a document of its own with a number
 * of its own gapless series. Issued final; `void` keeps the number taken.
 */
export const creditNotes = sqliteTable(
  "credit_notes",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    invoiceId: text("invoice_id").notNull(),
    customerId: text("customer_id").notNull(),
    number: text("number").notNull(),
    status: text("status").notNull(),
    currency: text("currency").notNull(),
    reason: text("reason").notNull(),
    memo: text("memo"),
    // The note's date: its number's year.
    issueDate: text("issue_date").notNull(),
    subtotal: integer("subtotal").notNull(),
    discountAmount: integer("discount_amount").notNull(),
    taxAmount: integer("tax_amount").notNull(),
    totalAmount: integer("total_amount").notNull(),
    // Where the total went: off what was still due, refunded, to the customer's balance, outside.
    dueAmount: integer("due_amount").notNull(),
    refundAmount: integer("refund_amount").notNull(),
    creditAmount: integer("credit_amount").notNull(),
    outOfBandAmount: integer("out_of_band_amount").notNull(),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, string>>().notNull(),
    pdfToken: text("pdf_token").notNull(),
    pdfKey: text("pdf_key"),
    voidedAt: text("voided_at"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("credit_notes_account_number_uq").on(t.accountId, t.number),
    uniqueIndex("credit_notes_pdf_token_uq").on(t.pdfToken),
    index("credit_notes_account_created_idx").on(t.accountId, t.createdAt, t.id),
    index("credit_notes_account_invoice_idx").on(t.accountId, t.invoiceId, t.createdAt, t.id),
    index("credit_notes_account_customer_idx").on(t.accountId, t.customerId, t.createdAt, t.id),
  ],
);

/** What a credit note credits of one invoice line (or, for a lump amount, its share of one). */
export const creditNoteLines = sqliteTable(
  "credit_note_lines",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    creditNoteId: text("credit_note_id").notNull(),
    invoiceId: text("invoice_id").notNull(),
    invoiceLineItemId: text("invoice_line_item_id").notNull(),
    position: integer("position").notNull(),
    description: text("description").notNull(),
    // Decimal text; null when the line was credited by amount rather than quantity.
    quantity: text("quantity"),
    unitPrice: integer("unit_price").notNull(),
    amount: integer("amount").notNull(),
    discountAmount: integer("discount_amount").notNull(),
    taxRate: text("tax_rate").notNull(),
    taxAmount: integer("tax_amount").notNull(),
  },
  (t) => [
    index("credit_note_lines_note_idx").on(t.creditNoteId, t.position),
    index("credit_note_lines_invoice_line_idx").on(t.accountId, t.invoiceId, t.invoiceLineItemId),
  ],
);

/** Money the merchant owes a customer, per currency: the balance is the sum of its transactions. */
export const customerBalanceTransactions = sqliteTable(
  "customer_balance_transactions",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    customerId: text("customer_id").notNull(),
    currency: text("currency").notNull(),
    // Positive: credit owed to the customer (a credit note). Negative: credit used (an invoice).
    amount: integer("amount").notNull(),
    type: text("type").notNull(),
    creditNoteId: text("credit_note_id"),
    invoiceId: text("invoice_id"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("customer_balance_transactions_customer_idx").on(t.accountId, t.customerId, t.currency, t.createdAt, t.id)],
);

/** Money given back against an invoice's payments, by a credit note. */
export const refunds = sqliteTable(
  "refunds",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    invoiceId: text("invoice_id").notNull(),
    creditNoteId: text("credit_note_id").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("refunds_account_invoice_idx").on(t.accountId, t.invoiceId, t.createdAt)],
);

/**
 * A recurring invoice: what to bill (the invoice template), on which calendar, and how far it
 * has got. One Durable Object per schedule issues its periods (src/durable-objects/schedule-runner.ts).
 */
export const invoiceSchedules = sqliteTable(
  "invoice_schedules",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    // active → paused ⇄ active → canceled | completed (the last period issued).
    status: text("status").notNull(),
    // The calendar (src/domain/schedules/periods.ts): fixed once created, as every period's
    // index and dates follow from it.
    interval: text("interval").notNull(),
    intervalCount: integer("interval_count").notNull(),
    startDate: text("start_date").notNull(),
    anchor: text("anchor").notNull().default("start_date"),
    timeZone: text("time_zone").notNull(),
    issueTime: text("issue_time").notNull(),
    endAfterCount: integer("end_after_count"),
    endOnDate: text("end_on_date"),
    backfill: integer("backfill", { mode: "boolean" }).notNull(),
    // What each period's invoice is made of; a change applies from the next period issued.
    issue: text("issue").notNull(),
    currency: text("currency").notNull(),
    lineItems: text("line_items", { mode: "json" }).notNull(),
    discount: text("discount", { mode: "json" }),
    daysUntilDue: integer("days_until_due"),
    paymentTerms: text("payment_terms"),
    memo: text("memo"),
    notes: text("notes"),
    purchaseOrderNumber: text("purchase_order_number"),
    paymentLinkDisplay: text("payment_link_display"),
    remindersEnabled: integer("reminders_enabled", { mode: "boolean" }).notNull().default(true),
    reminderPolicy: text("reminder_policy", { mode: "json" }),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, string>>().notNull(),
    // Progress: the first period neither issued nor skipped, how many were issued, and when
    // the next one is due (null once it has none); the maintenance sweep compares next_issue_at
    // with the clock to find a schedule whose alarm was lost.
    nextPeriod: integer("next_period").notNull().default(0),
    issuedCount: integer("issued_count").notNull().default(0),
    nextIssueAt: text("next_issue_at"),
    lastIssuedAt: text("last_issued_at"),
    // Created or last resumed: the catch-up rule measures lateness from here.
    activeSince: text("active_since").notNull(),
    pausedAt: text("paused_at"),
    canceledAt: text("canceled_at"),
    completedAt: text("completed_at"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index("invoice_schedules_account_created_idx").on(t.accountId, t.createdAt, t.id),
    index("invoice_schedules_account_customer_idx").on(t.accountId, t.customerId, t.createdAt, t.id),
    index("invoice_schedules_account_status_idx").on(t.accountId, t.status, t.createdAt, t.id),
    // For the maintenance sweep: active schedules whose next issue has passed.
    index("invoice_schedules_due_idx").on(t.status, t.nextIssueAt),
  ],
);
