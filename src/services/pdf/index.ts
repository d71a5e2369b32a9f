export { renderInvoicePdf, renderInvoicePdfDocument } from "./render-invoice-pdf";
export { renderCreditNotePdf } from "./render-credit-note-pdf";
export type { RenderInput } from "./invoice-view";
export type { RenderOptions } from "./render-document";
export type { CreditNoteRenderInput } from "./credit-note-view";
export { assetFontProvider, FontUnavailableError, noFonts, type FontProvider } from "./font-provider";
