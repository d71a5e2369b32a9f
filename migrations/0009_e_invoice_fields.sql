ALTER TABLE `accounts` ADD `company_id` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `electronic_address` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `company_id` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `electronic_address` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `e_invoicing` text DEFAULT 'optional' NOT NULL;--> statement-breakpoint
ALTER TABLE `line_items` ADD `tax_category` text;--> statement-breakpoint
ALTER TABLE `line_items` ADD `tax_exemption_reason` text;--> statement-breakpoint
ALTER TABLE `line_items` ADD `tax_exemption_reason_code` text;--> statement-breakpoint
ALTER TABLE `line_items` ADD `unit_code` text DEFAULT 'C62' NOT NULL;