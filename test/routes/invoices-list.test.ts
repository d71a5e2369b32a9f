import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { actingAs } from "../../src/services/invoices/context";
import { markOverdue } from "../../src/services/invoices/transitions";
import { buildServices } from "../../src/services/services";
import { createCustomer, createDraft, expectError, newAccount, type Api } from "../helpers/api";

/*
 * One account with invoices spread over two customers, dates, totals and statuses. Ties on
 * issue_date, due_date and total_amount are deliberate: the list must break them by id so
 * pagination neither repeats nor skips.
 */
let api: Api;
let custA: string;
let custB: string;
const inv: Record<string, any> = {};

const line = (unit_price: number) => [{ description: "Work", quantity: 1, unit_price }];

beforeAll(async () => {
  const account = await newAccount();
  api = account.api;
  custA = await createCustomer(api, { name: "A" });
  custB = await createCustomer(api, { name: "B" });
  const specs: [string, string, string, string, number][] = [
    ["d1", custA, "2024-01-05", "2024-02-04", 1000],
    ["d2", custA, "2024-01-05", "2024-01-20", 3000],
    ["f1", custB, "2024-02-01", "2024-03-02", 2000],
    ["f2", custA, "2024-02-10", "2024-03-02", 3000],
    ["paid", custB, "2024-03-01", "2024-03-31", 500],
    ["void", custA, "2024-03-15", "2024-04-14", 2000],
    ["late", custB, "2024-01-10", "2024-02-09", 4000],
  ];
  for (const [name, customer, issue_date, due_date, price] of specs)
    inv[name] = await createDraft(api, customer, { issue_date, due_date, payment_terms: null, line_items: line(price) });
  for (const name of ["f1", "f2", "paid", "void", "late"]) expect((await api.post(`/v1/invoices/${inv[name].id}/finalize`)).status).toBe(200);
  expect((await api.post(`/v1/invoices/${inv.paid.id}/payments`, { amount: 500 })).status).toBe(201);
  expect((await api.post(`/v1/invoices/${inv.void.id}/void`)).status).toBe(200);
  // Overdue is set by the scheduler's alarm, not by the API; call the same service it calls.
  await markOverdue(actingAs(buildServices(env, { scheduler: false }), account.accountId, "system:test"), inv.late.id);
});

const ids = async (query: string) => {
  const res = await api.get(`/v1/invoices?limit=100&${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.map((i: any) => i.id) as string[];
};
const idsOf = (...names: string[]) => names.map((n) => inv[n].id).sort();

describe("invoice list: filters", () => {
  it("filters by status", async () => {
    expect((await ids("status=draft")).sort()).toEqual(idsOf("d1", "d2"));
    expect((await ids("status=finalized")).sort()).toEqual(idsOf("f1", "f2"));
    expect(await ids("status=paid")).toEqual([inv.paid.id]);
    expect(await ids("status=voided")).toEqual([inv.void.id]);
    expect(await ids("status=overdue")).toEqual([inv.late.id]);
    expect(await ids("status=uncollectible")).toEqual([]);
  });

  it("filters overdue only", async () => {
    expect(await ids("overdue=true")).toEqual([inv.late.id]);
    expect((await ids("overdue=false")).length).toBe(7);
  });

  it("filters by customer", async () => {
    expect((await ids(`customer_id=${custB}`)).sort()).toEqual(idsOf("f1", "paid", "late"));
    expect((await ids(`customer_id=${custA}&status=draft`)).sort()).toEqual(idsOf("d1", "d2"));
    expect(await ids("customer_id=cust_nobody")).toEqual([]);
  });

  it("filters by issue and due date ranges, inclusive", async () => {
    expect((await ids("issue_date_gte=2024-02-01")).sort()).toEqual(idsOf("f1", "f2", "paid", "void"));
    expect((await ids("issue_date_lte=2024-01-10")).sort()).toEqual(idsOf("d1", "d2", "late"));
    expect((await ids("issue_date_gte=2024-01-06&issue_date_lte=2024-02-10")).sort()).toEqual(idsOf("f1", "f2", "late"));
    expect((await ids("due_date_gte=2024-03-02&due_date_lte=2024-03-02")).sort()).toEqual(idsOf("f1", "f2"));
    expect((await ids("due_date_lte=2024-02-04")).sort()).toEqual(idsOf("d1", "d2"));
    expect((await ids(`due_date_gte=2024-03-01&customer_id=${custA}&status=finalized`)).sort()).toEqual(idsOf("f2"));
  });

  it("refuses bad filter values, naming them", async () => {
    expectError(await api.get("/v1/invoices?status=lost"), 400, { param: "status" });
    expectError(await api.get("/v1/invoices?issue_date_gte=2024-13-01"), 400, { param: "issue_date_gte" });
    expectError(await api.get("/v1/invoices?due_date_lte=yesterday"), 400, { param: "due_date_lte" });
    expectError(await api.get("/v1/invoices?overdue=yes"), 400, { param: "overdue" });
    expectError(await api.get("/v1/invoices?sort=number"), 400, { param: "sort" });
    expectError(await api.get("/v1/invoices?order=up"), 400, { param: "order" });
    expectError(await api.get("/v1/invoices?limit=0"), 400, { param: "limit" });
    expectError(await api.get("/v1/invoices?limit=101"), 400, { param: "limit" });
    expectError(await api.get("/v1/invoices?starting_after=inv_nope"), 400, { param: "starting_after" });
    expectError(await api.get("/v1/invoices?ending_before=inv_nope"), 400, { param: "ending_before" });
    // Both cursors at once is ambiguous; the list must not guess a direction.
    expectError(await api.get(`/v1/invoices?starting_after=${inv.f1.id}&ending_before=${inv.f2.id}`), 400, { param: "ending_before" });
  });
});

const SORTS = { created_at: "created_at", issue_date: "issue_date", due_date: "due_date", total_amount: "total_amount" } as const;

describe("invoice list: sorting and cursor pagination", () => {
  for (const sort of Object.keys(SORTS) as (keyof typeof SORTS)[]) {
    for (const order of ["asc", "desc"] as const) {
      it(`sorts by ${sort} ${order} (ties by id) and pages both ways without repeats or gaps`, async () => {
        const full = await api.get(`/v1/invoices?limit=100&sort=${sort}&order=${order}`);
        const all: any[] = full.body.data;
        expect(all).toHaveLength(7);
        expect(full.body.has_more).toBe(false);
        const cmp = (a: any, b: any) => {
          const c = a[sort] < b[sort] ? -1 : a[sort] > b[sort] ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
          return order === "asc" ? c : -c;
        };
        expect(all.map((i) => i.id)).toEqual([...all].sort(cmp).map((i) => i.id));

        // Forward with starting_after, 2 at a time.
        const forward: string[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages < 10; pages++) {
          const res = await api.get(`/v1/invoices?limit=2&sort=${sort}&order=${order}${cursor ? `&starting_after=${cursor}` : ""}`);
          expect(res.status).toBe(200);
          forward.push(...res.body.data.map((i: any) => i.id));
          expect(res.body.has_more).toBe(forward.length < 7);
          if (!res.body.has_more) break;
          cursor = res.body.data.at(-1).id;
        }
        expect(forward).toEqual(all.map((i) => i.id));

        // Backward with ending_before from the last one.
        const backward: string[] = [];
        cursor = all.at(-1).id;
        for (let pages = 0; pages < 10; pages++) {
          const res = await api.get(`/v1/invoices?limit=2&sort=${sort}&order=${order}&ending_before=${cursor}`);
          expect(res.status).toBe(200);
          backward.unshift(...res.body.data.map((i: any) => i.id));
          expect(res.body.has_more).toBe(backward.length < 6);
          if (!res.body.has_more) break;
          cursor = res.body.data[0].id;
        }
        expect(backward).toEqual(all.slice(0, 6).map((i) => i.id));
      });
    }
  }

  it("defaults to created_at descending, 10 per page, and embeds each customer", async () => {
    const res = await api.get("/v1/invoices");
    expect(res.body).toMatchObject({ object: "list", has_more: false, url: "/v1/invoices" });
    const keys = res.body.data.map((i: any) => `${i.created_at} ${i.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(res.body.data.every((i: any) => i.customer?.id === i.customer_id && i.line_items.length === 1)).toBe(true);
  });

  it("keeps filters applied while paging", async () => {
    const first = await api.get(`/v1/invoices?limit=1&customer_id=${custB}&sort=total_amount&order=asc`);
    expect(first.body.data.map((i: any) => i.id)).toEqual([inv.paid.id]);
    expect(first.body.has_more).toBe(true);
    const rest = await api.get(`/v1/invoices?limit=5&customer_id=${custB}&sort=total_amount&order=asc&starting_after=${inv.paid.id}`);
    expect(rest.body.data.map((i: any) => i.id)).toEqual([inv.f1.id, inv.late.id]);
    expect(rest.body.has_more).toBe(false);
  });
});
