DROP INDEX `payments_account_external_uq`;--> statement-breakpoint
ALTER TABLE `payments` ADD `dedupe_key` text;--> statement-breakpoint
-- Payments recorded before this migration get the key the code now computes (paymentDedupeKey in src/services/invoices/payments.ts).
UPDATE `payments` SET `dedupe_key` = CASE WHEN `source` = 'api' THEN 'api:' || `invoice_id` || ':' || `external_id` ELSE `source` || ':' || `external_id` END WHERE `external_id` IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `payments_account_dedupe_uq` ON `payments` (`account_id`,`dedupe_key`);--> statement-breakpoint
ALTER TABLE `invoice_events` ADD `idempotency_key` text;--> statement-breakpoint
CREATE INDEX `invoice_events_idempotency_idx` ON `invoice_events` (`account_id`,`invoice_id`,`idempotency_key`);