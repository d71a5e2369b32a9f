/*
 * The PDF fonts read from assets/fonts, each chunk once, handing out the same bytes every time
 * as the Worker's asset provider does: for the benchmarks that render outside workerd.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FontProvider } from "../../src/services/pdf/font-provider";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cache = new Map<string, Uint8Array>();

export const fileFonts: FontProvider = {
  async load(chunk) {
    let bytes = cache.get(chunk);
    if (!bytes) {
      bytes = new Uint8Array(readFileSync(path.join(root, "assets/fonts", `${chunk}.ttf`)));
      cache.set(chunk, bytes);
    }
    return bytes;
  },
};
