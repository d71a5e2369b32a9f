import { and, eq, exists, getTableColumns, notExists, sql } from "drizzle-orm";
import { DomainError, TransientConflictError } from "../domain/errors";
import type { Address, Customer, EInvoicingMode, ElectronicAddress, TaxStatus } from "../domain/types";
import { newId } from "../ids";
import type { Db } from "./client";
import { eventInsert, type NewEvent } from "./event-writes";
import { keyset, type PageRequest } from "./pagination";
import { customers, invoiceSchedules, invoices } from "./schema";

type CustomerRow = typeof customers.$inferSelect;

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    object: "customer",
    name: row.name,
    legal_name: row.legalName,
    email: row.email,
    phone: row.phone,
    billing_address: (row.billingAddress as Address | null) ?? null,
    shipping_address: (row.shippingAddress as Address | null) ?? null,
    tax_id: row.taxId,
    company_id: row.companyId,
    electronic_address: row.electronicAddress ?? null,
    tax_status: row.taxStatus as TaxStatus,
    e_invoicing: row.eInvoicing as EInvoicingMode,
    locale: row.locale,
    timezone: row.timezone,
    metadata: row.metadata ?? {},
    credit_balances: row.creditBalances ?? {},
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export type CustomerInput = {
  name: string;
  legal_name?: string | null;
  email?: string | null;
  phone?: string | null;
  billing_address?: Address | null;
  shipping_address?: Address | null;
  tax_id?: string | null;
  company_id?: string | null;
  electronic_address?: ElectronicAddress | null;
  tax_status?: TaxStatus;
  e_invoicing?: EInvoicingMode;
  locale?: string | null;
  timezone?: string | null;
  metadata?: Record<string, string>;
};

function toColumns(input: Partial<CustomerInput>) {
  return {
    name: input.name,
    legalName: input.legal_name,
    email: input.email,
    phone: input.phone,
    billingAddress: input.billing_address,
    shippingAddress: input.shipping_address,
    taxId: input.tax_id,
    companyId: input.company_id,
    electronicAddress: input.electronic_address,
    taxStatus: input.tax_status,
    eInvoicing: input.e_invoicing,
    locale: input.locale,
    timezone: input.timezone,
    metadata: input.metadata,
  };
}

/** Who makes a change, as its event records it. */
export type Changer = Pick<NewEvent, "actor" | "requestId" | "idempotencyKey">;

const subject = (id: string) => ({ type: "customer", id }) as const;

/** A new customer and its customer.created event, in one batch. */
export async function createCustomer(db: Db, accountId: string, input: CustomerInput, who: Changer, id = newId("cust")): Promise<Customer> {
  const now = new Date().toISOString();
  const values = { ...toColumns(input), name: input.name, metadata: input.metadata ?? {}, id, accountId, createdAt: now, updatedAt: now };
  const customer = toCustomer(withCustomerDefaults(values));
  await db.batch([db.insert(customers).values(values), eventInsert(db, accountId, subject(id), { type: "customer.created", object: customer, ...who }, now)]);
  return customer;
}

/** The row an insert writes: the values given, each column left out at its default. */
function withCustomerDefaults(values: typeof customers.$inferInsert): CustomerRow {
  const full: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(customers))) full[key] = (values as Record<string, unknown>)[key] ?? column.default ?? null;
  return full as CustomerRow;
}

export async function findCustomer(db: Db, accountId: string, id: string): Promise<Customer | null> {
  const row = await db.query.customers.findFirst({ where: and(eq(customers.id, id), eq(customers.accountId, accountId)) });
  return row ? toCustomer(row) : null;
}

/**
 * Up to `limit` customers of the account with this email, ignoring case and surrounding
 * spaces (addresses are stored as given). Oldest first, so a caller that finds several can say so.
 */
export async function findCustomerIdsByEmail(db: Db, accountId: string, email: string, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.accountId, accountId), sql`lower(trim(${customers.email})) = lower(${email.trim()})`))
    .orderBy(customers.createdAt, customers.id)
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function listCustomers(db: Db, accountId: string, page: PageRequest & { email?: string }) {
  const cursorId = page.starting_after ?? page.ending_before;
  const cursorRow = cursorId ? await db.query.customers.findFirst({ where: and(eq(customers.id, cursorId), eq(customers.accountId, accountId)) }) : undefined;
  if (cursorId && !cursorRow) return null;
  const k = keyset(customers.createdAt, customers.id, "desc", page, cursorRow ? { value: cursorRow.createdAt, id: cursorRow.id } : null);
  const rows = await db.query.customers.findMany({
    where: and(eq(customers.accountId, accountId), page.email ? eq(customers.email, page.email) : undefined, k.condition),
    orderBy: k.orderBy,
    limit: k.take,
  });
  const { data, has_more } = k.finish(rows);
  return { data: data.map(toCustomer), has_more };
}

/**
 * Merges `metadata` like Stripe: a key set to "" removes it. The write applies only to the row
 * as read (its updated_at), so the customer.updated event written with it shows exactly the
 * customer it leaves; a concurrent update makes it read again. The event tests the fresh
 * mutation id the write stamps, not the updated_at it writes: a concurrent writer that read the
 * same row computes the same updated_at, and its write would pass for this one.
 */
export async function updateCustomer(db: Db, accountId: string, id: string, input: Partial<CustomerInput>, who: Changer): Promise<Customer | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await db.query.customers.findFirst({ where: and(eq(customers.id, id), eq(customers.accountId, accountId)) });
    if (!existing) return null;
    const metadata = input.metadata ? mergeMetadata(existing.metadata ?? {}, input.metadata) : undefined;
    // Strictly later than the row's own stamp, so a writer that read the row before this write finds it changed.
    const now = new Date(Math.max(Date.now(), Date.parse(existing.updatedAt) + 1)).toISOString();
    const mutationId = newId("mut");
    const set = { ...toColumns(input), ...(metadata ? { metadata } : {}), mutationId, updatedAt: now };
    const written = Object.fromEntries(Object.entries({ ...existing, ...set }).filter(([, v]) => v !== undefined)) as CustomerRow;
    const customer = toCustomer({ ...existing, ...written });
    const thisWrite = exists(
      db
        .select({ one: sql`1` })
        .from(customers)
        .where(and(eq(customers.id, id), eq(customers.accountId, accountId), eq(customers.mutationId, mutationId))),
    );
    const [rows] = await db.batch([
      db
        .update(customers)
        .set(set)
        .where(and(eq(customers.id, id), eq(customers.accountId, accountId), eq(customers.updatedAt, existing.updatedAt)))
        .returning({ id: customers.id }),
      eventInsert(db, accountId, subject(id), { type: "customer.updated", object: customer, detail: { fields: Object.keys(input) }, ...who }, now, thisWrite),
    ]);
    if (rows.length === 1) return customer;
  }
  throw new TransientConflictError("customer_busy", "The customer is being changed by another request; retry.");
}

export function mergeMetadata(current: Record<string, string>, patch: Record<string, string>): Record<string, string> {
  const merged = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === "") delete merged[k];
    else merged[k] = v;
  }
  if (Object.keys(merged).length > 50) throw new DomainError("metadata", "At most 50 metadata keys.");
  return merged;
}

export type DeleteCustomerResult = "deleted" | "not_found" | "has_invoices" | "has_schedules";

/**
 * Deletes unless invoices point at the customer; the guard sits in the statement itself. The
 * delete applies only to the row as read (its updated_at), so the customer.deleted event shows
 * the customer as it went; a concurrent update makes it read again.
 */
export async function deleteCustomer(db: Db, accountId: string, id: string, who: Changer): Promise<DeleteCustomerResult> {
  const find = () => db.query.customers.findFirst({ where: and(eq(customers.id, id), eq(customers.accountId, accountId)) });
  const invoiced = db
    .select({ one: sql`1` })
    .from(invoices)
    .where(and(eq(invoices.accountId, accountId), eq(invoices.customerId, id)));
  // Even canceled ones: a schedule names its customer for good, and its record stays.
  const scheduled = db
    .select({ one: sql`1` })
    .from(invoiceSchedules)
    .where(and(eq(invoiceSchedules.accountId, accountId), eq(invoiceSchedules.customerId, id)));
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await find();
    if (!existing) return "not_found";
    const deletable = and(
      eq(customers.id, id),
      eq(customers.accountId, accountId),
      eq(customers.updatedAt, existing.updatedAt),
      notExists(invoiced),
      notExists(scheduled),
    );
    // The event goes first, under the same condition as the delete: it lands exactly when the customer goes.
    const willDelete = exists(db.select({ one: sql`1` }).from(customers).where(deletable));
    const now = new Date().toISOString();
    const [, deleted] = await db.batch([
      eventInsert(db, accountId, subject(id), { type: "customer.deleted", object: toCustomer(existing), ...who }, now, willDelete),
      db.delete(customers).where(deletable).returning({ id: customers.id }),
    ]);
    if (deleted.length === 1) return "deleted";
    const current = await find();
    if (!current) return "not_found";
    if (current.updatedAt === existing.updatedAt) {
      const [hasInvoice] = await invoiced.limit(1);
      return hasInvoice ? "has_invoices" : "has_schedules";
    }
  }
  throw new TransientConflictError("customer_busy", "The customer is being changed by another request; retry.");
}
