/** Every scope a key can carry; the `Scope` type is derived from this one list. */
export const SCOPES = [
  "invoices:read",
  "invoices:write",
  "customers:read",
  "customers:write",
  "payments:write",
  "account:write",
  "keys:write",
  "webhooks:write",
  "*",
] as const;
export type Scope = (typeof SCOPES)[number];

/** A write scope implies reading the same resource, as a merchant would expect. */
export function hasScope(granted: readonly Scope[], needed: Scope): boolean {
  if (granted.includes("*") || granted.includes(needed)) return true;
  if (needed.endsWith(":read")) return granted.includes(needed.replace(":read", ":write") as Scope);
  return false;
}
