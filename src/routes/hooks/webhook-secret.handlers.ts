import type { RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import { findWebhookSecret, setWebhookSecret } from "../../db/webhook-queries";
import type { AppEnv } from "../../env";
import { notFound } from "../../errors";
import { randomToken } from "../../ids";
import { ACCOUNT_SIGNATURE_HEADER } from "./hook-signatures";
import type { getWebhookSecretRoute, rotateWebhookSecretRoute } from "./webhook-secret.routes";

const view = (c: Context<AppEnv>, accountId: string, secret: string) => ({
  object: "webhook_secret" as const,
  secret,
  endpoint_url: `${c.var.services.baseUrl}/v1/hooks/${accountId}`,
  signature_header: ACCOUNT_SIGNATURE_HEADER,
});

export const rotateWebhookSecretHandler: RouteHandler<typeof rotateWebhookSecretRoute, AppEnv> = async (c) => {
  const { accountId } = c.get("principal");
  // 32 random bytes: the HMAC key is as strong as SHA-256 allows.
  const secret = `whsec_${randomToken(32)}`;
  await setWebhookSecret(c.get("db"), accountId, secret, new Date().toISOString());
  c.set("responseHoldsSecret", true);
  return c.json(view(c, accountId, secret), 200);
};

export const getWebhookSecretHandler: RouteHandler<typeof getWebhookSecretRoute, AppEnv> = async (c) => {
  const { accountId } = c.get("principal");
  const secret = await findWebhookSecret(c.get("db"), accountId);
  if (!secret) throw notFound("webhook secret");
  return c.json(view(c, accountId, secret), 200);
};
