import { findAccountRow } from "../../db/account-queries";
import { disableFailingEndpoint } from "../../db/endpoint-disable-queries";
import { findEndpointRow } from "../../db/webhook-endpoint-queries";
import { AUTO_DISABLE_AFTER_MS, isFailingTooLong } from "../../domain/webhook-delivery";
import { buildEndpointDisabledMail } from "../mail/endpoint-disabled-mail";
import type { Services } from "../services";

/**
 * After a failed attempt: an endpoint whose every attempt has failed for five days is disabled,
 * with a webhook_endpoint.disabled event and one email to the account. Only the call whose
 * guarded write disabled it sends the email, so concurrent deliveries notify once. Answers
 * whether this call disabled it.
 */
export async function disableIfFailingTooLong(services: Services, accountId: string, endpointId: string): Promise<boolean> {
  const now = services.now();
  // Read again: the row the delivery loaded is a request's duration old.
  const row = await findEndpointRow(services.db, accountId, endpointId);
  if (row?.status !== "enabled" || !isFailingTooLong(row.failingSince, now)) return false;
  const since = row.failingSince!;
  const reason = `Every delivery attempt since ${since} failed; endpoints are disabled after ${AUTO_DISABLE_AFTER_MS / 86_400_000} days of failures.`;
  const cutoff = new Date(now.getTime() - AUTO_DISABLE_AFTER_MS).toISOString();
  const disabled = await disableFailingEndpoint(services.db, row, reason, cutoff, now.toISOString());
  if (!disabled) return false;
  // Its event goes out with the consumer's flush, to the account's other endpoints.
  services.outbox.touched(accountId);
  await notifyAccount(services, accountId, { id: row.id, url: row.url }, since, now);
  return true;
}

/**
 * The email is a courtesy on top of the event: a failure to send it is logged, not retried,
 * since the guarded write that earned it happens once.
 */
async function notifyAccount(services: Services, accountId: string, endpoint: { id: string; url: string }, failingSince: string, now: Date) {
  const log = (message: string, error?: unknown) =>
    console.error(JSON.stringify({ level: "error", message, account_id: accountId, endpoint_id: endpoint.id, ...(error ? { error: String(error) } : {}) }));
  try {
    const account = await findAccountRow(services.db, accountId);
    if (!account?.email) return log("webhook endpoint disabled; the account has no email address to tell");
    const mail = buildEndpointDisabledMail({
      endpoint,
      failingSince,
      account: { name: account.name, email: account.email },
      sender: services.defaultSender,
      apiBaseUrl: services.baseUrl,
      now,
    });
    await services.mailer.send(mail);
  } catch (err) {
    log("webhook endpoint disabled; the email about it failed", err);
  }
}
