CREATE INDEX `idempotency_keys_expires_idx` ON `idempotency_keys` (`expires_at`);--> statement-breakpoint
CREATE INDEX `invoices_next_reminder_idx` ON `invoices` (`next_reminder_at`);