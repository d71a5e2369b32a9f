import { describe, expect, it } from "vitest";
import { DomainError } from "../../../src/domain/errors";
import { EVENT_TYPES } from "../../../src/domain/event-types";
import { enabledEventsFrom, secretRotation } from "../../../src/domain/webhook-endpoint";

function refusal(list: string[]): DomainError {
  try {
    throw new Error(`accepted ${JSON.stringify(enabledEventsFrom(list))}`);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return err;
  }
}

describe("enabledEventsFrom", () => {
  it("keeps known types in the order given, without duplicates", () => {
    expect(enabledEventsFrom(["invoice.paid", "customer.created", "invoice.paid"])).toEqual(["invoice.paid", "customer.created"]);
    expect(enabledEventsFrom([...EVENT_TYPES])).toEqual([...EVENT_TYPES]);
  });

  it('takes "*" alone, however often it is given', () => {
    expect(enabledEventsFrom(["*"])).toEqual(["*"]);
    expect(enabledEventsFrom(["*", "*"])).toEqual(["*"]);
  });

  it("refuses an empty list, unknown types and * beside named types, on enabled_events", () => {
    for (const list of [[], ["invoice.exploded"], ["invoice.paid", "Invoice.Paid"], ["*", "invoice.paid"], [""]])
      expect(refusal(list).param).toBe("enabled_events");
    expect(refusal(["invoice.paid", "invoice.exploded"]).message).toContain("'invoice.exploded'");
  });
});

describe("secretRotation", () => {
  it("is the expiry while it lies ahead, null after it or without one", () => {
    expect(secretRotation("2026-01-02T00:00:00.000Z", "2026-01-01T00:00:00.000Z")).toEqual({ previous_expires_at: "2026-01-02T00:00:00.000Z" });
    expect(secretRotation("2026-01-02T00:00:00.000Z", "2026-01-02T00:00:00.000Z")).toBeNull();
    expect(secretRotation(null, "2026-01-01T00:00:00.000Z")).toBeNull();
  });
});
