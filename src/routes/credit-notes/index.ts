import { createRouter } from "../../openapi/router";
import * as h from "./credit-notes.handlers";
import * as r from "./credit-notes.routes";
import * as dh from "./credit-note-documents.handlers";
import * as dr from "./credit-note-documents.routes";

export const creditNoteRoutes = createRouter()
  .openapi(r.previewCreditNoteRoute, h.previewCreditNoteHandler)
  .openapi(r.createCreditNoteRoute, h.createCreditNoteHandler)
  .openapi(r.listCreditNotesRoute, h.listCreditNotesHandler)
  .openapi(r.getCreditNoteRoute, h.getCreditNoteHandler)
  .openapi(r.voidCreditNoteRoute, h.voidCreditNoteHandler)
  .openapi(r.listInvoiceCreditNotesRoute, h.listInvoiceCreditNotesHandler)
  .openapi(dr.creditNotePdfRoute, dh.creditNotePdfHandler)
  .openapi(dr.sendCreditNoteRoute, dh.sendCreditNoteHandler);
