/*
 * The Sequence-compatible surface (DESIGN §5): /api/invoices… with Basic (or Bearer) keys,
 * the Sequence-Version header and seed 003's camelCase invoice. A view over the same
 * invoices and the same services as /v1, never a second store. Mounted at /api.
 */
import { actingContext } from "../../middleware/acting-context";
import { authenticate } from "../../middleware/authenticate";
import { idempotency } from "../../middleware/idempotency";
import { createRouter } from "../../openapi/router";
import { sequenceVersion } from "./sequence-version";
import {
  finalizeSequenceInvoiceHandler,
  getSequenceInvoiceHandler,
  listSequenceInvoicesHandler,
  sendSequenceInvoiceHandler,
  voidSequenceInvoiceHandler,
} from "./sequence.handlers";
import {
  finalizeSequenceInvoiceRoute,
  getSequenceInvoiceRoute,
  listSequenceInvoicesRoute,
  sendSequenceInvoiceRoute,
  voidSequenceInvoiceRoute,
} from "./sequence.routes";

const router = createRouter();
// Version first: an unknown version is reported before credentials are checked.
router.use("*", sequenceVersion);
router.use("*", authenticate);
router.use("*", actingContext);
router.use("*", idempotency);

export const sequenceRoutes = router
  .openapi(listSequenceInvoicesRoute, listSequenceInvoicesHandler)
  .openapi(getSequenceInvoiceRoute, getSequenceInvoiceHandler)
  .openapi(finalizeSequenceInvoiceRoute, finalizeSequenceInvoiceHandler)
  .openapi(sendSequenceInvoiceRoute, sendSequenceInvoiceHandler)
  .openapi(voidSequenceInvoiceRoute, voidSequenceInvoiceHandler);
