const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Base62 text of `bytes` random bytes. */
export function randomToken(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let n = 0n;
  for (const b of buf) n = (n << 8n) | BigInt(b);
  let out = "";
  const length = Math.ceil((bytes * 8) / Math.log2(62));
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}

/** A prefixed object id (`inv_…`): 128 random bits, so ids reveal nothing and never collide. */
export function newId(prefix: string): string {
  return `${prefix}_${randomToken(16)}`;
}
