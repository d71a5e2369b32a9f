/*
 * Fonts for tests: the same static assets the Worker ships (the vitest plugin serves the
 * [assets] directory of wrangler.toml through env.ASSETS, as `wrangler dev` does).
 */
import { env } from "cloudflare:workers";
import { assetFontProvider, type FontProvider } from "../../src/services/pdf/font-provider";

/** The fonts as production reads them. */
export function shippedFonts(): FontProvider {
  return assetFontProvider(env.ASSETS);
}

/** Assets that answer `status` for every chunk whose name matches `missing` (a fresh cache, so nothing is served from memory). */
export function fontsMissing(missing: RegExp, status = 404): FontProvider {
  const assets = {
    fetch: (input: RequestInfo | URL) => {
      const url = String(input instanceof Request ? input.url : input);
      return missing.test(url) ? Promise.resolve(new Response("not found", { status })) : env.ASSETS.fetch(url);
    },
  } as Fetcher;
  return assetFontProvider(assets, new Map());
}

/** Wraps a provider and records which chunks ("sans/00", "cjk/41") were asked for. */
export function recordingProvider(inner: FontProvider): FontProvider & { requested: string[] } {
  const requested: string[] = [];
  return {
    requested,
    load(chunk) {
      requested.push(chunk);
      return inner.load(chunk);
    },
  };
}
