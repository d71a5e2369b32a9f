import { afterEach, describe, expect, it, vi } from "vitest";
import { createMailer, MailTransportError } from "../../../src/services/mail/mailer";
import { MAILCHANNELS_ENDPOINT, mailChannelsMailer } from "../../../src/services/mail/mailchannels-transport";
import { buildInvoiceMail } from "../../../src/services/mail/message";
import { PDF_BYTES, seedRequest } from "./fixtures";

const API_KEY = "mc_test_key_123";

type Call = { url: string; init: RequestInit };
function fakeFetch(response: () => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return response();
  });
  return { fn: fn as unknown as typeof fetch, calls };
}

function decodeBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("MailChannels transport", () => {
  it("posts the structured message with the API key", async () => {
    const { fn, calls } = fakeFetch(() => new Response(null, { status: 202 }));
    const mail = buildInvoiceMail(seedRequest({ bcc: ["audit@stateset.com"] }));
    const receipt = await mailChannelsMailer({ apiKey: API_KEY, fetch: fn }).send(mail);

    expect(receipt).toEqual({ transport: "mailchannels", providerMessageIds: [] });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe("https://api.mailchannels.net/tx/v1/send");
    expect(call?.init.method).toBe("POST");
    const headers = new Headers(call?.init.headers);
    expect(headers.get("x-api-key")).toBe(API_KEY);
    expect(headers.get("content-type")).toBe("application/json");

    const body = JSON.parse(String(call?.init.body));
    expect(body.personalizations).toEqual([
      {
        to: [{ email: "billing@acme.com", name: "Acme Corporation" }],
        cc: [{ email: "accounting@acme.com" }],
        bcc: [{ email: "audit@stateset.com" }],
      },
    ]);
    expect(body.from).toEqual({ email: "invoices@stateset.com", name: "Stateset Billing" });
    expect(body.reply_to).toEqual({ email: "billing@stateset.com", name: "Stateset" });
    expect(body.subject).toBe("Invoice INV-2024-0001 from Stateset");
    expect(body.content.map((c: { type: string }) => c.type)).toEqual(["text/plain", "text/html"]);
    for (const part of body.content) expect(part.value).toContain("$6,975.00");
    expect(body.attachments).toHaveLength(1);
    expect(body.attachments[0].filename).toBe("invoice_INV-2024-0001.pdf");
    expect(body.attachments[0].type).toBe("application/pdf");
    expect(decodeBase64(body.attachments[0].content)).toEqual(PDF_BYTES);
    expect(body.headers).toEqual({ "X-Invoice-Delivery-Ref": "<dlv_1.inv_1@stateset.com>" });
  });

  it("omits attachments, cc and bcc when there are none", async () => {
    const { fn, calls } = fakeFetch(() => new Response(null, { status: 202 }));
    await mailChannelsMailer({ apiKey: API_KEY, fetch: fn }).send(buildInvoiceMail(seedRequest({ pdf: null, cc: [] })));
    const body = JSON.parse(String(calls[0]?.init.body));
    expect(body.attachments).toBeUndefined();
    expect(body.personalizations[0]).toEqual({ to: [{ email: "billing@acme.com", name: "Acme Corporation" }] });
  });

  it.each([400, 401, 403, 413, 500, 502])("turns a %i into a MailTransportError with the status", async (status) => {
    const { fn } = fakeFetch(() => new Response(JSON.stringify({ errors: ["sender domain not authorised"] }), { status }));
    const error = await mailChannelsMailer({ apiKey: API_KEY, fetch: fn })
      .send(buildInvoiceMail(seedRequest()))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailTransportError);
    expect((error as MailTransportError).status).toBe(status);
    expect((error as MailTransportError).transport).toBe("mailchannels");
    expect((error as Error).message).toContain("sender domain not authorised");
    expect((error as Error).message).not.toContain(API_KEY);
  });

  it("turns a network failure into a MailTransportError", async () => {
    const fn = vi.fn(async () => {
      throw new TypeError("connection refused");
    }) as unknown as typeof fetch;
    await expect(mailChannelsMailer({ apiKey: API_KEY, fetch: fn }).send(buildInvoiceMail(seedRequest()))).rejects.toMatchObject({
      name: "MailTransportError",
      status: null,
      message: expect.stringContaining("connection refused"),
    });
  });

  it("is what createMailer returns for MAIL_TRANSPORT=mailchannels, using the global fetch", async () => {
    const { fn, calls } = fakeFetch(() => new Response(JSON.stringify({ data: ["mc-1"] }), { status: 200 }));
    vi.stubGlobal("fetch", fn);
    const mailer = createMailer({ MAIL_TRANSPORT: "mailchannels", MAILCHANNELS_API_KEY: API_KEY });
    await expect(mailer.send(buildInvoiceMail(seedRequest()))).resolves.toEqual({ transport: "mailchannels", providerMessageIds: ["mc-1"] });
    expect(calls[0]?.url).toBe(MAILCHANNELS_ENDPOINT);
  });
});

describe("createMailer", () => {
  it("refuses a configuration it cannot honour", () => {
    expect(() => createMailer({ MAIL_TRANSPORT: "mailchannels" })).toThrow(/MAILCHANNELS_API_KEY/);
    expect(() => createMailer({ MAIL_TRANSPORT: "smtp" })).toThrow(/Unknown MAIL_TRANSPORT/);
    expect(() => createMailer({})).toThrow(/EMAIL/);
  });
});
