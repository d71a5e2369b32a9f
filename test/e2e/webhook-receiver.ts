import { createServer, type Server } from "node:http";
import { Webhook } from "standardwebhooks";

export type Received = { id: string; timestamp: string; body: string; verified: boolean; status: number };

/**
 * A merchant's receiver on loopback, as the Standard Webhooks libraries advise writing one:
 * it verifies every delivery with `standardwebhooks`, refuses the first `failFirst` attempts of
 * each event (to make the sender retry), and accepts each `webhook-id` once: a repeat is
 * answered 200 and counted, never processed again.
 */
export function webhookReceiver(options: { failFirst: number }) {
  let secret = "";
  let server: Server | null = null;
  const attempts: Received[] = [];
  const accepted = new Map<string, unknown>();
  const repeats = new Map<string, number>();
  const tries = new Map<string, number>();

  const handler = (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const id = String(req.headers["webhook-id"] ?? "");
      let verified = true;
      let payload: unknown = null;
      try {
        payload = new Webhook(secret).verify(body, req.headers as Record<string, string>);
      } catch {
        verified = false;
      }
      const n = (tries.get(id) ?? 0) + 1;
      tries.set(id, n);
      let status = 200;
      if (!verified) status = 400;
      else if (n <= options.failFirst) status = 503;
      else if (accepted.has(id)) repeats.set(id, (repeats.get(id) ?? 0) + 1);
      else accepted.set(id, payload);
      attempts.push({ id, timestamp: String(req.headers["webhook-timestamp"] ?? ""), body, verified, status });
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "try again");
    });
  };

  return {
    attempts,
    accepted,
    repeats,
    setSecret: (s: string) => void (secret = s),
    listen: (port = 0) =>
      new Promise<number>((resolve) => {
        server = createServer(handler);
        server.listen(port, "127.0.0.1", () => resolve((server!.address() as { port: number }).port));
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
        server = null;
      }),
  };
}
