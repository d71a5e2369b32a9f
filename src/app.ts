import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { ApiError, toErrorResponse } from "./errors";
import { actingContext } from "./middleware/acting-context";
import { authenticate } from "./middleware/authenticate";
import { idempotency } from "./middleware/idempotency";
import { requestContext } from "./middleware/request-context";
import { serveOpenApiDocument } from "./openapi/document";
import { createRouter } from "./openapi/router";
import { docsRoutes } from "./pages/docs";
import { payPageRoutes } from "./pages/pay";
import { accountRoutes } from "./routes/account";
import { apiKeyRoutes } from "./routes/api-keys";
import { customerRoutes } from "./routes/customers";
import { hookRoutes, webhookSecretRoutes } from "./routes/hooks";
import { documentRoutes } from "./routes/documents";
import { invoiceRoutes } from "./routes/invoices";
import { invoiceScheduleRoutes } from "./routes/invoice-schedules";
import { paymentRoutes } from "./routes/payments";
import { creditNoteRoutes } from "./routes/credit-notes";
import { eInvoiceRoutes } from "./routes/e-invoices";
import { eventRoutes } from "./routes/events";
import { sequenceRoutes } from "./routes/sequence";
import { webhookEndpointRoutes } from "./routes/webhook-endpoints";
import { webhookDeliveryRoutes } from "./routes/webhook-deliveries";

// Large enough for a 500-line invoice, small enough that a body can't exhaust 128 MB.
const MAX_BODY_BYTES = 1024 * 1024;

export const app = createRouter();

app.use("*", requestContext);
app.use("*", secureHeaders({ crossOriginResourcePolicy: "same-origin" }));
app.use(
  "*",
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError("payload_too_large_error", "payload_too_large", `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
    },
  }),
);

app.route("/", documentRoutes);

// Public pages and signed incoming webhooks authenticate themselves (token, signature): before the API-key middleware.
app.route("/", payPageRoutes);
app.route("/v1/hooks", hookRoutes);

const v1 = createRouter();
// authenticate also counts the request against the rate limit (by key id, else client address).
v1.use("*", authenticate);
v1.use("*", actingContext);
v1.use("*", idempotency);
v1.route("/", accountRoutes);
v1.route("/", webhookSecretRoutes);
v1.route("/", apiKeyRoutes);
v1.route("/", customerRoutes);
v1.route("/", invoiceRoutes);
v1.route("/", invoiceScheduleRoutes);
v1.route("/", paymentRoutes);
v1.route("/", creditNoteRoutes);
v1.route("/", eInvoiceRoutes);
v1.route("/", eventRoutes);
v1.route("/", webhookEndpointRoutes);
v1.route("/", webhookDeliveryRoutes);
app.route("/v1", v1);
app.route("/api", sequenceRoutes);

app.get("/health", (c) => c.json({ status: "ok" }));

app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
  type: "http",
  scheme: "bearer",
  description: "An API key: `sk_…`.",
});
app.openAPIRegistry.registerComponent("securitySchemes", "basicAuth", {
  type: "http",
  scheme: "basic",
  description: "Key id as user, key secret as password (Sequence compatibility).",
});
serveOpenApiDocument(app);
app.route("/", docsRoutes);

app.notFound((c) => toErrorResponse(new ApiError("not_found_error", "route_not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`), c));
app.onError((err, c) => toErrorResponse(err, c));
