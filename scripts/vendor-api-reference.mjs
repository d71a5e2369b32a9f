#!/usr/bin/env node
/**
 * Puts Scalar's standalone API reference bundle into the Worker's static assets, so /docs
 * loads no script from a CDN (it works offline and under a CSP that allows only 'self').
 * The copy is committed; run this only to change its version:
 *
 *   npm run docs:vendor -- 1.76.0     (default: the version in assets/docs/scalar-api-reference.version)
 *
 * The package is fetched with `npm pack` rather than kept as a dependency: one 4.8 MB file is
 * all it contributes, and installing it pulls in ~300 packages.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "assets/docs");
const versionFile = path.join(out, "scalar-api-reference.version");
const version = process.argv[2] ?? readFileSync(versionFile, "utf8").trim();
const work = mkdtempSync(path.join(tmpdir(), "scalar-"));
try {
  const tarball = execFileSync("npm", ["pack", `@scalar/api-reference@${version}`, "--silent", "--pack-destination", work], { encoding: "utf8" }).trim();
  execFileSync("tar", ["-xzf", path.join(work, tarball), "-C", work, "package/dist/browser/standalone.js"]);
  copyFileSync(path.join(work, "package/dist/browser/standalone.js"), path.join(out, "scalar-api-reference.js"));
  writeFileSync(versionFile, `${version}\n`);
  console.log(`docs: @scalar/api-reference ${version} -> assets/docs/scalar-api-reference.js`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
