/*
 * The official CEN EN 16931 validator (shared/validators/en16931/validate: the Schematron
 * artefacts compiled for SaxonJS), run as the command it is. Its path comes from
 * EN16931_VALIDATE; without it the run fails rather than passing unchecked.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type Verdict = { pass: boolean; fatal: string[]; output: string };

export function validatorPath(): string {
  const configured = process.env.EN16931_VALIDATE;
  if (!configured)
    throw new Error(
      "EN16931_VALIDATE is not set: point it at the `validate` command of the CEN EN 16931 validation artefacts " +
        "(.ci/run uses ../shared/validators/en16931/validate; README › E-invoices says where the artefacts come from).",
    );
  return path.resolve(configured);
}

/**
 * Each file's verdict. The first file goes alone: on a fresh machine the command installs its
 * XSLT engine on first use, and two first uses at once install into the same directory over each
 * other (a half-written engine fails a document). The rest are split over two processes (the
 * machine has two cores); about 2 s a document.
 */
export async function validate(files: string[]): Promise<Map<string, Verdict>> {
  const command = validatorPath();
  const [first, ...rest] = files;
  const outputs = first === undefined ? [] : [await runValidator(command, [first])];
  const halves = [rest.filter((_, i) => i % 2 === 0), rest.filter((_, i) => i % 2 === 1)].filter((h) => h.length > 0);
  outputs.push(...(await Promise.all(halves.map((half) => runValidator(command, half)))));
  const lines = outputs.join("\n").split("\n");
  const verdicts = new Map<string, Verdict>();
  for (const file of files) {
    const own = lines.filter((l) => l.startsWith(`${file}: `));
    const last = own.at(-1) ?? "";
    verdicts.set(file, {
      pass: / PASS \(0 fatal/.test(last),
      fatal: own.filter((l) => l.startsWith(`${file}: fatal `)).map((l) => l.slice(file.length + 8).split(" ")[0]!),
      output: own.join("\n"),
    });
  }
  return verdicts;
}

async function runValidator(command: string, files: string[]): Promise<string> {
  try {
    return (await run(command, files, { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    // Exit 1 is a verdict (a fatal rule failed); anything else is the tool failing.
    if (failed.code === 1 && failed.stdout) return failed.stdout;
    throw new Error(`validator failed (exit ${failed.code}): ${failed.stderr ?? ""}${failed.stdout ?? ""}`);
  }
}
