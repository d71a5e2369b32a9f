/*
 * The one door mail leaves by. Routes and alarms get a `Mailer` (created per request from
 * the environment) and never know which transport is behind it; tests pass their own.
 * The pieces live in mail-transport.ts (the contract) and create-mailer.ts (the choice),
 * so no transport imports the module that imports it.
 */
export { type MailReceipt, type MailTransportName, type Mailer, MailTransportError } from "./mail-transport";
export { type MailerEnv, createMailer } from "./create-mailer";
