CREATE TABLE `invoice_schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`status` text NOT NULL,
	`interval` text NOT NULL,
	`interval_count` integer NOT NULL,
	`start_date` text NOT NULL,
	`time_zone` text NOT NULL,
	`issue_time` text NOT NULL,
	`end_after_count` integer,
	`end_on_date` text,
	`backfill` integer NOT NULL,
	`issue` text NOT NULL,
	`currency` text NOT NULL,
	`line_items` text NOT NULL,
	`discount` text,
	`days_until_due` integer,
	`payment_terms` text,
	`memo` text,
	`notes` text,
	`purchase_order_number` text,
	`payment_link_display` text,
	`reminders_enabled` integer DEFAULT true NOT NULL,
	`reminder_policy` text,
	`metadata` text NOT NULL,
	`next_period` integer DEFAULT 0 NOT NULL,
	`issued_count` integer DEFAULT 0 NOT NULL,
	`next_issue_at` text,
	`last_issued_at` text,
	`active_since` text NOT NULL,
	`paused_at` text,
	`canceled_at` text,
	`completed_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoice_schedules_account_created_idx` ON `invoice_schedules` (`account_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `invoice_schedules_account_customer_idx` ON `invoice_schedules` (`account_id`,`customer_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `invoice_schedules_account_status_idx` ON `invoice_schedules` (`account_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `invoice_schedules_due_idx` ON `invoice_schedules` (`status`,`next_issue_at`);--> statement-breakpoint
ALTER TABLE `invoices` ADD `schedule_id` text;--> statement-breakpoint
ALTER TABLE `invoices` ADD `schedule_period` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_schedule_period_uq` ON `invoices` (`account_id`,`schedule_id`,`schedule_period`);