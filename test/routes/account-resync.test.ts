import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newAccount } from "../helpers/api";
import { openInvoice } from "../helpers/open-invoice";

/*
 * PATCH /v1/account (time zone or reminder policy) re-arms every open invoice after the
 * account is saved. A re-arm that fails (here: an invoice stored before dates were bounded,
 * due in 9999, which no Durable Object alarm can be set for) is logged; the committed change
 * is answered 200 as what it is, never turned into a 5xx.
 */
describe("the account's re-sync of open invoices", () => {
  it("answers the saved change when an invoice cannot be re-armed", async () => {
    const { api } = await newAccount();
    const invoice = await openInvoice(api);
    await env.DB.prepare("UPDATE invoices SET due_date = '9999-12-31' WHERE id = ?").bind(invoice.id).run();

    const res = await api.patch("/v1/account", { timezone: "Europe/Berlin" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.timezone).toBe("Europe/Berlin");
    expect((await api.get("/v1/account")).body.timezone).toBe("Europe/Berlin");
  });
});
