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
    taxStatus: text("tax_status").notNull().default("taxed"),
    locale: text("locale"),
    timezone: text("timezone"),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, string>>().notNull(),
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
    billingAddress: text("billing_address", { mode: "json" }),
    shippingAddress: text("shipping_address", { mode: "json" }),
    // Customer tax status as it was when the invoice was priced; finalized invoices never re-read it.
    customerTaxStatus: text("customer_tax_status").notNull().default("taxed"),
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

export const invoiceEvents = sqliteTable(
  "invoice_events",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    invoiceId: text("invoice_id").notNull(),
    type: text("type").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    // Who made the change: an API key id, or "system:<what>" (alarm, webhook, pay page).
    actor: text("actor").notNull(),
    requestId: text("request_id"),
    // The Idempotency-Key of the request that made the change: a retry whose answer was lost
    // recognises its own committed change instead of being refused as a conflict.
    idempotencyKey: text("idempotency_key"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("invoice_events_invoice_idx").on(t.accountId, t.invoiceId, t.createdAt, t.id),
    index("invoice_events_idempotency_idx").on(t.accountId, t.invoiceId, t.idempotencyKey),
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
