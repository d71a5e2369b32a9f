export { renderInvoicePdf } from "./render-invoice-pdf";
export type { RenderInput } from "./invoice-view";
export { FONT_FILES, FONT_KEY_PREFIX, noFonts, r2FontProvider, type FontFace, type FontProvider } from "./font-provider";
