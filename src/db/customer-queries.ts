import { and, eq, notExists, sql } from "drizzle-orm";
import { DomainError } from "../domain/errors";
import type { Address, Customer, TaxStatus } from "../domain/types";
import { newId } from "../ids";
import type { Db } from "./client";
import { keyset, type PageRequest } from "./pagination";
import { customers, invoices } from "./schema";

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
    tax_status: row.taxStatus as TaxStatus,
    locale: row.locale,
    timezone: row.timezone,
    metadata: row.metadata ?? {},
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
  tax_status?: TaxStatus;
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
    taxStatus: input.tax_status,
    locale: input.locale,
    timezone: input.timezone,
    metadata: input.metadata,
  };
}

export async function createCustomer(db: Db, accountId: string, input: CustomerInput, id = newId("cust")): Promise<Customer> {
  const now = new Date().toISOString();
  const [row] = await db
    .insert(customers)
    .values({ ...toColumns(input), name: input.name, metadata: input.metadata ?? {}, id, accountId, createdAt: now, updatedAt: now })
    .returning();
  return toCustomer(row!);
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

/** Merges `metadata` like Stripe: a key set to "" removes it. */
export async function updateCustomer(db: Db, accountId: string, id: string, input: Partial<CustomerInput>): Promise<Customer | null> {
  const existing = await findCustomer(db, accountId, id);
  if (!existing) return null;
  const metadata = input.metadata ? mergeMetadata(existing.metadata, input.metadata) : undefined;
  const [row] = await db
    .update(customers)
    .set({ ...toColumns(input), metadata, updatedAt: new Date().toISOString() })
    .where(and(eq(customers.id, id), eq(customers.accountId, accountId)))
    .returning();
  return row ? toCustomer(row) : null;
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

export type DeleteCustomerResult = "deleted" | "not_found" | "has_invoices";

/** Deletes unless invoices point at the customer; the guard sits in the statement itself. */
export async function deleteCustomer(db: Db, accountId: string, id: string): Promise<DeleteCustomerResult> {
  const invoiced = db
    .select({ one: sql`1` })
    .from(invoices)
    .where(and(eq(invoices.accountId, accountId), eq(invoices.customerId, id)));
  const deleted = await db
    .delete(customers)
    .where(and(eq(customers.id, id), eq(customers.accountId, accountId), notExists(invoiced)))
    .returning({ id: customers.id });
  if (deleted.length === 1) return "deleted";
  return (await findCustomer(db, accountId, id)) ? "has_invoices" : "not_found";
}
