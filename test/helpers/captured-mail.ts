import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import PostalMime, { type Email } from "postal-mime";
import app from "../../src/index";

/**
 * An EMAIL binding that keeps the raw MIME of every message before handing it to the real
 * binding. workerd keeps an EmailMessage's raw text under the "EmailMessage::raw" key (there
 * is no public getter); the end-to-end suite reads the real .eml files instead.
 */
export function capturingBinding() {
  const raws: string[] = [];
  const binding = {
    async send(message: EmailMessage) {
      const raw = (message as unknown as Record<string, unknown>)["EmailMessage::raw"];
      if (typeof raw !== "string") throw new Error("workerd no longer exposes EmailMessage::raw; capture the mail another way");
      raws.push(raw);
      return env.EMAIL.send(message);
    },
  };
  return {
    binding: binding as unknown as SendEmail,
    raws,
    /** The last message sent, parsed. */
    last: (): Promise<Email> => {
      const raw = raws.at(-1);
      if (!raw) throw new Error("no message was sent");
      return PostalMime.parse(raw);
    },
  };
}

/** A POST through the worker with `binding` as its EMAIL. */
export async function postWithMail(apiKey: string, binding: SendEmail, path: string, body: unknown) {
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(`https://api.test${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }),
    { ...env, EMAIL: binding },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: (await res.json()) as any };
}
