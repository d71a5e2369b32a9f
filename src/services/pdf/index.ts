export { renderInvoicePdf } from "./render-invoice-pdf";
export type { RenderInput } from "./invoice-view";
export { assetFontProvider, FontUnavailableError, noFonts, type FontProvider } from "./font-provider";
