export { renderInvoicePdf } from "./render-invoice-pdf";
export { renderCreditNotePdf } from "./render-credit-note-pdf";
export type { RenderInput } from "./invoice-view";
export type { CreditNoteRenderInput } from "./credit-note-view";
export { assetFontProvider, FontUnavailableError, noFonts, type FontProvider } from "./font-provider";
