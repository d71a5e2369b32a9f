import type { Scope } from "./auth/scopes";
import type { Db } from "./db/client";
import type { InvoiceContext } from "./services/invoices/context";
import type { Services } from "./services/services";

export type { Scope };

/** Who is calling: the account every query is scoped by, and the key that made the change. */
export type Principal = { accountId: string; keyId: string; scopes: Scope[] };

export type AppEnv = {
  Bindings: CloudflareBindings;
  Variables: {
    requestId: string;
    principal: Principal;
    /** Built once per request (src/middleware/request-context.ts). */
    services: Services;
    db: Db;
    /** The services acting for the authenticated key's account (src/middleware/acting-context.ts). */
    ctx: InvoiceContext;
    /** Set by handlers whose response shows a secret once; the idempotency store keeps no copy. */
    responseHoldsSecret?: boolean;
  };
};
