import { createDb, type Db } from "../db/client";
import type { TaskQueue } from "../queue/messages";
import { type DocumentStore, documentStore } from "./documents";
import { type Outbox, queueOutbox } from "./events/outbox";
import { createMailer, type Mailer, type MailerEnv } from "./mail/mailer";
import { type Scheduler, schedulerFrom } from "./reminders/schedule";
import { type ScheduleRunner, scheduleRunnerFrom } from "./schedules/runner-client";

/** The platform's sender, for accounts without a sender address of their own. */
export type Sender = { email: string; name?: string | null };

/**
 * What every operation reaches the outside world through, built once per request (or once
 * per Durable Object) from the environment, so tests swap one part and production code never
 * asks which one it got.
 */
export type Services = {
  db: Db;
  /** Re-arms an invoice's alarm after a committed change. Absent inside the scheduler's own object, which arms itself. */
  scheduler?: Scheduler;
  /** Re-arms an invoice schedule's alarm after a committed change. Absent inside the runner's own object. */
  scheduleRunner?: ScheduleRunner;
  mailer: Mailer;
  documents: DocumentStore;
  defaultSender: Sender;
  /** Base of public links (pay page, PDF), without a trailing slash. */
  baseUrl: string;
  now: () => Date;
  /** A send still marked "sending" after this long died mid-way and may be tried again. */
  deliveryLeaseMs: number;
  /** Hands committed events to the queue once the request (or alarm) is done. */
  outbox: Outbox;
  /** The work queue: event dispatch, webhook deliveries, account-wide re-syncs. */
  tasks?: TaskQueue;
  /** WEBHOOK_ALLOW_INSECURE_URLS: http:// and loopback receivers, for local development only. */
  allowInsecureWebhookUrls: boolean;
  /** WEBHOOK_RETRY_SCHEDULE, as it was given (src/domain/retry-schedule.ts parses it). */
  webhookRetrySchedule?: string;
  /** An event or a due delivery left unqueued this long lost its message: the sweep queues it again. */
  outboxGraceMs: number;
};

export type ServicesEnv = MailerEnv & {
  DB: D1Database;
  DOCUMENTS: R2Bucket;
  /** Static Assets: the PDF font chunks (src/services/pdf/font-provider.ts). */
  ASSETS: Fetcher;
  INVOICE_SCHEDULER: DurableObjectNamespace;
  SCHEDULE_RUNNER: DurableObjectNamespace;
  PUBLIC_BASE_URL?: string;
  MAIL_FROM?: string;
  MAIL_FROM_NAME?: string;
  /** Seconds a send that died mid-way holds its delivery (default 60); the e2e crash test shortens it. */
  DELIVERY_LEASE_SECONDS?: string;
  TASKS?: TaskQueue;
  WEBHOOK_ALLOW_INSECURE_URLS?: string;
  WEBHOOK_RETRY_SCHEDULE?: string;
  /** Seconds before the sweep takes over an unqueued event or delivery (default 60); the e2e crash test shortens it. */
  OUTBOX_GRACE_SECONDS?: string;
};

export function buildServices(env: ServicesEnv, options: { requestUrl?: string; scheduler?: boolean; scheduleRunner?: boolean } = {}): Services {
  return {
    db: createDb(env.DB),
    scheduler: options.scheduler === false ? undefined : schedulerFrom(env),
    scheduleRunner: options.scheduleRunner === false ? undefined : scheduleRunnerFrom(env),
    mailer: lazyMailer(env),
    documents: documentStore(env.DOCUMENTS, env.ASSETS),
    defaultSender: { email: env.MAIL_FROM || "invoices@example.com", name: env.MAIL_FROM_NAME || null },
    baseUrl: publicBaseUrl(env, options.requestUrl),
    now: () => new Date(),
    deliveryLeaseMs: seconds(env.DELIVERY_LEASE_SECONDS, 60) * 1000,
    outbox: queueOutbox(env.TASKS),
    tasks: env.TASKS,
    allowInsecureWebhookUrls: env.WEBHOOK_ALLOW_INSECURE_URLS === "true",
    webhookRetrySchedule: env.WEBHOOK_RETRY_SCHEDULE,
    outboxGraceMs: seconds(env.OUTBOX_GRACE_SECONDS, 60) * 1000,
  };
}

/** A positive number of seconds from a var, else the default. */
export function seconds(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/**
 * The transport is created at the first send: a mail misconfiguration is an error of the
 * send that needs it, not of every request (or of an alarm that only arms or clears).
 */
function lazyMailer(env: MailerEnv): Mailer {
  let mailer: Mailer | undefined;
  return { send: (mail) => (mailer ??= createMailer(env)).send(mail) };
}

/** PUBLIC_BASE_URL without a trailing slash; the request's origin when unset. */
export function publicBaseUrl(env: { PUBLIC_BASE_URL?: string }, requestUrl?: string): string {
  const configured = env.PUBLIC_BASE_URL?.replace(/\/+$/, "");
  if (configured) return configured;
  return requestUrl ? new URL(requestUrl).origin : "";
}
