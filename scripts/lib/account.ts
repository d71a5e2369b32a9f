import { formatBearerToken, newApiKeySecret, sha256Hex } from "../../src/auth/api-key-token";
import { SCOPES } from "../../src/auth/scopes";
import { newId } from "../../src/ids";
import { execute, sqlString, type Target } from "./d1";

export type AccountOptions = { name: string; email?: string; scopes?: string[]; target: Target };

/** Inserts an account and its first key in one statement list; returns the key once. */
export async function createAccount(opts: AccountOptions) {
  const scopes = opts.scopes ?? ["*"];
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`unknown scope(s): ${unknown.join(", ")}; known: ${SCOPES.join(", ")}`);
  const now = new Date().toISOString();
  const accountId = newId("acct");
  const keyId = newId("key");
  const secret = newApiKeySecret();
  execute(
    `INSERT INTO accounts (id, name, email, created_at, updated_at) VALUES (${sqlString(accountId)}, ${sqlString(opts.name)}, ${sqlString(opts.email)}, '${now}', '${now}');
     INSERT INTO api_keys (id, account_id, name, secret_hash, last_four, scopes, created_at)
       VALUES (${sqlString(keyId)}, ${sqlString(accountId)}, 'default', '${await sha256Hex(secret)}', '${secret.slice(-4)}', ${sqlString(JSON.stringify(scopes))}, '${now}');`,
    opts.target,
  );
  return { account_id: accountId, api_key: formatBearerToken(keyId, secret) };
}
