#!/usr/bin/env node
/**
 * Copies Scalar's standalone API reference bundle from node_modules into the Worker's static
 * assets, so /docs loads no script from a CDN (it works offline and under a CSP that allows
 * only 'self'). The copy is committed; run this after upgrading @scalar/api-reference:
 *
 *   npm run docs:vendor
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pkg = path.join(root, "node_modules/@scalar/api-reference");
const { version } = JSON.parse(readFileSync(path.join(pkg, "package.json"), "utf8"));
const out = path.join(root, "assets/docs");
mkdirSync(out, { recursive: true });
copyFileSync(path.join(pkg, "dist/browser/standalone.js"), path.join(out, "scalar-api-reference.js"));
writeFileSync(path.join(out, "scalar-api-reference.version"), `${version}\n`);
console.log(`docs: @scalar/api-reference ${version} -> assets/docs/scalar-api-reference.js`);
