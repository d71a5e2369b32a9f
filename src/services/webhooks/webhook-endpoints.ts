import { sha256Hex } from "../../auth/api-key-token";
import { isUniqueViolation } from "../../db/constraint-errors";
import {
  type EndpointChanges,
  type EndpointWithSecret,
  findWebhookEndpointWithSecret,
  insertWebhookEndpoint,
  type NewEndpoint,
  rotateWebhookEndpointSecret,
  updateWebhookEndpoint,
} from "../../db/webhook-endpoint-queries";
import { madeWithinKeyTtl } from "../../domain/idempotency";
import { enabledEventsFrom, type WebhookEndpoint } from "../../domain/webhook-endpoint";
import { assertWebhookUrl } from "../../domain/webhook-url";
import { newId } from "../../ids";
import type { InvoiceContext } from "../invoices/context";
import { newWebhookSecret } from "./standard-webhooks";

/*
 * What a merchant configures about an endpoint, checked by the domain's rules (a URL we may
 * send to, known event types) before anything is stored.
 */

type EndpointInput = { url: string; enabled_events: string[]; description?: string | null; metadata?: Record<string, string> };

function checked<T extends Partial<EndpointInput>>(ctx: InvoiceContext, input: T): T {
  return {
    ...input,
    ...(input.url !== undefined ? { url: assertWebhookUrl(input.url, { allowInsecure: ctx.allowInsecureWebhookUrls }) } : {}),
    ...(input.enabled_events !== undefined ? { enabled_events: enabledEventsFrom(input.enabled_events) } : {}),
  };
}

/**
 * Creates an endpoint with a new secret, at most once per Idempotency-Key: the id is derived
 * from the key (and the API key that sent it), so a retry whose first answer was lost finds
 * the endpoint it made, and answers with its secret, which that first answer never delivered.
 * Only within the key's TTL: after it the key is a new request, which must neither get that
 * endpoint's (since maybe rotated) secret nor have its own body ignored, so it gets a new endpoint.
 * "limit_reached" when the account has as many endpoints as it may.
 */
export async function createEndpoint(ctx: InvoiceContext, input: EndpointInput): Promise<EndpointWithSecret | "limit_reached"> {
  const endpoint: NewEndpoint = checked(ctx, input);
  const create = async (id?: string) =>
    (await insertWebhookEndpoint(ctx.db, ctx.accountId, id ?? newId("whe"), endpoint, newWebhookSecret())) ?? "limit_reached";
  if (!ctx.idempotencyKey) return create();
  const id = `whe_${(await sha256Hex(`${ctx.accountId}\n${ctx.actor}\nwebhook_endpoint:${ctx.idempotencyKey}`)).slice(0, 24)}`;
  const existing = await findWebhookEndpointWithSecret(ctx.db, ctx.accountId, id);
  if (existing) return madeWithinKeyTtl(existing.created_at, ctx.now()) ? existing : create();
  try {
    return await create(id);
  } catch (err) {
    // Two runs of one key raced past the lookup (the first lock ran out): the primary key let one in.
    const winner = isUniqueViolation(err) ? await findWebhookEndpointWithSecret(ctx.db, ctx.accountId, id) : null;
    if (winner) return winner;
    throw err;
  }
}

export function updateEndpoint(ctx: InvoiceContext, id: string, changes: EndpointChanges): Promise<WebhookEndpoint | null> {
  return updateWebhookEndpoint(ctx.db, ctx.accountId, id, checked(ctx, changes));
}

export function rotateEndpointSecret(ctx: InvoiceContext, id: string): Promise<EndpointWithSecret | null> {
  return rotateWebhookEndpointSecret(ctx.db, ctx.accountId, id, newWebhookSecret());
}
