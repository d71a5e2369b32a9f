import { describe, expect, it } from "vitest";
import { addDays, dateInZone, dueDateFromTerms, overdueInstant } from "../../src/domain/dates";
import { DomainError } from "../../src/domain/errors";

const LA = "America/Los_Angeles"; // UTC−8, UTC−7 in summer
const TOKYO = "Asia/Tokyo"; // UTC+9, no DST

describe("dueDateFromTerms", () => {
  it("adds the net days to the issue date (seed: Net 30 from 2024-01-19 is 2024-02-18)", () => {
    expect(dueDateFromTerms("2024-01-19", "Net 30")).toBe("2024-02-18");
    expect(dueDateFromTerms("2024-01-19", "net15")).toBe("2024-02-03");
    expect(dueDateFromTerms("2024-02-15", "Net 30")).toBe("2024-03-16"); // leap February
    expect(dueDateFromTerms("2023-02-15", "Net 30")).toBe("2023-03-17");
    expect(dueDateFromTerms("2024-12-15", "Net 30")).toBe("2025-01-14");
    expect(dueDateFromTerms("2024-01-19", "Net 0")).toBe("2024-01-19");
  });

  it("makes 'Due on receipt' due on the issue date", () => {
    expect(dueDateFromTerms("2024-01-19", "Due on receipt")).toBe("2024-01-19");
    expect(dueDateFromTerms("2024-01-19", "due_on_receipt")).toBe("2024-01-19");
  });

  it("refuses terms it cannot read, naming the field", () => {
    expect(() => dueDateFromTerms("2024-01-19", "End of month")).toThrow(DomainError);
    try {
      dueDateFromTerms("2024-01-19", "Net thirty", "default_payment_terms");
    } catch (err) {
      expect((err as DomainError).param).toBe("default_payment_terms");
    }
  });
});

describe("dateInZone", () => {
  it("gives the calendar date west and east of UTC for one instant", () => {
    const instant = new Date("2024-01-19T07:30:00Z");
    expect(dateInZone(instant, "UTC")).toBe("2024-01-19");
    expect(dateInZone(instant, LA)).toBe("2024-01-18"); // 23:30 the evening before
    expect(dateInZone(instant, TOKYO)).toBe("2024-01-19"); // 16:30
    expect(dateInZone(new Date("2024-01-19T15:30:00Z"), TOKYO)).toBe("2024-01-20"); // 00:30 next day
    expect(dateInZone(new Date("2024-12-31T23:59:59Z"), TOKYO)).toBe("2025-01-01");
  });
});

describe("overdueInstant", () => {
  it("is local midnight after the due date, in UTC", () => {
    expect(overdueInstant("2024-02-18", LA).toISOString()).toBe("2024-02-19T08:00:00.000Z");
    expect(overdueInstant("2024-02-18", TOKYO).toISOString()).toBe("2024-02-18T15:00:00.000Z");
    expect(overdueInstant("2024-02-18", "UTC").toISOString()).toBe("2024-02-19T00:00:00.000Z");
  });

  it("follows Los Angeles across both DST changes", () => {
    // Clocks go forward at 02:00 on 2024-03-10: that midnight is still PST, the next is PDT.
    expect(overdueInstant("2024-03-09", LA).toISOString()).toBe("2024-03-10T08:00:00.000Z");
    expect(overdueInstant("2024-03-10", LA).toISOString()).toBe("2024-03-11T07:00:00.000Z");
    // Clocks go back at 02:00 on 2024-11-03.
    expect(overdueInstant("2024-11-02", LA).toISOString()).toBe("2024-11-03T07:00:00.000Z");
    expect(overdueInstant("2024-11-03", LA).toISOString()).toBe("2024-11-04T08:00:00.000Z");
  });

  it("is the first instant of the next local day, for every day of a year in several zones", () => {
    // São Paulo 2018 and Beirut move their clocks at midnight (that midnight never happens), Lord Howe by 30 minutes.
    const zones: [string, string][] = [
      [LA, "2024-01-01"],
      [TOKYO, "2024-01-01"],
      ["America/Sao_Paulo", "2018-01-01"],
      ["Australia/Lord_Howe", "2024-01-01"],
      ["Asia/Beirut", "2024-01-01"],
    ];
    for (const [zone, start] of zones) {
      for (let d = 0; d < 366; d++) {
        const due = addDays(start, d);
        const instant = overdueInstant(due, zone);
        expect(dateInZone(instant, zone), `${zone} ${due}`).toBe(addDays(due, 1));
        expect(dateInZone(new Date(instant.getTime() - 1000), zone), `${zone} ${due} a second earlier`).toBe(due);
      }
    }
  });
});
