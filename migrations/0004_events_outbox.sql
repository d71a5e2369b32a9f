CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`type` text NOT NULL,
	`object_type` text NOT NULL,
	`object_id` text NOT NULL,
	`data` text NOT NULL,
	`actor` text NOT NULL,
	`request_id` text,
	`idempotency_key` text,
	`created_at` text NOT NULL,
	`dispatched_at` text
);
--> statement-breakpoint
CREATE INDEX `events_account_created_idx` ON `events` (`account_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `events_account_type_idx` ON `events` (`account_id`,`type`,`created_at`);--> statement-breakpoint
CREATE INDEX `events_object_idx` ON `events` (`account_id`,`object_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `events_idempotency_idx` ON `events` (`account_id`,`object_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `events_undispatched_idx` ON `events` (`created_at`) WHERE "events"."dispatched_at" IS NULL;--> statement-breakpoint
CREATE TABLE `webhook_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`delivery_id` text NOT NULL,
	`attempted_at` text NOT NULL,
	`status_code` integer,
	`duration_ms` integer NOT NULL,
	`response_body` text,
	`error` text,
	`next_attempt_at` text
);
--> statement-breakpoint
CREATE INDEX `webhook_attempts_delivery_idx` ON `webhook_attempts` (`account_id`,`delivery_id`,`attempted_at`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`endpoint_id` text NOT NULL,
	`event_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`leased_until` text,
	`last_status_code` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`completed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_deliveries_dedupe_uq` ON `webhook_deliveries` (`account_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_endpoint_idx` ON `webhook_deliveries` (`account_id`,`endpoint_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_event_idx` ON `webhook_deliveries` (`account_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_pending_idx` ON `webhook_deliveries` (`next_attempt_at`) WHERE "webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`url` text NOT NULL,
	`description` text,
	`enabled_events` text NOT NULL,
	`status` text NOT NULL,
	`secret` text NOT NULL,
	`previous_secret` text,
	`previous_secret_expires_at` text,
	`metadata` text NOT NULL,
	`failing_since` text,
	`disabled_reason` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_endpoints_account_idx` ON `webhook_endpoints` (`account_id`,`created_at`,`id`);--> statement-breakpoint
-- The invoice timeline so far becomes the first events. Its rows predate snapshots, so their
-- data.object names the invoice without its state then; no endpoint existed to deliver them to.
INSERT INTO `events` (`id`, `account_id`, `type`, `object_type`, `object_id`, `data`, `actor`, `request_id`, `idempotency_key`, `created_at`, `dispatched_at`)
SELECT `id`, `account_id`, CASE `type` WHEN 'invoice.payment_recorded' THEN 'invoice.payment_succeeded' ELSE `type` END, 'invoice', `invoice_id`,
  json_set(coalesce(`data`, '{}'), '$.object', json_object('id', `invoice_id`, 'object', 'invoice')),
  `actor`, `request_id`, `idempotency_key`, `created_at`, `created_at`
FROM `invoice_events`;
