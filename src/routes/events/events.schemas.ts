import { z } from "@hono/zod-openapi";
import { listEnvelope, listQuery } from "../../openapi/common-schemas";
import { EVENT_TYPES } from "../../domain/event-types";

export const EventSchema = z
  .object({
    id: z.string().openapi({ example: "evt_0mhz3k2a10001a1b2c3d4e5" }),
    object: z.literal("event"),
    type: z.enum(EVENT_TYPES).openapi({ example: "invoice.paid" }),
    created_at: z.string(),
    data: z
      .object({ object: z.record(z.string(), z.unknown()).openapi({ description: "The resource as the API returned it at that moment." }) })
      .catchall(z.unknown())
      .openapi({ description: "`object`, and facts beside it: the `payment` of invoice.payment_succeeded, the `fields` an invoice.updated changed, …" }),
    actor: z.string().openapi({ description: "The API key id that made the change, or system:<what>." }),
    request: z.object({ id: z.string().nullable(), idempotency_key: z.string().nullable() }),
  })
  .openapi("Event");

export const EventListSchema = listEnvelope(EventSchema, "EventList");

/** ISO 8601 timestamps, as the events carry them. */
const Timestamp = z.iso.datetime({ offset: true }).transform((v) => new Date(v).toISOString());

export const ListEventsQuery = z.object({
  ...listQuery,
  type: z
    .string()
    .max(2000)
    .optional()
    .openapi({ description: "One event type, or several separated by commas.", example: "invoice.paid,invoice.payment_succeeded" }),
  created_gte: Timestamp.optional(),
  created_lt: Timestamp.optional(),
  object_id: z.string().max(64).optional().openapi({ description: "Only events about this object (an invoice, a customer)." }),
});
