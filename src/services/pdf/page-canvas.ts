/*
 * A cursor over the document's pages: draws strings through the FontSet (so every string,
 * in any script, goes through pdf-lib's text API one font run at a time) and starts a new
 * page when the next block would cross the bottom margin.
 */
import {
  type PDFDocument,
  type PDFFont,
  type PDFName,
  type PDFOperator,
  type PDFPage,
  type RGB,
  beginText,
  endText,
  rgb,
  setFillingRgbColor,
  setFontAndSize,
  setTextMatrix,
  showText,
} from "pdf-lib";
import type { FontSet } from "./font-set";
import { BODY_BOTTOM, CONTINUATION_BODY_TOP, MARGIN_TOP, PAGE_HEIGHT, PAGE_WIDTH, SIZE } from "./layout";
import { wrapText } from "./text-wrap";
import { cleanText } from "./text-scripts";

export const INK = rgb(0.12, 0.14, 0.18);
export const MUTED = rgb(0.42, 0.45, 0.5);
export const HAIRLINE = rgb(0.85, 0.87, 0.9);

/** Two decimals are a 1/7200 inch: plenty, and shorter content streams to write and deflate. */
const round = (n: number) => Math.round(n * 100) / 100;

export type TextStyle = { size?: number; bold?: boolean; color?: RGB; align?: "left" | "right" };

export class PageCanvas {
  readonly pages: PDFPage[] = [];
  private readonly fontKeys = new Map<PDFPage, Map<PDFFont, PDFName>>();
  /** Text state last set on each page; everything else pdf-lib draws is wrapped in q/Q. */
  private readonly textState = new Map<PDFPage, { font?: PDFName; size?: number; color?: string }>();
  page!: PDFPage;
  /** Baseline cursor, moving down the page. */
  y = 0;
  /** Runs after each page break, e.g. to repeat the table header. */
  onPageBreak: (() => void) | null = null;
  /** Draws the running header of a continuation page. */
  onContinuationPage: (() => void) | null = null;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: FontSet,
    readonly accent: RGB,
  ) {}

  startFirstPage(): void {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.pages.push(this.page);
    this.y = PAGE_HEIGHT - MARGIN_TOP;
  }

  newPage(): void {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.pages.push(this.page);
    this.y = CONTINUATION_BODY_TOP;
    this.onContinuationPage?.();
    this.onPageBreak?.();
  }

  /** Starts a new page unless `height` more points fit above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height < BODY_BOTTOM) this.newPage();
  }

  fits(height: number): boolean {
    return this.y - height >= BODY_BOTTOM;
  }

  width(text: string, style: TextStyle = {}): number {
    return this.fonts.width(cleanText(text), style.size ?? SIZE.body, style.bold);
  }

  /** Draws one line at (x, baseline); with align "right", x is the right edge. Returns its width. */
  text(text: string, x: number, baseline: number, style: TextStyle = {}, page: PDFPage = this.page): number {
    const size = style.size ?? SIZE.body;
    const clean = cleanText(text);
    const runs = this.fonts.runs(clean, style.bold);
    const width = this.fonts.width(clean, size, style.bold);
    let cursor = style.align === "right" ? x - width : x;
    const color = style.color ?? INK;
    const state = this.textState.get(page) ?? {};
    this.textState.set(page, state);
    const ops: PDFOperator[] = [beginText()];
    const colorKey = `${color.red} ${color.green} ${color.blue}`;
    if (state.color !== colorKey) {
      ops.push(setFillingRgbColor(color.red, color.green, color.blue));
      state.color = colorKey;
    }
    for (const [i, run] of runs.entries()) {
      const key = this.fontKey(page, run.font);
      if (state.font !== key || state.size !== size) {
        ops.push(setFontAndSize(key, size));
        state.font = key;
        state.size = size;
      }
      // The font's own encodeText (a hex string of glyph ids, which also records the glyphs
      // for subsetting) is the only way text enters the content stream. A right-to-left run is
      // drawn in visual order (ToUnicode keeps each glyph's character, so readers recover the
      // logical order).
      const drawn = run.face.rightToLeft ? Array.from(run.text).reverse().join("") : run.text;
      ops.push(setTextMatrix(1, 0, 0, 1, round(cursor), round(baseline)), showText(run.font.encodeText(drawn)));
      if (i < runs.length - 1) cursor += run.face.widthOf(run.text, size);
    }
    ops.push(endText());
    page.pushOperators(...ops);
    return width;
  }

  /**
   * One resource name per font and page. page.drawText would add a fresh /Font entry on
   * every call (and look the dictionary up each time), which dominated small renders.
   */
  private fontKey(page: PDFPage, font: PDFFont): PDFName {
    let keys = this.fontKeys.get(page);
    if (!keys) this.fontKeys.set(page, (keys = new Map()));
    let key = keys.get(font);
    if (!key) keys.set(font, (key = page.node.newFontDictionary(font.name, font.ref)));
    return key;
  }

  wrap(text: string, maxWidth: number, style: TextStyle = {}): string[] {
    const size = style.size ?? SIZE.body;
    return wrapText(text, maxWidth, (s) => this.fonts.width(cleanText(s), size, style.bold));
  }

  rule(x1: number, x2: number, y: number, color: RGB = HAIRLINE, thickness = 0.6): void {
    this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness, color });
  }
}
