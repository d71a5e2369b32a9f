import { describe, expect, it } from "vitest";
import { wrapText } from "../../../src/services/pdf/text-wrap";

// One unit per character keeps the expectations readable.
const measure = (s: string) => [...s].length;

describe("wrapText", () => {
  it("breaks on spaces, greedily", () => {
    expect(wrapText("the quick brown fox jumps", 10, measure)).toEqual(["the quick", "brown fox", "jumps"]);
  });

  it("keeps explicit line breaks and empty paragraphs", () => {
    expect(wrapText("one\n\ntwo\r\nthree", 10, measure)).toEqual(["one", "", "two", "three"]);
  });

  it("breaks a word wider than the line, and CJK text without spaces", () => {
    expect(wrapText("DE89370400440532013000", 8, measure)).toEqual(["DE893704", "00440532", "013000"]);
    expect(wrapText("東京都千代田区丸の内", 4, measure)).toEqual(["東京都千", "代田区丸", "の内"]);
  });

  it("never splits a surrogate pair", () => {
    const lines = wrapText("𠀀𠀁𠀂", 2, measure);
    expect(lines).toEqual(["𠀀𠀁", "𠀂"]);
  });

  it("fits every line within the width unless a single character is wider", () => {
    const text = "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor";
    for (const width of [5, 12, 30]) for (const line of wrapText(text, width, measure)) expect(measure(line)).toBeLessThanOrEqual(width);
  });
});
