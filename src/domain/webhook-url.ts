/*
 * Which URLs a webhook endpoint may have. We make requests to whatever URL a merchant gives
 * us, so a URL that names our own side of the network (loopback, a private range, the cloud
 * metadata address 169.254.169.254) would turn deliveries into requests on our behalf to
 * places the merchant cannot reach (server-side request forgery, OWASP API7:2023).
 *
 * The checks run on the URL after the WHATWG parser has normalised it, so every spelling the
 * parser accepts for an address is caught: `https://2130706433/`, `https://0x7f.1/`,
 * `https://127.1/` and full-width digits all become `127.0.0.1`, and `[::ffff:127.0.0.1]`
 * becomes `[::ffff:7f00:1]` (https://url.spec.whatwg.org/#host-parsing).
 *
 * This is a rule on the URL as written. A public name whose DNS record points at a private
 * address is not caught here: a Worker cannot resolve a name before it fetches.
 */

import { DomainError } from "./errors";

export type WebhookUrlOptions = {
  /** Local development against a receiver on this machine: http and loopback/private hosts allowed. */
  allowInsecure: boolean;
};

export const MAX_WEBHOOK_URL_LENGTH = 2048;

// RFC 6761 (localhost), RFC 6762 (local, mDNS), RFC 8375 (home.arpa) and ICANN's 2024
// reservation of .internal for private use: names that only resolve inside a network.
const INTERNAL_SUFFIXES = ["localhost", "local", "internal", "home.arpa"];

const PUBLIC_HOST = "webhook URLs must point at a public internet host";

/** The normalised URL (`new URL(raw).toString()`), or a DomainError on `url` saying what is wrong. */
export function assertWebhookUrl(raw: string, options: WebhookUrlOptions): string {
  const refuse = (message: string): never => {
    throw new DomainError("url", message);
  };
  const tooLong = `A webhook URL is at most ${MAX_WEBHOOK_URL_LENGTH} characters.`;
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) refuse(tooLong);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("Must be an absolute URL such as https://example.com/webhooks.");
  }
  if (url.protocol !== "https:" && !(options.allowInsecure && url.protocol === "http:")) {
    const accepted = options.allowInsecure ? "http or https" : "https";
    refuse(`A webhook URL must use ${accepted}; this one uses ${url.protocol.slice(0, -1)}.`);
  }
  // Credentials in the URL would be stored and shown like the rest of it; a receiver that
  // wants a secret checks the signature instead.
  if (url.username || url.password) refuse("A webhook URL may not contain a user name or password (user:password@).");
  if (!options.allowInsecure) {
    const reason = nonPublicHostReason(url.hostname);
    if (reason) refuse(`The host ${url.hostname} is ${reason}; ${PUBLIC_HOST}.`);
  }
  const normalised = url.toString();
  // Normalising can lengthen a URL (punycode, percent-encoding): the stored form is what counts.
  if (normalised.length > MAX_WEBHOOK_URL_LENGTH) refuse(tooLong);
  return normalised;
}

/** Why a parsed hostname does not name a public internet host, or null when it may. */
function nonPublicHostReason(hostname: string): string | null {
  if (hostname.startsWith("[")) return ipv6Reason(hostname.slice(1, -1));
  const v4 = ipv4Octets(hostname);
  if (v4) return ipv4Reason(v4);
  // A trailing dot is the same name written fully qualified: "localhost." is localhost.
  const name = hostname.endsWith(".") ? hostname.slice(0, -1) : hostname;
  const suffix = INTERNAL_SUFFIXES.find((s) => name === s || name.endsWith(`.${s}`));
  if (suffix) return `a name under .${suffix}, which only resolves inside a private network`;
  // A name with no dot ("intranet", "printer") has no public DNS record (ICANN does not
  // delegate dotless names); it can only reach a machine through a local search domain.
  if (!name.includes(".")) return "a name without a domain, which only resolves inside a private network";
  return null;
}

type Range = { base: readonly number[]; bits: number; reason: string };

const v4 = (base: readonly number[], bits: number, reason: string): Range => ({ base, bits, reason });

// IANA IPv4 Special-Purpose Address Registry (RFC 6890), the entries a request must not reach.
const IPV4_REFUSED: readonly Range[] = [
  v4([0, 0, 0, 0], 8, "an unspecified address (0.0.0.0/8)"),
  v4([10, 0, 0, 0], 8, "a private network address (10.0.0.0/8)"),
  v4([100, 64, 0, 0], 10, "a carrier-grade NAT address (100.64.0.0/10)"),
  v4([127, 0, 0, 0], 8, "a loopback address (127.0.0.0/8)"),
  v4([169, 254, 0, 0], 16, "a link-local address (169.254.0.0/16, which includes the cloud metadata service)"),
  v4([172, 16, 0, 0], 12, "a private network address (172.16.0.0/12)"),
  v4([192, 0, 0, 0], 24, "a reserved address (192.0.0.0/24)"),
  v4([192, 0, 2, 0], 24, "a documentation address (192.0.2.0/24)"),
  v4([192, 168, 0, 0], 16, "a private network address (192.168.0.0/16)"),
  v4([198, 18, 0, 0], 15, "a benchmarking address (198.18.0.0/15)"),
  v4([198, 51, 100, 0], 24, "a documentation address (198.51.100.0/24)"),
  v4([203, 0, 113, 0], 24, "a documentation address (203.0.113.0/24)"),
  v4([224, 0, 0, 0], 4, "a multicast address (224.0.0.0/4)"),
  // Includes the broadcast address 255.255.255.255.
  v4([240, 0, 0, 0], 4, "a reserved address (240.0.0.0/4)"),
];

function ipv4Reason(octets: readonly number[]): string | null {
  return IPV4_REFUSED.find((r) => inPrefix(octets, r.base, r.bits, 8))?.reason ?? null;
}

/** The four octets of a dotted quad as the WHATWG parser serialises IPv4 hosts, else null. */
function ipv4Octets(hostname: string): number[] | null {
  if (!/^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname)) return null;
  return hostname.split(".").map(Number);
}

// IANA IPv6 Special-Purpose Address Registry (RFC 6890). The prefixes that carry an IPv4
// address at a fixed place are judged by that address instead (IPV4_CARRYING).
const IPV6_REFUSED: readonly Range[] = [
  { base: [0, 0, 0, 0, 0, 0, 0, 0], bits: 128, reason: "the unspecified address (::)" },
  { base: [0, 0, 0, 0, 0, 0, 0, 1], bits: 128, reason: "the loopback address (::1)" },
  // RFC 8215: a network's own translator, which may embed the IPv4 address in any of RFC 6052's
  // layouts, so the address cannot be judged from the URL; private use is the point of it.
  { base: [0x64, 0xff9b, 1], bits: 48, reason: "a local-use NAT64 address (64:ff9b:1::/48), translated inside a private network" },
  // RFC 4380: Teredo carries its client's IPv4 address obfuscated (XOR) and reaches it through a
  // relay of the tunnel's choosing; there is no public host to judge.
  { base: [0x2001, 0], bits: 32, reason: "a Teredo tunnel address (2001::/32), which leads to an IPv4 host it hides" },
  { base: [0xfc00], bits: 7, reason: "a unique local address (fc00::/7)" },
  { base: [0xfe80], bits: 10, reason: "a link-local address (fe80::/10)" },
  { base: [0xfec0], bits: 10, reason: "a site-local address (fec0::/10)" },
  { base: [0xff00], bits: 8, reason: "a multicast address (ff00::/8)" },
];

/** A prefix whose addresses carry an IPv4 address in the two groups from `at`. */
type Carrier = { base: readonly number[]; bits: number; at: number };

const IPV4_CARRYING: readonly Carrier[] = [
  { base: [0, 0, 0, 0, 0, 0xffff], bits: 96, at: 6 }, // IPv4-mapped, ::ffff:0:0/96 (RFC 4291 §2.5.5.2)
  { base: [0, 0, 0, 0, 0, 0], bits: 96, at: 6 }, // IPv4-compatible, ::/96, deprecated (RFC 4291 §2.5.5.1)
  { base: [0x64, 0xff9b, 0, 0, 0, 0], bits: 96, at: 6 }, // NAT64 well-known prefix, 64:ff9b::/96 (RFC 6052)
  { base: [0x2002], bits: 16, at: 1 }, // 6to4, 2002::/16: the relay's IPv4 address in bits 16-47 (RFC 3056 §2)
];

function ipv6Reason(address: string): string | null {
  const groups = ipv6Groups(address);
  // The WHATWG parser only lets valid addresses through; unreadable means a bug, so refuse.
  if (!groups) return "not an address we can read";
  const fixed = IPV6_REFUSED.find((r) => inPrefix(groups, r.base, r.bits, 16));
  if (fixed) return fixed.reason;
  const carrier = IPV4_CARRYING.find((c) => inPrefix(groups, c.base, c.bits, 16));
  if (carrier) {
    const [hi = 0, lo = 0] = groups.slice(carrier.at, carrier.at + 2);
    const embedded = [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
    const reason = ipv4Reason(embedded);
    if (reason) return `an IPv6 form of ${embedded.join(".")}, ${reason}`;
  }
  return null;
}

/** The eight 16-bit groups of an IPv6 address as the WHATWG parser serialises it (hex, one `::` at most). */
function ipv6Groups(address: string): number[] | null {
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string | undefined) => (part ? part.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** Whether the first `bits` bits of `value` equal those of `base`, both as `width`-bit words. */
function inPrefix(value: readonly number[], base: readonly number[], bits: number, width: number): boolean {
  for (let i = 0; bits > 0; i++, bits -= width) {
    const mask = bits >= width ? (1 << width) - 1 : ((1 << bits) - 1) << (width - bits);
    if (((value[i] ?? 0) & mask) !== ((base[i] ?? 0) & mask)) return false;
  }
  return true;
}
