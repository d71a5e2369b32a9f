#!/usr/bin/env node
/**
 * Copies the PDF fonts from node_modules into the DOCUMENTS bucket under fonts/<file>.
 * They live in R2, not in the Worker bundle: Noto Sans JP alone is 5 MB, and the bundle
 * must stay well under 1 MiB gzip.
 *
 *   node scripts/upload-fonts.mjs            local R2 (what `wrangler dev` reads)
 *   node scripts/upload-fonts.mjs --remote   the deployed bucket
 *   --force                                  upload even if the local copy is current
 *
 * File names must match FONT_FILES in src/services/pdf/font-provider.ts (a test checks it).
 * Locally, a stamp in .wrangler/ remembers what was uploaded so `npm start` stays fast.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const remote = process.argv.includes("--remote");
const force = process.argv.includes("--force");
const sources = JSON.parse(readFileSync(path.join(root, "scripts/font-sources.json"), "utf8"));
const bucket = documentsBucketName(readFileSync(path.join(root, "wrangler.toml"), "utf8"));
// Inside the local state directory, so wiping the state also forgets the upload.
const stampFile = path.join(root, ".wrangler/state/fonts-uploaded.json");

const files = Object.entries(sources).map(([name, source]) => {
  const file = path.join(root, "node_modules", source);
  if (!existsSync(file)) throw new Error(`${source} is missing: run npm install`);
  return { name, file, size: statSync(file).size };
});

const stamp = JSON.stringify({ bucket, files: files.map(({ name, size }) => [name, size]) });
if (!remote && !force && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) {
  console.log(`fonts: local R2 bucket ${bucket} is current`);
  process.exit(0);
}

for (const { name, file, size } of files) {
  const key = `fonts/${name}`;
  console.log(`fonts: ${key} (${(size / 1024).toFixed(0)} KiB) -> ${bucket} ${remote ? "(remote)" : "(local)"}`);
  const contentType = name.endsWith(".woff") ? "font/woff" : "font/ttf";
  const args = ["wrangler", "r2", "object", "put", `${bucket}/${key}`, "--file", file, "--content-type", contentType, remote ? "--remote" : "--local"];
  const result = spawnSync("npx", args, { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) {
    console.error(`fonts: upload of ${key} failed`);
    process.exit(result.status ?? 1);
  }
}

if (!remote) {
  mkdirSync(path.dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, stamp);
}

/** bucket_name of the [[r2_buckets]] entry bound as DOCUMENTS. */
function documentsBucketName(toml) {
  for (const block of toml.split(/^\[\[r2_buckets\]\]\s*$/m).slice(1)) {
    const section = block.split(/^\[/m)[0];
    if (/^\s*binding\s*=\s*"DOCUMENTS"/m.test(section)) {
      const match = /^\s*bucket_name\s*=\s*"([^"]+)"/m.exec(section);
      if (match) return match[1];
    }
  }
  throw new Error("wrangler.toml has no R2 bucket bound as DOCUMENTS");
}
