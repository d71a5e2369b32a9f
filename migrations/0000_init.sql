CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`legal_name` text,
	`email` text,
	`phone` text,
	`address` text,
	`tax_id` text,
	`bank_details` text,
	`invoice_prefix` text DEFAULT 'INV' NOT NULL,
	`default_currency` text DEFAULT 'USD' NOT NULL,
	`timezone` text DEFAULT 'UTC' NOT NULL,
	`default_payment_terms` text DEFAULT 'Net 30' NOT NULL,
	`rounding_mode` text DEFAULT 'half_away_from_zero' NOT NULL,
	`sender_email` text,
	`sender_name` text,
	`logo_url` text,
	`accent_color` text,
	`checkout_url_template` text,
	`payment_link_display` text DEFAULT 'SHOW_PAYMENT_LINK' NOT NULL,
	`reminder_policy` text,
	`webhook_secret` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text,
	`secret_hash` text NOT NULL,
	`last_four` text NOT NULL,
	`scopes` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `api_keys_account_idx` ON `api_keys` (`account_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`legal_name` text,
	`email` text,
	`phone` text,
	`billing_address` text,
	`shipping_address` text,
	`tax_id` text,
	`tax_status` text DEFAULT 'taxed' NOT NULL,
	`locale` text,
	`timezone` text,
	`metadata` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customers_account_created_idx` ON `customers` (`account_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`kind` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`message_id` text NOT NULL,
	`status` text NOT NULL,
	`recipients` text NOT NULL,
	`subject` text NOT NULL,
	`message` text,
	`attachments` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` text NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_account_dedupe_uq` ON `deliveries` (`account_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `deliveries_invoice_idx` ON `deliveries` (`account_id`,`invoice_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`account_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`state` text NOT NULL,
	`response_status` integer,
	`response_body` text,
	`locked_until` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	PRIMARY KEY(`account_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `invoice_events` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`type` text NOT NULL,
	`data` text,
	`actor` text NOT NULL,
	`request_id` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `invoice_events_invoice_idx` ON `invoice_events` (`account_id`,`invoice_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `invoice_sequences` (
	`account_id` text NOT NULL,
	`series` text NOT NULL,
	`last_value` integer NOT NULL,
	PRIMARY KEY(`account_id`, `series`)
);
--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`number` text,
	`status` text NOT NULL,
	`currency` text NOT NULL,
	`issue_date` text NOT NULL,
	`due_date` text NOT NULL,
	`payment_terms` text,
	`subtotal` integer NOT NULL,
	`discount_type` text,
	`discount_value` real,
	`discount_amount` integer DEFAULT 0 NOT NULL,
	`tax_amount` integer NOT NULL,
	`total_amount` integer NOT NULL,
	`amount_paid` integer DEFAULT 0 NOT NULL,
	`billing_address` text,
	`shipping_address` text,
	`customer_tax_status` text DEFAULT 'taxed' NOT NULL,
	`notes` text,
	`memo` text,
	`purchase_order_number` text,
	`reference` text,
	`billing_period_start` text,
	`billing_period_end` text,
	`accounting_date` text,
	`payment_link_display` text,
	`metadata` text NOT NULL,
	`public_token` text,
	`pdf_token` text,
	`pdf_key` text,
	`finalized_at` text,
	`sent_at` text,
	`viewed_at` text,
	`paid_at` text,
	`voided_at` text,
	`uncollectible_at` text,
	`overdue_at` text,
	`sent_count` integer DEFAULT 0 NOT NULL,
	`last_sent_at` text,
	`reminders_enabled` integer DEFAULT true NOT NULL,
	`reminder_policy` text,
	`reminders_sent` integer DEFAULT 0 NOT NULL,
	`next_reminder_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`mutation_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_account_number_uq` ON `invoices` (`account_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_public_token_uq` ON `invoices` (`public_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_pdf_token_uq` ON `invoices` (`pdf_token`);--> statement-breakpoint
CREATE INDEX `invoices_account_created_idx` ON `invoices` (`account_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `invoices_account_status_created_idx` ON `invoices` (`account_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `invoices_account_customer_created_idx` ON `invoices` (`account_id`,`customer_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `invoices_account_issue_idx` ON `invoices` (`account_id`,`issue_date`,`id`);--> statement-breakpoint
CREATE INDEX `invoices_account_due_idx` ON `invoices` (`account_id`,`due_date`,`id`);--> statement-breakpoint
CREATE INDEX `invoices_account_total_idx` ON `invoices` (`account_id`,`total_amount`,`id`);--> statement-breakpoint
CREATE TABLE `line_items` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`position` integer NOT NULL,
	`description` text NOT NULL,
	`quantity` text NOT NULL,
	`unit_price` integer NOT NULL,
	`amount` integer NOT NULL,
	`tax_rate` text NOT NULL,
	`tax_amount` integer NOT NULL,
	`product_id` text,
	`account_code` text,
	`metadata` text,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `line_items_invoice_idx` ON `line_items` (`invoice_id`,`position`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`method` text,
	`reference` text,
	`source` text DEFAULT 'api' NOT NULL,
	`external_id` text,
	`paid_at` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payments_account_invoice_idx` ON `payments` (`account_id`,`invoice_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `payments_account_external_uq` ON `payments` (`account_id`,`external_id`);--> statement-breakpoint
CREATE TABLE `webhook_receipts` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text,
	`source` text NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_receipts_source_event_uq` ON `webhook_receipts` (`source`,`event_id`);