import { z } from "@hono/zod-openapi";
import { EVENT_TYPES } from "../../domain/event-types";
import { ALL_EVENTS, type WebhookEndpoint, WEBHOOK_ENDPOINT_STATUSES } from "../../domain/webhook-endpoint";
import { MAX_WEBHOOK_URL_LENGTH } from "../../domain/webhook-url";
import { MetadataSchema, listEnvelope, listQuery } from "../../openapi/common-schemas";
import type { Same } from "../../openapi/same-shape";

// The enum documents the choices; the domain checks them (src/domain/webhook-endpoint.ts), so a
// 400 names the type that is unknown rather than listing the index it sat at.
const EventTypeName = z
  .string()
  .max(100)
  .openapi({ enum: [ALL_EVENTS, ...EVENT_TYPES], example: "invoice.paid" });

const EnabledEventsDescription = `Event types the endpoint receives, or ["${ALL_EVENTS}"] for every type (those added later included).`;

export const WebhookEndpointSchema = z
  .object({
    id: z.string().openapi({ example: "whe_5Rk2…" }),
    object: z.literal("webhook_endpoint"),
    url: z.string().openapi({ example: "https://example.com/webhooks" }),
    enabled_events: z.array(z.string().openapi({ enum: [ALL_EVENTS, ...EVENT_TYPES] })).openapi({ description: EnabledEventsDescription }),
    description: z.string().nullable(),
    metadata: MetadataSchema,
    status: z.enum(WEBHOOK_ENDPOINT_STATUSES),
    disabled_reason: z.string().nullable().openapi({
      description: "Why the system stopped deliveries (after days of nothing but failures); null when enabled or disabled through the API.",
    }),
    secret_rotation: z
      .object({ previous_expires_at: z.string() })
      .nullable()
      .openapi({ description: "While set, deliveries are signed with the previous secret as well as the current one, until previous_expires_at." }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("WebhookEndpoint");

export const WebhookEndpointWithSecretSchema = WebhookEndpointSchema.extend({
  secret: z.string().openapi({
    description: "The signing secret (Standard Webhooks, whsec_…). Shown only here and on rotation; store it now.",
    example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  }),
}).openapi("WebhookEndpointWithSecret");

const endpointFields = {
  url: z
    .string()
    .max(MAX_WEBHOOK_URL_LENGTH)
    .openapi({ format: "uri", example: "https://example.com/webhooks", description: "A public https URL: not a loopback, private or link-local address." }),
  enabled_events: z.array(EventTypeName).min(1).max(EVENT_TYPES.length).openapi({ description: EnabledEventsDescription }),
  description: z.string().max(500).nullable(),
  metadata: MetadataSchema,
};

export const CreateWebhookEndpointSchema = z.strictObject(endpointFields).partial({ description: true, metadata: true }).openapi("CreateWebhookEndpoint");

export const UpdateWebhookEndpointSchema = z
  .strictObject({
    ...endpointFields,
    status: z.enum(WEBHOOK_ENDPOINT_STATUSES).openapi({ description: "enabled resumes deliveries and clears disabled_reason; disabled stops them." }),
  })
  .partial()
  .openapi("UpdateWebhookEndpoint");

export const ListWebhookEndpointsQuery = z.object(listQuery);

export const WebhookEndpointListSchema = listEnvelope(WebhookEndpointSchema, "WebhookEndpointList");

// The type the queries return and the schema the API documents must describe the same object.
const endpointShape: Same<z.infer<typeof WebhookEndpointSchema>, WebhookEndpoint> = true;
void endpointShape;
