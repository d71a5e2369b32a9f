CREATE TABLE `credit_note_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`credit_note_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`invoice_line_item_id` text NOT NULL,
	`position` integer NOT NULL,
	`description` text NOT NULL,
	`quantity` text,
	`unit_price` integer NOT NULL,
	`amount` integer NOT NULL,
	`discount_amount` integer NOT NULL,
	`tax_rate` text NOT NULL,
	`tax_amount` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `credit_note_lines_note_idx` ON `credit_note_lines` (`credit_note_id`,`position`);--> statement-breakpoint
CREATE INDEX `credit_note_lines_invoice_line_idx` ON `credit_note_lines` (`account_id`,`invoice_id`,`invoice_line_item_id`);--> statement-breakpoint
CREATE TABLE `credit_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`number` text NOT NULL,
	`status` text NOT NULL,
	`currency` text NOT NULL,
	`reason` text NOT NULL,
	`memo` text,
	`issue_date` text NOT NULL,
	`subtotal` integer NOT NULL,
	`discount_amount` integer NOT NULL,
	`tax_amount` integer NOT NULL,
	`total_amount` integer NOT NULL,
	`due_amount` integer NOT NULL,
	`refund_amount` integer NOT NULL,
	`credit_amount` integer NOT NULL,
	`out_of_band_amount` integer NOT NULL,
	`metadata` text NOT NULL,
	`pdf_token` text NOT NULL,
	`pdf_key` text,
	`voided_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_notes_account_number_uq` ON `credit_notes` (`account_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `credit_notes_pdf_token_uq` ON `credit_notes` (`pdf_token`);--> statement-breakpoint
CREATE INDEX `credit_notes_account_created_idx` ON `credit_notes` (`account_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `credit_notes_account_invoice_idx` ON `credit_notes` (`account_id`,`invoice_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `credit_notes_account_customer_idx` ON `credit_notes` (`account_id`,`customer_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `customer_balance_transactions` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`currency` text NOT NULL,
	`amount` integer NOT NULL,
	`type` text NOT NULL,
	`credit_note_id` text,
	`invoice_id` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `customer_balance_transactions_customer_idx` ON `customer_balance_transactions` (`account_id`,`customer_id`,`currency`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`credit_note_id` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `refunds_account_invoice_idx` ON `refunds` (`account_id`,`invoice_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `credit_note_prefix` text DEFAULT 'CN' NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `credit_balances` text;--> statement-breakpoint
ALTER TABLE `invoices` ADD `credited_amount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `invoices` ADD `amount_refunded` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `invoices` ADD `applied_balance` integer DEFAULT 0 NOT NULL;