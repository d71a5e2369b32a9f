import type { EventSubject } from "../db/event-writes";
import { hasScope, type Scope } from "./scopes";

/**
 * An event carries its object in full (`data.object`: an endpoint's URL and metadata, a
 * customer's address), so reading it takes the scope that reads that object through its own
 * routes; the feed must not show a key what those routes refuse it.
 */
const READ_SCOPE: Record<EventSubject["type"], Scope> = {
  invoice: "invoices:read",
  credit_note: "invoices:read",
  invoice_schedule: "invoices:read",
  customer: "customers:read",
  webhook_endpoint: "webhooks:write",
};

/** The kinds of object whose events a key with these scopes may read. */
export function readableEventObjects(scopes: readonly Scope[]): EventSubject["type"][] {
  return (Object.keys(READ_SCOPE) as EventSubject["type"][]).filter((type) => hasScope(scopes, READ_SCOPE[type]));
}
