import type { Scope } from "./auth/scopes";
import type { Db } from "./db/client";

export type { Scope };

/** Who is calling: the account every query is scoped by, and the key that made the change. */
export type Principal = { accountId: string; keyId: string; scopes: Scope[] };

export type AppEnv = {
  Bindings: CloudflareBindings;
  Variables: {
    requestId: string;
    principal: Principal;
    db: Db;
    /** Set by handlers whose response shows a secret once; the idempotency store keeps no copy. */
    responseHoldsSecret?: boolean;
  };
};
