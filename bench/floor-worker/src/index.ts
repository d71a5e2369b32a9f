/*
 * The floor for `npm run bench`: a bare Worker (no router, no validation, no ORM, no MIME
 * library) answering the four benchmarked endpoints with the same D1 statements, in the same
 * order and grouping, as the API's handlers. Whatever the API costs beyond this is the price
 * of its framework and its checks. Bench-only; never deployed.
 *
 * Each state change writes its event in its own batch, as the API does: a row of `events`
 * whose data carries the invoice as answered (src/db/event-writes.ts). Two path prefixes vary
 * only that statement, for the bench's "state change with its event" table:
 *   /before/v1/…    the row the change wrote before outbound webhooks (invoice_events, no
 *                   snapshot; a bench-only table, see bench/lib/workload.ts seedFloor)
 *   /no-event/v1/…  no event statement at all
 */
import { EmailMessage } from "cloudflare:email";
import { assetFontProvider, renderInvoicePdf } from "../../../src/services/pdf";
import type { Invoice } from "../../../src/domain/types";
import { accountJson, invoiceJson } from "./rows";

type Env = { DB: D1Database; DOCUMENTS: R2Bucket; ASSETS: Fetcher; EMAIL: SendEmail; API_RATE_LIMITER: RateLimit };
type Row = Record<string, unknown>;
/** Which event a state change writes: "now" the API's, "before" the pre-webhooks row, "none" nothing. */
type EventMode = "now" | "before" | "none";

const FROM = "invoices@edge-invoicing.dev";
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const fail = (status: number, message: string) => json({ error: { message } }, status);

async function sha256Hex(text: string) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
const token = (bytes: number) => [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
const newId = (prefix: string) => `${prefix}_${token(16)}`;

async function authenticate(req: Request, db: D1Database): Promise<{ accountId: string; keyId: string } | null> {
  const m = /^Bearer sk_([0-9A-Za-z]{10,40})_([0-9A-Za-z]{20,80})$/.exec(req.headers.get("Authorization") ?? "");
  if (!m) return null;
  const key = await db.prepare("SELECT * FROM api_keys WHERE id = ? LIMIT 1").bind(`key_${m[1]}`).first<Row>();
  if (!key || key.revoked_at || (await sha256Hex(m[2]!)) !== key.secret_hash) return null;
  return { accountId: String(key.account_id), keyId: String(key.id) };
}

const selectInvoice = (db: D1Database, accountId: string, id: string) =>
  db.prepare("SELECT * FROM invoices WHERE id = ? AND account_id = ? LIMIT 1").bind(id, accountId).first<Row>();

async function hydrate(db: D1Database, accountId: string, rows: Row[], baseUrl: string) {
  if (rows.length === 0) return [];
  const [lines, customers] = await Promise.all([
    db
      .prepare("SELECT * FROM line_items WHERE account_id = ? AND invoice_id IN (SELECT value FROM json_each(?)) ORDER BY position")
      .bind(accountId, JSON.stringify(rows.map((r) => r.id)))
      .all<Row>(),
    db
      .prepare("SELECT * FROM customers WHERE account_id = ? AND id IN (SELECT value FROM json_each(?))")
      .bind(accountId, JSON.stringify([...new Set(rows.map((r) => r.customer_id))]))
      .all<Row>(),
  ]);
  const byInvoice = new Map<unknown, Row[]>();
  for (const l of lines.results) byInvoice.set(l.invoice_id, [...(byInvoice.get(l.invoice_id) ?? []), l]);
  const customerById = new Map(customers.results.map((c) => [c.id, c]));
  return rows.map((r) => invoiceJson(r, byInvoice.get(r.id) ?? [], customerById.get(r.customer_id)!, baseUrl));
}

async function loadInvoice(db: D1Database, accountId: string, id: string, baseUrl: string) {
  const row = await selectInvoice(db, accountId, id);
  return row ? (await hydrate(db, accountId, [row], baseUrl))[0]! : null;
}

async function list(db: D1Database, accountId: string, url: URL) {
  const limit = Number(url.searchParams.get("limit") ?? 10);
  const status = url.searchParams.get("status");
  const rows = await db
    .prepare(`SELECT * FROM invoices WHERE account_id = ?${status ? " AND status = ?" : ""} ORDER BY created_at DESC, id DESC LIMIT ?`)
    .bind(...(status ? [accountId, status] : [accountId]), limit + 1)
    .all<Row>();
  const page = rows.results.slice(0, limit);
  return json({ object: "list", data: await hydrate(db, accountId, page, url.origin), has_more: rows.results.length > limit, url: "/v1/invoices" });
}

type LineIn = { description: string; quantity: number; unit_price: number; tax_rate?: number };

async function create(db: D1Database, accountId: string, body: { customer_id: string; line_items: LineIn[] }, baseUrl: string, mode: EventMode) {
  // One batch for both reads, as the API's loadAccountAndCustomer.
  const [accounts, customers] = await db.batch<Row>([
    db.prepare("SELECT * FROM accounts WHERE id = ? LIMIT 1").bind(accountId),
    db.prepare("SELECT * FROM customers WHERE id = ? AND account_id = ? LIMIT 1").bind(body.customer_id, accountId),
  ]);
  const account = accounts!.results[0];
  const customer = customers!.results[0];
  if (!account || !customer) return fail(400, "No such customer.");
  const lines = body.line_items.map((l, position) => {
    const amount = Math.round(l.quantity * l.unit_price);
    const tax_rate = l.tax_rate ?? 0;
    return {
      id: newId("li"),
      position,
      description: l.description,
      quantity: String(l.quantity),
      unit_price: l.unit_price,
      amount,
      tax_rate: String(tax_rate),
      tax_amount: Math.round(amount * tax_rate),
    };
  });
  const subtotal = lines.reduce((s, l) => s + l.amount, 0);
  const tax = lines.reduce((s, l) => s + l.tax_amount, 0);
  const now = new Date();
  const iso = now.toISOString();
  const issue = iso.slice(0, 10);
  const due = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
  const id = newId("inv");
  const row: Record<string, string | number | null> = {
    id,
    account_id: accountId,
    customer_id: String(customer.id),
    number: null,
    status: "draft",
    currency: String(account.default_currency),
    issue_date: issue,
    due_date: due,
    payment_terms: String(account.default_payment_terms),
    subtotal,
    discount_type: null,
    discount_value: null,
    discount_amount: 0,
    tax_amount: tax,
    total_amount: subtotal + tax,
    amount_paid: 0,
    billing_address: (customer.billing_address as string) ?? "null",
    shipping_address: (customer.shipping_address as string) ?? "null",
    customer_tax_status: String(customer.tax_status),
    notes: null,
    memo: null,
    purchase_order_number: null,
    reference: null,
    billing_period_start: null,
    billing_period_end: null,
    accounting_date: null,
    payment_link_display: null,
    reminders_enabled: 1,
    metadata: "{}",
    version: 1,
    created_at: iso,
    updated_at: iso,
  };
  const cols = Object.keys(row);
  // The invoice as written (the API answers it without reading it back): the event's data.object.
  const invoice = invoiceJson({ ...row, sent_count: 0, reminders_sent: 0 }, lines, customer, baseUrl);
  const event = createdEvent(db, mode, accountId, invoice, iso);
  await db.batch([
    db.prepare(`INSERT INTO invoices (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`).bind(...Object.values(row)),
    db
      .prepare(
        `INSERT INTO line_items (id, account_id, invoice_id, position, description, quantity, unit_price, amount, tax_rate, tax_amount, product_id, account_code)
         SELECT value ->> '$.id', ?, ?, value ->> '$.position', value ->> '$.description', value ->> '$.quantity', value ->> '$.unit_price',
                value ->> '$.amount', value ->> '$.tax_rate', value ->> '$.tax_amount', value ->> '$.product_id', value ->> '$.account_code' FROM json_each(?)`,
      )
      .bind(accountId, id, JSON.stringify(lines)),
    ...(event ? [event] : []),
  ]);
  return json(invoice, 201);
}

const EVENT_COLUMNS = "id, account_id, type, object_type, object_id, data, actor, request_id, idempotency_key, created_at, dispatched_at";

/** invoice.created: the API's row (the draft as `data.object`), the old one, or none. */
function createdEvent(db: D1Database, mode: EventMode, accountId: string, invoice: Invoice, at: string) {
  if (mode === "none") return null;
  if (mode === "before")
    return db
      .prepare("INSERT INTO invoice_events (id, account_id, invoice_id, type, data, actor, request_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(newId("evt"), accountId, invoice.id, "invoice.created", JSON.stringify({ total_amount: invoice.total_amount }), "key", null, at);
  return db
    .prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`)
    .bind(newId("evt"), accountId, "invoice.created", "invoice", invoice.id, JSON.stringify({ object: invoice }), "key", null, null, at);
}

function base64Lines(bytes: Uint8Array) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/.{76}/g, "$&\r\n");
}

async function send(env: Env, accountId: string, id: string, baseUrl: string, mode: EventMode) {
  const db = env.DB;
  const first = await selectInvoice(db, accountId, id);
  if (!first) return fail(404, "No such invoice.");
  if (first.status !== "finalized" && first.status !== "sent") return fail(409, "Cannot send.");
  const [invoice, accountRow] = await Promise.all([
    loadInvoice(db, accountId, id, baseUrl),
    db.prepare("SELECT * FROM accounts WHERE id = ? LIMIT 1").bind(accountId).first<Row>(),
  ]);
  const account = accountJson(accountRow!);
  const dedupeKey = `send:${id}:${token(8)}`;
  const deliveryId = `dlv_${(await sha256Hex(`${accountId}\n${dedupeKey}`)).slice(0, 32)}`;
  await db.prepare("SELECT * FROM deliveries WHERE account_id = ? AND dedupe_key = ? LIMIT 1").bind(accountId, dedupeKey).first();

  const key = `accounts/${accountId}/invoices/${id}/${invoice!.invoice_number}.pdf`;
  const stored = await env.DOCUMENTS.get(key);
  let pdf: Uint8Array;
  if (stored) pdf = new Uint8Array(await stored.arrayBuffer());
  else {
    pdf = await renderInvoicePdf({ invoice: invoice!, account, payUrl: invoice!.public_url }, assetFontProvider(env.ASSETS));
    await env.DOCUMENTS.put(key, pdf, { onlyIf: new Headers({ "If-None-Match": "*" }), httpMetadata: { contentType: "application/pdf" } });
  }
  const to = invoice!.customer.email!;
  const subject = `Invoice ${invoice!.invoice_number} from ${account.name}`;
  const boundary = `b_${token(12)}`;
  const raw = [
    `From: ${account.name} <${FROM}>`,
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${deliveryId}@edge-invoicing.dev>`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    `Your invoice ${invoice!.invoice_number} is attached. Pay: ${invoice!.public_url}`,
    "",
    `--${boundary}`,
    `Content-Type: application/pdf; name="invoice_${invoice!.invoice_number}.pdf"`,
    "Content-Transfer-Encoding: base64",
    `Content-Disposition: attachment; filename="invoice_${invoice!.invoice_number}.pdf"`,
    "",
    base64Lines(pdf),
    `--${boundary}--`,
    "",
  ].join("\r\n");

  const now = new Date().toISOString();
  const attachments = [{ filename: `invoice_${invoice!.invoice_number}.pdf`, content_type: "application/pdf", size: pdf.length }];
  const claim = await db
    .prepare(
      `INSERT INTO deliveries (id, account_id, invoice_id, kind, dedupe_key, message_id, status, recipients, subject, message, attachments, attempts, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'sending', ?, ?, ?, ?, 1, ?)
       ON CONFLICT (account_id, dedupe_key) DO UPDATE SET status = 'sending', attempts = attempts + 1, created_at = excluded.created_at
       WHERE deliveries.status = 'failed' OR (deliveries.status = 'sending' AND deliveries.created_at < ?)`,
    )
    .bind(
      deliveryId,
      accountId,
      id,
      "invoice",
      dedupeKey,
      `<${deliveryId}@edge-invoicing.dev>`,
      JSON.stringify({ to: [to], cc: [], bcc: [] }),
      subject,
      null,
      JSON.stringify(attachments),
      now,
      now,
    )
    .run();
  if (claim.meta.changes !== 1) return fail(409, "Delivery in progress.");
  await env.EMAIL.send(new EmailMessage(FROM, to, raw));

  const row = (await selectInvoice(db, accountId, id))!;
  const sentAt = new Date().toISOString();
  const mutationId = newId("mut");
  const guard = "EXISTS (SELECT 1 FROM invoices WHERE id = ? AND mutation_id = ?)";
  const nextReminder = new Date(Date.now() + 7 * 86_400_000).toISOString();
  // The invoice as the guarded write leaves it: the event's data.object, as the API makes it before its batch.
  const written: Invoice = {
    ...invoice!,
    status: "sent",
    sent_at: sentAt,
    last_sent_at: sentAt,
    sent_count: Number(row.sent_count) + 1,
    next_reminder_date: nextReminder,
    updated_at: sentAt,
  };
  const delivery = { id: deliveryId, message_id: `<${deliveryId}@edge-invoicing.dev>`, sent_to: [to], cc: [], subject };
  const event =
    mode === "none"
      ? null
      : mode === "before"
        ? db
            .prepare(
              `INSERT INTO invoice_events (id, account_id, invoice_id, type, data, actor, request_id, created_at) SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE ${guard}`,
            )
            .bind(
              newId("evt"),
              accountId,
              id,
              "invoice.sent",
              JSON.stringify({ delivery_id: deliveryId, sent_to: [to], subject }),
              "key",
              null,
              sentAt,
              id,
              mutationId,
            )
        : db
            .prepare(`INSERT INTO events (${EVENT_COLUMNS}) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL WHERE ${guard}`)
            .bind(
              newId("evt"),
              accountId,
              "invoice.sent",
              "invoice",
              id,
              JSON.stringify({ object: written, delivery }),
              "key",
              null,
              null,
              sentAt,
              id,
              mutationId,
            );
  await db.batch([
    db
      .prepare(
        `UPDATE invoices SET sent_at = ?, last_sent_at = ?, sent_count = ?, status = ?, next_reminder_at = ?, version = version + 1, mutation_id = ?, updated_at = ?
         WHERE id = ? AND account_id = ? AND version = ?`,
      )
      .bind(sentAt, sentAt, Number(row.sent_count) + 1, "sent", nextReminder, mutationId, sentAt, id, accountId, row.version),
    db
      .prepare(`UPDATE deliveries SET status = 'sent', sent_at = ?, error = NULL WHERE id = ? AND account_id = ? AND ${guard}`)
      .bind(sentAt, deliveryId, accountId, id, mutationId),
    ...(event ? [event] : []),
  ]);
  const updated = await loadInvoice(db, accountId, id, baseUrl);
  return json({ ...updated, email_details: { sent_to: [to], cc: [], bcc: [], subject, message: null, attachments } });
}

export default {
  async fetch(req: Request, env: Env): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname === "/health") return json({ status: "ok" });
    const principal = await authenticate(req, env.DB);
    if (!principal) return fail(401, "Invalid API key.");
    const accountId = principal.accountId;
    // /rl/v1/… calls the rate limiter first, as the API's authentication does (beside its key lookup), then the same as /v1/….
    if (url.pathname.startsWith("/rl/")) {
      url.pathname = url.pathname.slice(3);
      if (!(await env.API_RATE_LIMITER.limit({ key: principal.keyId })).success) return fail(429, "Too many requests.");
    }
    // /before/v1/… and /no-event/v1/…: the same change with the pre-webhooks event row, or none (see the top).
    let mode: EventMode = "now";
    const variant = /^\/(before|no-event)\//.exec(url.pathname);
    if (variant) {
      mode = variant[1] === "before" ? "before" : "none";
      url.pathname = url.pathname.slice(variant[0].length - 1);
    }
    if (url.pathname === "/v1/invoices") {
      if (req.method === "GET") return list(env.DB, accountId, url);
      if (req.method === "POST") return create(env.DB, accountId, await req.json(), url.origin, mode);
    }
    const m = /^\/v1\/invoices\/([^/]+)(\/send)?$/.exec(url.pathname);
    if (m && req.method === "GET" && !m[2]) {
      const invoice = await loadInvoice(env.DB, accountId, m[1]!, url.origin);
      return invoice ? json(invoice) : fail(404, "No such invoice.");
    }
    if (m && req.method === "POST" && m[2]) return send(env, accountId, m[1]!, url.origin, mode);
    return fail(404, "No route.");
  },
};
