import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, sequencePagination } from "../../../src/routes/sequence/sequence-pagination";
import { LATEST_SEQUENCE_VERSION, resolveSequenceVersion } from "../../../src/routes/sequence/sequence-version";

describe("cursors", () => {
  it("round-trip an id, as base64 like Sequence's", () => {
    expect(encodeCursor("inv_3xk9c2")).toBe(btoa("inv_3xk9c2"));
    expect(decodeCursor(encodeCursor("inv_3xk9c2"))).toBe("inv_3xk9c2");
  });

  it("refuse what is not one of ours", () => {
    expect(decodeCursor("%%%")).toBeNull();
    expect(decodeCursor(btoa("inv_1' OR 1=1"))).toBeNull();
    expect(decodeCursor("")).toBeNull();
  });
});

describe("sequencePagination", () => {
  const ids = ["inv_a", "inv_b", "inv_c"];
  const total = 9;

  it("on the first page gives only a next cursor, and only when there is more", () => {
    expect(sequencePagination({ ids, hasMore: true, totalResultSize: total }, {})).toEqual({
      after: encodeCursor("inv_c"),
      before: null,
      totalResultSize: 9,
    });
    expect(sequencePagination({ ids, hasMore: false, totalResultSize: 3 }, {})).toEqual({ after: null, before: null, totalResultSize: 3 });
  });

  it("walking forward from a cursor also points back", () => {
    const p = sequencePagination({ ids, hasMore: false, totalResultSize: total }, { after: encodeCursor("inv_z") });
    expect(p).toEqual({ after: null, before: encodeCursor("inv_a"), totalResultSize: 9 });
  });

  it("walking back points forward, and further back only when there is more", () => {
    const more = sequencePagination({ ids, hasMore: true, totalResultSize: total }, { before: encodeCursor("inv_d") });
    expect(more).toEqual({ after: encodeCursor("inv_c"), before: encodeCursor("inv_a"), totalResultSize: 9 });
    const start = sequencePagination({ ids, hasMore: false, totalResultSize: total }, { before: encodeCursor("inv_d") });
    expect(start.before).toBeNull();
  });

  it("gives no cursors for an empty page", () => {
    expect(sequencePagination({ ids: [], hasMore: false, totalResultSize: 0 }, {})).toEqual({ after: null, before: null, totalResultSize: 0 });
  });
});

describe("resolveSequenceVersion", () => {
  it("takes 2024-07-30, defaults to the latest, and refuses others", () => {
    expect(resolveSequenceVersion("2024-07-30")).toBe("2024-07-30");
    expect(resolveSequenceVersion(undefined)).toBe(LATEST_SEQUENCE_VERSION);
    expect(resolveSequenceVersion("")).toBe(LATEST_SEQUENCE_VERSION);
    expect(resolveSequenceVersion("2017-01-01")).toBeNull();
    expect(resolveSequenceVersion("2024-01-01")).toBeNull();
  });
});
