import { toEvent } from "../../db/event-queries";
import { type ClaimedDelivery, claimWebhookDelivery, deliveryTarget, recordAttempt, releaseDelivery } from "../../db/webhook-delivery-queries";
import { DomainError } from "../../domain/errors";
import { parseRetrySchedule } from "../../domain/retry-schedule";
import { afterFailedAttempt, isFailingTooLong, signingSecrets } from "../../domain/webhook-delivery";
import { assertWebhookUrl } from "../../domain/webhook-url";
import { sendTasks } from "../../queue/messages";
import type { Services } from "../services";
import { type AttemptResult, type SendOptions, sendWebhookRequest, WEBHOOK_TIMEOUT_MS } from "../webhooks/send-webhook-request";
import { disableIfFailingTooLong } from "./disable-failing-endpoint";

// Twice the request's timeout: outlasts it and the writes around it, so a live consumer never
// loses its claim; a dead one's claim frees the delivery for the sweep this long after.
const LEASE_PER_TIMEOUT = 2;
// A delayed message may be handed over a moment before its time.
const EARLY_SLACK_MS = 1000;

export type DeliverOptions = SendOptions;

/**
 * Makes the next attempt of one delivery (a `deliver` task): claims it, POSTs the signed event,
 * and records the attempt and its outcome together. A failure with retries left is queued again
 * with the schedule's delay; an endpoint failing for five days is disabled. A duplicate or early
 * message finds the delivery held or not yet due and does nothing: the message in flight, or
 * the sweep, attempts it.
 */
export async function deliverWebhook(services: Services, accountId: string, deliveryId: string, options: DeliverOptions = {}): Promise<void> {
  // Read before the claim: a misconfigured schedule throws without holding the delivery.
  const schedule = parseRetrySchedule(services.webhookRetrySchedule);
  const leaseMs = (options.timeoutMs ?? WEBHOOK_TIMEOUT_MS) * LEASE_PER_TIMEOUT;
  const claimed = await claimWebhookDelivery(services.db, accountId, deliveryId, services.now(), leaseMs, EARLY_SLACK_MS);
  if (!claimed) return;
  try {
    await attempt(services, claimed, schedule, options);
  } catch (err) {
    // Our own failure, not the receiver's: let the queue's retry of this message claim it again,
    // so a delivery that always crashes reaches the dead-letter queue instead of the sweep's loop.
    await releaseDelivery(services.db, claimed).catch(() => {});
    throw err;
  }
}

async function attempt(services: Services, d: ClaimedDelivery, schedule: number[], options: DeliverOptions): Promise<void> {
  const { db } = services;
  const startedAt = services.now();
  const { event, endpoint } = await deliveryTarget(db, d);
  if (!event || !endpoint || endpoint.status !== "enabled") {
    const error = !event
      ? "Not sent: the event no longer exists."
      : !endpoint
        ? "Not sent: the webhook endpoint was deleted."
        : "Not sent: the webhook endpoint is disabled.";
    const record = { attemptedAt: startedAt.toISOString(), statusCode: null, durationMs: 0, responseBody: null, error, nextAttemptAt: null };
    await recordAttempt(db, d, record, { status: "failed", attempts: d.attempts, nextAttemptAt: null }, null);
    return;
  }

  const url = allowedUrl(endpoint.url, services.allowInsecureWebhookUrls);
  const result: AttemptResult =
    typeof url === "string"
      ? await sendWebhookRequest(
          {
            url,
            body: JSON.stringify(toEvent(event)),
            messageId: event.id,
            timestampSeconds: Math.floor(startedAt.getTime() / 1000),
            secrets: signingSecrets(endpoint, startedAt),
          },
          options,
        )
      : { statusCode: null, durationMs: 0, responseBody: null, error: url.refused };

  const attempts = d.attempts + 1;
  const endedAt = services.now();
  const record = { attemptedAt: startedAt.toISOString(), ...result, nextAttemptAt: null };
  if (result.error === null) {
    await recordAttempt(db, d, record, { status: "succeeded", attempts, nextAttemptAt: null }, "succeeded");
    return;
  }
  const next = afterFailedAttempt(schedule, attempts, endedAt);
  const nextAttemptAt = next.status === "pending" ? next.nextAttemptAt : null;
  if (!(await recordAttempt(db, d, { ...record, nextAttemptAt }, { status: next.status, attempts, nextAttemptAt }, "failed"))) return;
  // A new message rather than message.retry(): the queue's retries are for our own crashes.
  if (next.status === "pending" && services.tasks)
    await sendTasks(services.tasks, [{ body: { kind: "deliver", account_id: d.accountId, delivery_id: d.id }, delaySeconds: next.delaySeconds }]);
  // Only a run of failures that began before this attempt can be five days old.
  if (isFailingTooLong(endpoint.failingSince, endedAt)) await disableIfFailingTooLong(services, d.accountId, endpoint.id);
}

/** The URL to POST to, or why not: one allowed when the endpoint was made may not be any more. */
function allowedUrl(raw: string, allowInsecure: boolean): string | { refused: string } {
  try {
    return assertWebhookUrl(raw, { allowInsecure });
  } catch (err) {
    if (err instanceof DomainError) return { refused: `Not sent: ${err.message}` };
    throw err;
  }
}
