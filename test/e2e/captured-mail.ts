import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

type Listed = { messageId: string; subject: string; to: string[]; attachments?: Array<{ filename: string; size: number }> };

/** Messages `wrangler dev` captured from send_email, as its local explorer API lists them. */
export async function listCapturedMail(baseUrl: string): Promise<Listed[]> {
  const res = await fetch(`${baseUrl}/cdn-cgi/local/explorer/api/local/email/sending`);
  const body = (await res.json()) as { result: Listed[] };
  return body.result;
}

/** The raw .eml wrangler dev wrote for a message id (it names the file after the id). */
export function readCapturedEml(messageId: string, root = ".wrangler/tmp"): Buffer {
  const name = `${messageId.replace(/^<|>$/g, "")}.eml`;
  const found = findFile(root, name);
  if (!found) throw new Error(`no captured ${name} under ${root}`);
  return readFileSync(found);
}

function findFile(dir: string, name: string): string | null {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return null;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry);
    if (entry === name) return full;
    if (statSync(full).isDirectory()) {
      const inner = findFile(full, name);
      if (inner) return inner;
    }
  }
  return null;
}
