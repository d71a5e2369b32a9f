import { describe, expect, it } from "vitest";
import { srgbIccProfile } from "../../../src/services/e-invoice/srgb-icc";

/*
 * The generated profile read back as an ICC reader would: a header whose size is the file's,
 * a tag table whose every entry points inside the file on a 4-byte boundary, and the tags a
 * v2 RGB display profile must carry (ICC.1:2001 6.3.1.2). A PDF/A validator rejects an
 * OutputIntent whose profile fails any of these.
 */

const ascii = (bytes: Uint8Array, at: number, length = 4) => String.fromCharCode(...bytes.subarray(at, at + length));
const s15 = (view: DataView, at: number) => view.getInt32(at) / 65536;

function parse(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(128);
  const tags = Array.from({ length: count }, (_, i) => ({
    signature: ascii(bytes, 132 + i * 12),
    offset: view.getUint32(132 + i * 12 + 4),
    size: view.getUint32(132 + i * 12 + 8),
  }));
  return { view, tags };
}

describe("srgbIccProfile", () => {
  const bytes = srgbIccProfile();
  const { view, tags } = parse(bytes);

  it("has a v2 display RGB header whose size is the byte length", () => {
    expect(view.getUint32(0)).toBe(bytes.length);
    expect(bytes.length % 4).toBe(0);
    expect(view.getUint8(8)).toBe(2);
    expect(ascii(bytes, 12)).toBe("mntr");
    expect(ascii(bytes, 16)).toBe("RGB ");
    expect(ascii(bytes, 20)).toBe("XYZ ");
    expect(ascii(bytes, 36)).toBe("acsp");
    // The PCS illuminant is D50.
    expect(s15(view, 68)).toBeCloseTo(0.9642, 4);
    expect(s15(view, 72)).toBeCloseTo(1, 4);
    expect(s15(view, 76)).toBeCloseTo(0.8249, 4);
  });

  it("has every required tag, each inside the file and 4-byte aligned, its data of the type named", () => {
    expect(tags.map((t) => t.signature).sort()).toEqual(["bTRC", "bXYZ", "cprt", "desc", "gTRC", "gXYZ", "rTRC", "rXYZ", "wtpt"]);
    const tableEnd = 132 + tags.length * 12;
    const types: Record<string, string> = {
      desc: "desc",
      cprt: "text",
      wtpt: "XYZ ",
      rXYZ: "XYZ ",
      gXYZ: "XYZ ",
      bXYZ: "XYZ ",
      rTRC: "curv",
      gTRC: "curv",
      bTRC: "curv",
    };
    for (const tag of tags) {
      expect(tag.offset % 4, tag.signature).toBe(0);
      expect(tag.offset, tag.signature).toBeGreaterThanOrEqual(tableEnd);
      expect(tag.offset + tag.size, tag.signature).toBeLessThanOrEqual(bytes.length);
      expect(ascii(bytes, tag.offset), tag.signature).toBe(types[tag.signature]);
    }
    const desc = tags.find((t) => t.signature === "desc")!;
    expect(ascii(bytes, desc.offset + 12, view.getUint32(desc.offset + 8) - 1)).toBe("sRGB IEC61966-2.1");
  });

  it("has colorants that sum to the D50 white and one monotone sRGB curve shared by the three channels", () => {
    const xyz = (signature: string) => {
      const at = tags.find((t) => t.signature === signature)!.offset + 8;
      return [0, 1, 2].map((i) => s15(view, at + i * 4));
    };
    const sum = [0, 1, 2].map((i) => xyz("rXYZ")[i]! + xyz("gXYZ")[i]! + xyz("bXYZ")[i]!);
    expect(sum[0]).toBeCloseTo(0.9642, 3);
    expect(sum[1]).toBeCloseTo(1, 3);
    expect(sum[2]).toBeCloseTo(0.8249, 3);

    const curves = tags.filter((t) => t.signature.endsWith("TRC"));
    expect(new Set(curves.map((t) => t.offset)).size).toBe(1);
    const at = curves[0]!.offset;
    const points = view.getUint32(at + 8);
    expect(curves[0]!.size).toBe(12 + points * 2);
    const values = Array.from({ length: points }, (_, i) => view.getUint16(at + 12 + i * 2));
    expect(values[0]).toBe(0);
    expect(values.at(-1)).toBe(65535);
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    // Mid-grey (sRGB 0.5) is about 21.4 % linear light.
    expect(values[Math.round((points - 1) / 2)]! / 65535).toBeCloseTo(0.214, 2);
  });

  it("is built once per isolate", () => {
    expect(srgbIccProfile()).toBe(bytes);
  });
});
