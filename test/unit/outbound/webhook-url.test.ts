import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../src/domain/errors";
import { assertWebhookUrl } from "../../../src/domain/webhook-url";

const strict = { allowInsecure: false };
const insecure = { allowInsecure: true };

/** The DomainError assertWebhookUrl throws for `raw`; fails the test when it accepts it. */
function refusal(raw: string, options = strict): DomainError {
  try {
    const accepted = assertWebhookUrl(raw, options);
    throw new Error(`accepted ${raw} as ${accepted}`);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return err;
  }
}

describe("assertWebhookUrl", () => {
  it.each([
    "http://example.com/hook",
    "https://127.0.0.1/x",
    "https://10.0.0.1/x",
    "https://169.254.169.254/latest/meta-data",
    "https://[::1]/x",
    "https://localhost/x",
    "https://localhost:8443/x",
    "https://foo.localhost/",
    "https://[::ffff:127.0.0.1]/",
    "https://[fd00::1]/",
    "https://[fe80::1]/",
    "https://0.0.0.0/",
    "https://2130706433/",
    "https://192.168.1.1/",
    "https://172.16.0.1/",
    "https://100.64.0.1/",
    "ftp://example.com/",
    "https://user:pw@example.com/",
    "not a url",
  ])("refuses %s on the url param", (raw) => {
    const err = refusal(raw);
    expect(err.param).toBe("url");
    expect(err.code).toBe("parameter_invalid");
  });

  it.each([
    ["https://example.com/hooks", "https://example.com/hooks"],
    ["https://hooks.example.co.uk:8443/a?b=c", "https://hooks.example.co.uk:8443/a?b=c"],
    ["https://172.32.0.1/", "https://172.32.0.1/"], // just past 172.16.0.0/12
    ["https://8.8.8.8/", "https://8.8.8.8/"],
    ["https://[2606:4700:4700::1111]/dns", "https://[2606:4700:4700::1111]/dns"],
    ["https://[::ffff:8.8.8.8]/", "https://[::ffff:808:808]/"], // a public address in mapped form
  ])("accepts %s as %s", (raw, normalised) => {
    expect(assertWebhookUrl(raw, strict)).toBe(normalised);
  });

  it("returns the WHATWG normal form", () => {
    expect(assertWebhookUrl("  HTTPS://Example.COM:443/a/../b  ", strict)).toBe("https://example.com/b");
    expect(assertWebhookUrl("https://bücher.example/", strict)).toBe("https://xn--bcher-kva.example/");
  });

  it("refuses every spelling the parser turns into a loopback address", () => {
    for (const raw of [
      "https://0x7f.1/",
      "https://127.1/",
      "https://0177.0.0.1/",
      "https://１２７.０.０.１/",
      "https://127.0.0.1./",
      "https://[::127.0.0.1]/",
    ]) {
      expect(refusal(raw).message).toMatch(/loopback/);
    }
    expect(refusal("https://local%68ost/").message).toMatch(/\.localhost/);
    expect(refusal("https://LOCALHOST./").message).toMatch(/\.localhost/);
  });

  it("refuses IPv4 addresses carried in IPv6 by the address they carry", () => {
    expect(refusal("https://[::ffff:10.1.2.3]/").message).toMatch(/10\.1\.2\.3.*private/);
    expect(refusal("https://[::ffff:a9fe:a9fe]/").message).toMatch(/169\.254\.169\.254.*link-local/);
    expect(refusal("https://[64:ff9b::192.168.0.1]/").message).toMatch(/192\.168\.0\.1/); // NAT64
  });

  it("judges a 6to4 address (2002::/16) by the IPv4 address in its bits 16-47", () => {
    expect(refusal("https://[2002:7f00:1::1]/").message).toMatch(/127\.0\.0\.1.*loopback/);
    expect(refusal("https://[2002:a9fe:a9fe::]/").message).toMatch(/169\.254\.169\.254.*link-local/);
    expect(refusal("https://[2002:c0a8:101:1::1]/").message).toMatch(/192\.168\.1\.1.*private/);
    expect(refusal("https://[2002:a00:1::]/").message).toMatch(/10\.0\.0\.1.*private/);
    // What follows the embedded address (the site's subnet and host) does not change the verdict.
    expect(assertWebhookUrl("https://[2002:808:808::1]/", strict)).toBe("https://[2002:808:808::1]/");
    expect(assertWebhookUrl("https://[2002:808:808:7f00:1::1]/", strict)).toBe("https://[2002:808:808:7f00:1::1]/");
  });

  it("refuses local-use NAT64 (64:ff9b:1::/48) and Teredo (2001::/32) addresses whatever they carry", () => {
    for (const raw of ["https://[64:ff9b:1::808:808]/", "https://[64:ff9b:1::a00:1]/", "https://[64:ff9b:1:ffff::1]/"])
      expect(refusal(raw).message).toMatch(/local-use NAT64/);
    for (const raw of ["https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "https://[2001::1]/", "https://[2001:0:ffff::]/"])
      expect(refusal(raw).message).toMatch(/Teredo/);
    // Their neighbours are ordinary addresses: the NAT64 well-known prefix with a public IPv4
    // address, and the public 2001:xxxx::/32 blocks next to Teredo's.
    expect(assertWebhookUrl("https://[64:ff9b::808:808]/", strict)).toBe("https://[64:ff9b::808:808]/");
    expect(assertWebhookUrl("https://[64:ff9b:2::1]/", strict)).toBe("https://[64:ff9b:2::1]/");
    expect(assertWebhookUrl("https://[2001:4860:4860::8888]/", strict)).toBe("https://[2001:4860:4860::8888]/");
    expect(assertWebhookUrl("https://[2001:1::1]/", strict)).toBe("https://[2001:1::1]/");
  });

  it("refuses the other reserved IPv6 blocks", () => {
    for (const raw of ["https://[::]/", "https://[fc00::1]/", "https://[febf::1]/", "https://[fec0::1]/", "https://[ff02::1]/"]) refusal(raw);
  });

  it("refuses multicast, reserved and broadcast IPv4", () => {
    for (const raw of ["https://224.0.0.1/", "https://239.255.255.250/", "https://240.0.0.1/", "https://255.255.255.255/"]) refusal(raw);
  });

  it("refuses names that only resolve inside a private network, saying why", () => {
    expect(refusal("https://intranet/").message).toMatch(/without a domain.*private network/);
    expect(refusal("https://printer.local/").message).toMatch(/\.local\b/);
    expect(refusal("https://billing.internal/").message).toMatch(/\.internal/);
    expect(refusal("https://nas.home.arpa/").message).toMatch(/\.home\.arpa/);
    // A suffix is a whole label: these are ordinary public names.
    expect(assertWebhookUrl("https://notlocalhost.com/", strict)).toBe("https://notlocalhost.com/");
    expect(assertWebhookUrl("https://local.example.com/", strict)).toBe("https://local.example.com/");
  });

  it("says what is wrong and what is accepted", () => {
    expect(refusal("http://example.com/hook").message).toBe("A webhook URL must use https; this one uses http.");
    expect(refusal("ftp://example.com/", insecure).message).toBe("A webhook URL must use http or https; this one uses ftp.");
    expect(refusal("https://user:pw@example.com/").message).toMatch(/user name or password/);
    expect(refusal("https://user@example.com/").message).toMatch(/user name or password/);
    expect(refusal("not a url").message).toBe("Must be an absolute URL such as https://example.com/webhooks.");
    expect(refusal("/relative/path").message).toMatch(/absolute URL/);
    expect(refusal("https://10.0.0.1/x").message).toBe(
      "The host 10.0.0.1 is a private network address (10.0.0.0/8); webhook URLs must point at a public internet host.",
    );
  });

  it("caps the length at 2048 characters, before and after normalising", () => {
    const base = "https://example.com/";
    expect(assertWebhookUrl(base + "a".repeat(2048 - base.length), strict)).toHaveLength(2048);
    expect(refusal(base + "a".repeat(2049 - base.length)).message).toMatch(/2048/);
    // Each space in the path becomes %20: 721 characters written, 2 121 stored.
    expect(refusal(`${base}${" ".repeat(700)}x`).message).toMatch(/2048/);
  });

  describe("with allowInsecure (local development)", () => {
    it("accepts http and loopback or private hosts", () => {
      expect(assertWebhookUrl("http://127.0.0.1:9999/hook", insecure)).toBe("http://127.0.0.1:9999/hook");
      expect(assertWebhookUrl("http://localhost:3000/", insecure)).toBe("http://localhost:3000/");
      expect(assertWebhookUrl("https://[::1]/x", insecure)).toBe("https://[::1]/x");
      expect(assertWebhookUrl("http://receiver/", insecure)).toBe("http://receiver/");
    });

    it("still refuses other schemes, credentials and unparseable input", () => {
      for (const raw of ["ftp://example.com/", "file:///etc/passwd", "http://user:pw@localhost/", "not a url"]) {
        expect(refusal(raw, insecure).param).toBe("url");
      }
    });
  });
});

/** The IPv4 ranges the rule refuses, written out again here as integer arithmetic so the test does not share the module's table. */
const REFUSED_V4: readonly [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];

const toInt = (quad: string) => quad.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
const toQuad = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
const inRange = (n: number, [base, bits]: [string, number]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(toInt(base) / 2 ** (32 - bits));
const addressIn = ([base, bits]: [string, number]) => fc.integer({ min: 0, max: 2 ** (32 - bits) - 1 }).map((offset) => toInt(base) + offset);

const accepts = (raw: string) => {
  try {
    assertWebhookUrl(raw, strict);
    return true;
  } catch (err) {
    if (err instanceof DomainError && err.param === "url") return false;
    throw err;
  }
};

describe("assertWebhookUrl on IPv4 literals (properties)", () => {
  it("refuses every private, loopback, link-local, unspecified and CGNAT address written as a dotted quad", () => {
    const internal = REFUSED_V4.filter(([base]) =>
      ["0.0.0.0", "10.0.0.0", "100.64.0.0", "127.0.0.0", "169.254.0.0", "172.16.0.0", "192.168.0.0"].includes(base),
    );
    fc.assert(
      fc.property(fc.oneof(...internal.map(addressIn)), (n) => {
        expect(accepts(`https://${toQuad(n)}/hook`)).toBe(false);
        expect(accepts(`https://[::ffff:${toQuad(n)}]/hook`)).toBe(false);
        expect(accepts(`https://[2002:${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}::1]/hook`)).toBe(false); // 6to4
      }),
    );
  });

  it("accepts an address exactly when it is outside every refused range, however it is written", () => {
    const anyAddress = fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }), ...REFUSED_V4.map(addressIn));
    fc.assert(
      fc.property(anyAddress, (n) => {
        const expected = !REFUSED_V4.some((range) => inRange(n, range));
        expect(accepts(`https://${toQuad(n)}/`)).toBe(expected);
        expect(accepts(`https://${n}/`)).toBe(expected); // one decimal number, normalised by the parser
        expect(accepts(`https://0x${n.toString(16)}/`)).toBe(expected);
        expect(accepts(`https://[2002:${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}::]/`)).toBe(expected); // 6to4
      }),
      { numRuns: 500 },
    );
  });
});
