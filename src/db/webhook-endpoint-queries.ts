import { and, count, eq, gt, sql } from "drizzle-orm";
import { TransientConflictError } from "../domain/errors";
import { MAX_WEBHOOK_ENDPOINTS, PREVIOUS_SECRET_TTL_MS, secretRotation, type WebhookEndpoint, type WebhookEndpointStatus } from "../domain/webhook-endpoint";
import type { Db } from "./client";
import { mergeMetadata } from "./customer-queries";
import { keyset, type PageRequest } from "./pagination";
import { webhookEndpoints } from "./schema";

type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** The endpoint as the API shows it: never its secrets; the rotation only while it lasts. */
export function toWebhookEndpoint(row: EndpointRow, now = new Date().toISOString()): WebhookEndpoint {
  return {
    id: row.id,
    object: "webhook_endpoint",
    url: row.url,
    enabled_events: row.enabledEvents,
    description: row.description,
    metadata: row.metadata ?? {},
    status: row.status as WebhookEndpointStatus,
    disabled_reason: row.disabledReason,
    secret_rotation: row.previousSecret ? secretRotation(row.previousSecretExpiresAt, now) : null,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

/** The endpoint and its signing secret: the answers that show the secret (creation, rotation). */
export type EndpointWithSecret = WebhookEndpoint & { secret: string };

const withSecret = (row: EndpointRow, now?: string): EndpointWithSecret => ({ ...toWebhookEndpoint(row, now), secret: row.secret });

export type NewEndpoint = { url: string; enabled_events: string[]; description?: string | null; metadata?: Record<string, string> };

const own = (accountId: string, id: string) => and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.accountId, accountId));

/**
 * Inserts the endpoint unless the account already has MAX_WEBHOOK_ENDPOINTS: the insert and a
 * delete that takes it back when it made one too many share a batch (one transaction), so
 * concurrent creations cannot pass the cap together. Null when the cap refused it.
 */
export async function insertWebhookEndpoint(db: Db, accountId: string, id: string, input: NewEndpoint, secret: string): Promise<EndpointWithSecret | null> {
  const now = new Date().toISOString();
  const row: EndpointRow = {
    id,
    accountId,
    url: input.url,
    description: input.description ?? null,
    enabledEvents: input.enabled_events,
    status: "enabled",
    secret,
    previousSecret: null,
    previousSecretExpiresAt: null,
    metadata: input.metadata ?? {},
    failingSince: null,
    disabledReason: null,
    createdAt: now,
    updatedAt: now,
  };
  const accountCount = db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.accountId, accountId));
  const [, takenBack] = await db.batch([
    db.insert(webhookEndpoints).values(row),
    db
      .delete(webhookEndpoints)
      .where(and(own(accountId, id), gt(sql`(${accountCount})`, MAX_WEBHOOK_ENDPOINTS)))
      .returning({ id: webhookEndpoints.id }),
  ]);
  return takenBack.length === 0 ? withSecret(row, now) : null;
}

/** The endpoint's row, secrets included: for the code that signs and disables, never for an answer. */
export async function findEndpointRow(db: Db, accountId: string, id: string): Promise<EndpointRow | undefined> {
  return db.query.webhookEndpoints.findFirst({ where: own(accountId, id) });
}

export async function findWebhookEndpoint(db: Db, accountId: string, id: string): Promise<WebhookEndpoint | null> {
  const row = await findEndpointRow(db, accountId, id);
  return row ? toWebhookEndpoint(row) : null;
}

/** The endpoint with its current secret: for a creation retried after its answer was lost. */
export async function findWebhookEndpointWithSecret(db: Db, accountId: string, id: string): Promise<EndpointWithSecret | null> {
  const row = await findEndpointRow(db, accountId, id);
  return row ? withSecret(row) : null;
}

/** Newest first; null when the cursor is not one of the account's endpoints. */
export async function listWebhookEndpoints(db: Db, accountId: string, page: PageRequest) {
  const cursorId = page.starting_after ?? page.ending_before;
  const cursorRow = cursorId ? await findEndpointRow(db, accountId, cursorId) : undefined;
  if (cursorId && !cursorRow) return null;
  const k = keyset(webhookEndpoints.createdAt, webhookEndpoints.id, "desc", page, cursorRow ? { value: cursorRow.createdAt, id: cursorRow.id } : null);
  const rows = await db.query.webhookEndpoints.findMany({
    where: and(eq(webhookEndpoints.accountId, accountId), k.condition),
    orderBy: k.orderBy,
    limit: k.take,
  });
  const { data, has_more } = k.finish(rows);
  const now = new Date().toISOString();
  return { data: data.map((row) => toWebhookEndpoint(row, now)), has_more };
}

export type EndpointChanges = Partial<NewEndpoint> & { status?: WebhookEndpointStatus };

/** The columns a change writes, given the row it applies to. */
function columnsFor(existing: EndpointRow, changes: EndpointChanges) {
  const reenabled = changes.status === "enabled" && existing.status === "disabled";
  // A new URL is a new receiver: the failures of the old one say nothing about it.
  const newReceiver = changes.url !== undefined && changes.url !== existing.url;
  return {
    url: changes.url,
    enabledEvents: changes.enabled_events,
    description: changes.description,
    metadata: changes.metadata ? mergeMetadata(existing.metadata ?? {}, changes.metadata) : undefined,
    status: changes.status,
    ...(reenabled ? { disabledReason: null } : {}),
    ...(reenabled || newReceiver ? { failingSince: null } : {}),
  };
}

/**
 * Applies the changes (metadata merges; a key set to "" is removed). The write applies only
 * to the row as read (its updated_at and status), so a concurrent change, or the delivery
 * code disabling the endpoint meanwhile, makes it read again instead of being overwritten.
 */
export async function updateWebhookEndpoint(db: Db, accountId: string, id: string, changes: EndpointChanges): Promise<WebhookEndpoint | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await findEndpointRow(db, accountId, id);
    if (!existing) return null;
    // Strictly later than the row's own stamp, so a write read from this row cannot pass the guard again.
    const now = new Date(Math.max(Date.now(), Date.parse(existing.updatedAt) + 1)).toISOString();
    const [row] = await db
      .update(webhookEndpoints)
      .set({ ...columnsFor(existing, changes), updatedAt: now })
      .where(and(own(accountId, id), eq(webhookEndpoints.updatedAt, existing.updatedAt), eq(webhookEndpoints.status, existing.status)))
      .returning();
    if (row) return toWebhookEndpoint(row, now);
  }
  throw new TransientConflictError("webhook_endpoint_busy", "The webhook endpoint is being changed by another request; retry.");
}

/**
 * A new secret; the current one becomes the previous secret for PREVIOUS_SECRET_TTL_MS. One
 * statement, so two rotations at once leave a consistent pair. A rotation inside the window
 * replaces the previous secret with the current one: at most two secrets sign at a time.
 */
export async function rotateWebhookEndpointSecret(db: Db, accountId: string, id: string, secret: string): Promise<EndpointWithSecret | null> {
  const now = new Date();
  const nowIso = now.toISOString();
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      previousSecret: sql`${webhookEndpoints.secret}`,
      previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_TTL_MS).toISOString(),
      secret,
      updatedAt: nowIso,
    })
    .where(own(accountId, id))
    .returning();
  return row ? withSecret(row, nowIso) : null;
}

/**
 * Deletes the endpoint; its deliveries and attempts stay as history. Pending deliveries are
 * left to the delivery code, which skips one whose endpoint is gone.
 */
export async function deleteWebhookEndpoint(db: Db, accountId: string, id: string): Promise<boolean> {
  const deleted = await db.delete(webhookEndpoints).where(own(accountId, id)).returning({ id: webhookEndpoints.id });
  return deleted.length === 1;
}
