/*
 * Where font bytes come from. The fonts ship with the Worker as static assets, cut by
 * Unicode range into small files (assets/fonts/<face>/<chunk>.ttf, written by
 * scripts/split-fonts.mjs), and are read through the ASSETS binding: `wrangler dev` and
 * `wrangler deploy` carry them, so there is no upload step that a setup can skip. The
 * bundle carries only the manifest saying which chunk holds which characters.
 */
import { UnavailableError } from "../../domain/errors";

export interface FontProvider {
  /**
   * The TrueType bytes of one chunk, named "<face>/<chunk>" as in font-chunks.json. Throws
   * FontUnavailableError when it cannot be had: the renderer never draws without a face
   * the text needs.
   */
  load(chunk: string): Promise<Uint8Array>;
}

/**
 * A render could not load a face its text needs. Retryable by design (the cause is a failed
 * read, not the invoice), and thrown before anything is stored, so a lossy PDF never becomes
 * the invoice's permanent document.
 */
export class FontUnavailableError extends UnavailableError {
  constructor(
    readonly chunk: string,
    cause?: unknown,
  ) {
    super("pdf_font_unavailable", "The PDF could not be rendered because a font it needs failed to load. Nothing was stored; retry the request.");
    this.name = "FontUnavailableError";
    this.cause = cause;
  }
}

/** Bytes already read in this isolate. Fonts never change within a deployment. */
const LOADED = new Map<string, Uint8Array>();

/**
 * Reads chunks from the Worker's static assets. Loaded bytes are kept for the isolate's life
 * (and the same instance is handed out again, which lets the parsed face be reused too);
 * only settled bytes are shared, never a pending read, which belongs to one request.
 */
export function assetFontProvider(assets: Fetcher, cache: Map<string, Uint8Array> = LOADED): FontProvider {
  return {
    async load(chunk) {
      const cached = cache.get(chunk);
      if (cached) return cached;
      let response: Response;
      try {
        response = await assets.fetch(`https://assets.internal/fonts/${chunk}.ttf`);
      } catch (error) {
        throw new FontUnavailableError(chunk, error);
      }
      if (!response.ok) throw new FontUnavailableError(chunk, new Error(`assets answered ${response.status}`));
      const bytes = new Uint8Array(await response.arrayBuffer());
      cache.set(chunk, bytes);
      return bytes;
    },
  };
}

/** A provider with no fonts: Latin (WinAnsi) text still renders with the built-in Helvetica; anything else fails. */
export const noFonts: FontProvider = {
  load: async (chunk) => {
    throw new FontUnavailableError(chunk);
  },
};
