import type { EndpointRow } from "./dispatch-queries";

/**
 * A webhook endpoint as the API shows it: what a webhook_endpoint.* event carries as its
 * object. Never the secret, which is shown once, when made.
 */
export function toWebhookEndpoint(row: EndpointRow) {
  return {
    id: row.id,
    object: "webhook_endpoint" as const,
    url: row.url,
    enabled_events: row.enabledEvents,
    description: row.description,
    metadata: row.metadata,
    status: row.status as "enabled" | "disabled",
    disabled_reason: row.disabledReason,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}
