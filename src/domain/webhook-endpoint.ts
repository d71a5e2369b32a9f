import { DomainError } from "./errors";
import { EVENT_TYPES, isEventType } from "./event-types";

/*
 * A webhook endpoint as the API shows it, and the rules on what a merchant may configure.
 * The signing secret is not part of the object: it is shown only in the answer that made it
 * (creation, rotation).
 */

export const WEBHOOK_ENDPOINT_STATUSES = ["enabled", "disabled"] as const;
export type WebhookEndpointStatus = (typeof WEBHOOK_ENDPOINT_STATUSES)[number];

/** "*" subscribes to every event type, those added later included. */
export const ALL_EVENTS = "*";

// Each event becomes one delivery per subscribed endpoint, written in the dispatch's D1 batch and
// queued as a message each: the cap keeps that fan-out bounded. Stripe's limit is also 16.
export const MAX_WEBHOOK_ENDPOINTS = 16;

// Long enough for a receiver's deploy to switch secrets, short enough that a leaked secret
// stops being accepted within a day of its rotation.
export const PREVIOUS_SECRET_TTL_MS = 24 * 60 * 60 * 1000;

export type WebhookEndpoint = {
  id: string;
  object: "webhook_endpoint";
  url: string;
  enabled_events: string[];
  description: string | null;
  metadata: Record<string, string>;
  status: WebhookEndpointStatus;
  /** Why deliveries stopped when the system disabled the endpoint; null when a merchant did. */
  disabled_reason: string | null;
  /** Set while deliveries are signed with the previous secret too. */
  secret_rotation: { previous_expires_at: string } | null;
  created_at: string;
  updated_at: string;
};

/**
 * The event types an endpoint subscribes to, duplicates dropped: known types, or `["*"]`
 * alone (a "*" beside named types would make the names meaningless, so it is refused).
 */
export function enabledEventsFrom(requested: readonly string[]): string[] {
  if (requested.length === 0) throw new DomainError("enabled_events", `List at least one event type, or ["${ALL_EVENTS}"] for all of them.`);
  if (requested.includes(ALL_EVENTS)) {
    if (requested.some((t) => t !== ALL_EVENTS))
      throw new DomainError("enabled_events", `"${ALL_EVENTS}" subscribes to every event and stands alone: send ["${ALL_EVENTS}"] or a list of event types.`);
    return [ALL_EVENTS];
  }
  const unknown = requested.find((t) => !isEventType(t));
  if (unknown !== undefined)
    throw new DomainError("enabled_events", `'${unknown.slice(0, 100)}' is not an event type. Known types: ${EVENT_TYPES.join(", ")}, or "${ALL_EVENTS}".`);
  return [...new Set(requested)];
}

/** The rotation in progress at `now`: the previous secret still signs until it expires. */
export function secretRotation(previousSecretExpiresAt: string | null, now: string): WebhookEndpoint["secret_rotation"] {
  return previousSecretExpiresAt && previousSecretExpiresAt > now ? { previous_expires_at: previousSecretExpiresAt } : null;
}
