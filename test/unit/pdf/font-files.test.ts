import { describe, expect, it } from "vitest";
import sources from "../../../scripts/font-sources.json";
import { FONT_FILES } from "../../../src/services/pdf/font-provider";

describe("font files", () => {
  it("are exactly the files scripts/upload-fonts.mjs puts into R2", () => {
    expect(Object.keys(sources).sort()).toEqual(Object.values(FONT_FILES).sort());
  });

  it("are TrueType or WOFF, which @pdf-lib/fontkit subsets correctly (not WOFF2, not CFF)", () => {
    for (const name of Object.keys(sources)) expect(name).toMatch(/\.(ttf|woff)$/);
  });
});
