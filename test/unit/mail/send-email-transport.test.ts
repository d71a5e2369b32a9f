import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { createMailer, MailTransportError } from "../../../src/services/mail/mailer";
import { buildInvoiceMail } from "../../../src/services/mail/message";
import { sendEmailMailer } from "../../../src/services/mail/send-email-transport";
import { seedRequest } from "./fixtures";

describe("send_email transport against the local EMAIL binding", () => {
  it("is the default transport and sends once per recipient", async () => {
    const mailer = createMailer({ EMAIL: env.EMAIL, MAIL_TRANSPORT: env.MAIL_TRANSPORT });
    const mail = buildInvoiceMail(seedRequest({ bcc: ["audit@stateset.com"] }));
    const receipt = await mailer.send(mail);
    expect(receipt.transport).toBe("send_email");
    // The local binding (like Cloudflare) assigns its own Message-ID to each message.
    expect(receipt.providerMessageIds).toHaveLength(3);
    for (const id of receipt.providerMessageIds) expect(id).toMatch(/^<.+@.+>$/);
    expect(receipt.providerMessageIds).not.toContain(mail.messageId);
  });

  it("rejects a message whose envelope sender differs from its From header", async () => {
    const mail = buildInvoiceMail(seedRequest());
    const error = await sendEmailMailer(env.EMAIL)
      .send({ ...mail, from: "someone-else@stateset.com" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailTransportError);
    expect((error as MailTransportError).transport).toBe("send_email");
    expect((error as MailTransportError).accepted).toEqual([]);
    expect((error as Error).message).toMatch(/From: header does not match/);
  });

  it("rejects raw text that is not a message", async () => {
    const mail = buildInvoiceMail(seedRequest());
    await expect(sendEmailMailer(env.EMAIL).send({ ...mail, raw: "not an email" })).rejects.toBeInstanceOf(MailTransportError);
  });
});

describe("send_email transport with a recording binding", () => {
  it("sends the same raw message to each envelope recipient", async () => {
    const sent: { from: string; to: string }[] = [];
    const binding = {
      send: vi.fn(async (m: EmailMessage) => {
        sent.push({ from: m.from, to: m.to });
        return { messageId: `<${sent.length}@cf>` };
      }),
    };
    const mail = buildInvoiceMail(seedRequest({ bcc: ["audit@stateset.com"] }));
    const receipt = await sendEmailMailer(binding as unknown as SendEmail).send(mail);
    expect(sent).toEqual([
      { from: "invoices@stateset.com", to: "billing@acme.com" },
      { from: "invoices@stateset.com", to: "accounting@acme.com" },
      { from: "invoices@stateset.com", to: "audit@stateset.com" },
    ]);
    expect(receipt.providerMessageIds).toEqual(["<1@cf>", "<2@cf>", "<3@cf>"]);
  });

  it("reports which recipients were accepted before a failure", async () => {
    let calls = 0;
    const binding = {
      send: vi.fn(async () => {
        calls += 1;
        if (calls === 2) throw new Error("destination address not verified");
        return { messageId: `<${calls}@cf>` };
      }),
    };
    const error = await sendEmailMailer(binding as unknown as SendEmail)
      .send(buildInvoiceMail(seedRequest()))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailTransportError);
    expect((error as MailTransportError).accepted).toEqual(["billing@acme.com"]);
    expect((error as Error).message).toContain("accounting@acme.com");
    expect((error as Error).message).toContain("destination address not verified");
  });
});
