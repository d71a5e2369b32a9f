import { DurableObject } from "cloudflare:workers";

export class InvoiceScheduler extends DurableObject<CloudflareBindings> {}
