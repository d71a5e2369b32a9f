import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../env";

/** Versions of Sequence's API this surface answers as; the last one is "latest". */
export const SEQUENCE_VERSIONS = ["2024-07-30"] as const;
export const LATEST_SEQUENCE_VERSION = SEQUENCE_VERSIONS[SEQUENCE_VERSIONS.length - 1]!;

/** The version a request asks for: absent means latest; null when it names none we know. */
export function resolveSequenceVersion(header: string | undefined): string | null {
  const requested = header?.trim();
  if (!requested) return LATEST_SEQUENCE_VERSION;
  return (SEQUENCE_VERSIONS as readonly string[]).includes(requested) ? requested : null;
}

/**
 * `Sequence-Version` as Sequence documents it: an unknown version is a 400 with its error
 * type `UnrecognisedApiVersion`, and every response, errors included, says which version
 * answered. Runs before authentication so a client learns about a bad version first.
 */
export const sequenceVersion = createMiddleware<AppEnv>(async (c, next) => {
  const version = resolveSequenceVersion(c.req.header("Sequence-Version"));
  if (!version) {
    // Sequence's envelope is { error: { type, message } }; ours adds code and request_id.
    return c.json(
      {
        error: {
          type: "UnrecognisedApiVersion",
          code: "unrecognised_api_version",
          message: `No matching API version found. Please make sure the specified API version is valid. Supported: ${SEQUENCE_VERSIONS.join(", ")}.`,
          request_id: c.get("requestId") ?? "",
        },
      },
      400,
    );
  }
  await next();
  c.res.headers.set("Sequence-Version", version);
});
