import { describe, expect, it } from "vitest";
import { DomainError } from "../../../src/domain/errors";
import { normaliseAddressList, normaliseDisplayName, normaliseEmailAddress } from "../../../src/services/mail/addresses";

describe("normaliseEmailAddress", () => {
  it.each([
    ["billing@acme.com", "billing@acme.com"],
    ["  Billing.Team+inv@ACME.Example.COM ", "Billing.Team+inv@acme.example.com"],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ["user@bücher.de", "user@xn--bcher-kva.de"],
    ["a@xn--bcher-kva.de", "a@xn--bcher-kva.de"],
  ])("accepts %j", (input, expected) => {
    expect(normaliseEmailAddress(input, "to.0")).toBe(expected);
  });

  it.each([
    "a@b.co\r\nBcc: x@y.z",
    "a@b.co\nBcc: x@y.z",
    "a@b.co\rX: y",
    "a\0@b.co",
    "a@b.co, c@d.co",
    "a@b.co;c@d.co",
    "Name <a@b.co>",
    "<a@b.co>",
    '"a"@b.co',
    "a b@c.co",
    "a@b",
    "a@-b.co",
    "a@b.c",
    "@b.co",
    "a@",
    "a@@b.co",
    "a@b@c.co",
    "a..b@c.co",
    ".a@b.co",
    "a@b..co",
    "a@[127.0.0.1]",
    "ünïcode@b.co",
    "a@bü.de/evil.com",
    "a@bü.de?x=1",
    "a@bü.de:25",
    "a@b.co/x",
    `${"a".repeat(65)}@b.co`,
    `a@${"b".repeat(250)}.co`,
    "",
    "   ",
  ])("refuses %j with the caller's param", (input) => {
    let error: unknown;
    try {
      normaliseEmailAddress(input, "cc.3");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).param).toBe("cc.3");
  });

  it("refuses what is not a string", () => {
    expect(() => normaliseEmailAddress(42, "to.0")).toThrow(DomainError);
    expect(() => normaliseEmailAddress(null, "to.0")).toThrow(DomainError);
  });
});

describe("normaliseAddressList", () => {
  it("names the failing item and drops duplicates", () => {
    expect(normaliseAddressList(["a@b.co", "A@B.CO", "c@d.co"], "cc")).toEqual(["a@b.co", "c@d.co"]);
    expect(() => normaliseAddressList(["a@b.co", "x@y.z\r\nBcc: e@v.il"], "bcc")).toThrow(expect.objectContaining({ param: "bcc.1" }));
    expect(normaliseAddressList(undefined, "cc")).toEqual([]);
  });
});

describe("normaliseDisplayName", () => {
  it("turns line breaks and controls into spaces instead of failing", () => {
    expect(normaliseDisplayName("Evil\r\nBcc: x@y.z")).toBe("Evil Bcc: x@y.z");
    expect(normaliseDisplayName("A\u0000B\u0007C\u2028D\u0085E")).toBe("A B C D E");
    expect(normaliseDisplayName("  Zoë   Ångström ")).toBe("Zoë Ångström");
  });

  it("drops bidi overrides that could disguise a name", () => {
    expect(normaliseDisplayName("Acme\u202Egnp.exe")).toBe("Acme gnp.exe");
  });

  it("returns null for nothing printable and caps length", () => {
    expect(normaliseDisplayName("\r\n\t")).toBeNull();
    expect(normaliseDisplayName(null)).toBeNull();
    expect(Array.from(normaliseDisplayName("é".repeat(500)) ?? "")).toHaveLength(200);
  });
});
