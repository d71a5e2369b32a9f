/*
 * An sRGB IEC61966-2.1 ICC profile (version 2.1, display class, matrix/TRC), built in code.
 * PDF/A-3 (ISO 19005-3 6.2.3) needs an OutputIntent whose DestOutputProfile is an ICC profile
 * before DeviceRGB may be used, and the renderer draws in DeviceRGB. No profile file ships
 * with the Worker, and the profile is just the sRGB primaries and transfer curve, so it is
 * written here: about 2.3 KB, built once per isolate.
 *
 * Layout (ICC.1:2001-04): a 128-byte header, the tag table, then each tag's data on a 4-byte
 * boundary. The tags are the ones a v2 RGB display profile must have (ICC.1 6.3.1.2): desc,
 * cprt, wtpt, the D50-adapted colorants rXYZ/gXYZ/bXYZ, and one 'curv' shared by
 * rTRC/gTRC/bTRC (tags may share data, ICC.1 6.4).
 */

/** The name the OutputIntent gives the profile (OutputConditionIdentifier and Info). */
export const SRGB_CONDITION = "sRGB IEC61966-2.1";

// PCS illuminant D50, as the header and the white point carry it (ICC.1 6.1.13).
const D50: [number, number, number] = [0.9642, 1.0, 0.8249];
// The sRGB primaries chromatically adapted to D50 (Bradford), as in the IEC 61966-2.1 profile;
// their sum is the D50 white.
const RED: [number, number, number] = [0.4360747, 0.2225045, 0.0139322];
const GREEN: [number, number, number] = [0.3850649, 0.7168786, 0.0971045];
const BLUE: [number, number, number] = [0.1430804, 0.0606169, 0.7141733];
const CURVE_POINTS = 1024;

let built: Uint8Array | undefined;

/** The profile's bytes; the same array every call, so callers must not modify it. */
export function srgbIccProfile(): Uint8Array {
  built ??= buildProfile();
  return built;
}

function buildProfile(): Uint8Array {
  const curve = curveTag();
  const data: Array<[string, Uint8Array]> = [
    ["desc", descriptionTag(SRGB_CONDITION)],
    ["cprt", textTag("No copyright, use freely")],
    ["wtpt", xyzTag(D50)],
    ["rXYZ", xyzTag(RED)],
    ["gXYZ", xyzTag(GREEN)],
    ["bXYZ", xyzTag(BLUE)],
    ["rTRC", curve],
    ["gTRC", curve],
    ["bTRC", curve],
  ];
  const tableEnd = 128 + 4 + data.length * 12;
  const placed = new Map<Uint8Array, number>();
  let end = tableEnd;
  for (const [, bytes] of data)
    if (!placed.has(bytes)) {
      placed.set(bytes, end);
      end = align4(end + bytes.length);
    }

  const out = new Uint8Array(end);
  const view = new DataView(out.buffer);
  writeHeader(view, out, end);
  view.setUint32(128, data.length);
  data.forEach(([signature, bytes], i) => {
    const at = 132 + i * 12;
    ascii(out, at, signature);
    view.setUint32(at + 4, placed.get(bytes)!);
    view.setUint32(at + 8, bytes.length);
  });
  for (const [bytes, offset] of placed) out.set(bytes, offset);
  return out;
}

function writeHeader(view: DataView, out: Uint8Array, size: number): void {
  view.setUint32(0, size);
  view.setUint32(8, 0x02100000); // version 2.1.0
  ascii(out, 12, "mntr");
  ascii(out, 16, "RGB ");
  ascii(out, 20, "XYZ ");
  // A fixed creation date keeps the profile, and so the file, the same on every render.
  for (const [i, n] of [2026, 1, 1, 0, 0, 0].entries()) view.setUint16(24 + i * 2, n);
  ascii(out, 36, "acsp");
  view.setUint32(64, 0); // perceptual rendering intent
  writeXyz(view, 68, D50);
}

/** textDescriptionType (ICC.1:2001 6.5.17): ASCII, then empty Unicode and ScriptCode parts. */
function descriptionTag(text: string): Uint8Array {
  const out = new Uint8Array(12 + text.length + 1 + 4 + 4 + 2 + 1 + 67);
  ascii(out, 0, "desc");
  new DataView(out.buffer).setUint32(8, text.length + 1);
  ascii(out, 12, text);
  return out;
}

/** textType (ICC.1:2001 6.5.18): NUL-terminated ASCII. */
function textTag(text: string): Uint8Array {
  const out = new Uint8Array(8 + text.length + 1);
  ascii(out, 0, "text");
  ascii(out, 8, text);
  return out;
}

function xyzTag(xyz: [number, number, number]): Uint8Array {
  const out = new Uint8Array(20);
  ascii(out, 0, "XYZ ");
  writeXyz(new DataView(out.buffer), 8, xyz);
  return out;
}

/** curveType with the sRGB transfer function (IEC 61966-2-1 5.2) sampled at 1024 points. */
function curveTag(): Uint8Array {
  const out = new Uint8Array(12 + CURVE_POINTS * 2);
  const view = new DataView(out.buffer);
  ascii(out, 0, "curv");
  view.setUint32(8, CURVE_POINTS);
  for (let i = 0; i < CURVE_POINTS; i++) {
    const v = i / (CURVE_POINTS - 1);
    const linear = v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    view.setUint16(12 + i * 2, Math.round(linear * 65535));
  }
  return out;
}

/** Three s15Fixed16Number values. */
function writeXyz(view: DataView, at: number, [x, y, z]: [number, number, number]): void {
  for (const [i, n] of [x, y, z].entries()) view.setInt32(at + i * 4, Math.round(n * 65536));
}

function ascii(out: Uint8Array, at: number, text: string): void {
  for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
}

const align4 = (n: number) => (n + 3) & ~3;
