import { z } from "@hono/zod-openapi";
import { listEnvelope, listQuery } from "../../openapi/common-schemas";

export const WebhookAttemptSchema = z
  .object({
    attempted_at: z.string(),
    status_code: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "The receiver's HTTP status; null when no answer came (timeout, connection error) or no request was made." }),
    duration_ms: z.number().int(),
    response_body: z.string().nullable().openapi({ description: "The first 1 KiB of the receiver's answer." }),
    error: z.string().nullable().openapi({ description: "Why the attempt failed; null when it succeeded." }),
    next_attempt_at: z.string().nullable().openapi({ description: "When the next attempt was scheduled after this one; null after the last." }),
  })
  .openapi("WebhookAttempt");

const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

export const WebhookDeliverySchema = z
  .object({
    id: z.string().openapi({ example: "whd_4qQpXb0fV8n2a1Zc9Lk3mT" }),
    object: z.literal("webhook_delivery"),
    endpoint_id: z.string(),
    event_id: z.string(),
    event_type: z.string().nullable(),
    status: z.enum(DELIVERY_STATUSES).openapi({ description: "pending until an attempt succeeds (succeeded) or the retry schedule is spent (failed)." }),
    attempts: z.array(WebhookAttemptSchema).openapi({ description: "Every attempt, oldest first." }),
    next_attempt_at: z.string().nullable(),
    created_at: z.string(),
    completed_at: z.string().nullable(),
  })
  .openapi("WebhookDelivery");

export const WebhookDeliveryListSchema = listEnvelope(WebhookDeliverySchema, "WebhookDeliveryList");

export const ListDeliveriesQuery = z.object({
  ...listQuery,
  status: z.enum(DELIVERY_STATUSES).optional(),
  event_id: z.string().max(64).optional().openapi({ description: "Only the deliveries of this event." }),
});

export const RedeliverSchema = z
  .strictObject({
    endpoint_id: z
      .string()
      .max(64)
      .optional()
      .openapi({ description: "An enabled endpoint of the account; without it, every enabled endpoint subscribed to the event's type." }),
  })
  .openapi("Redeliver");

export const RedeliveriesSchema = z.object({ object: z.literal("list"), data: z.array(WebhookDeliverySchema) }).openapi("WebhookRedeliveries");
