import { app } from "./app";

export { InvoiceScheduler } from "./durable-objects/invoice-scheduler";
export default app;
