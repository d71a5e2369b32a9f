import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CreditableLine, type CreditRequest, type PricedCreditNote, priceCreditNote } from "../../src/domain/credit-notes";
import { DomainError } from "../../src/domain/errors";
import { allocate } from "../../src/domain/totals";
import { type Api, createCustomer, newAccount } from "../helpers/api";

/*
 * Random invoices corrected by random sequences of credit notes, through the API. Each note is
 * predicted by the domain's pricing rule from what the notes so far (as the API answered them)
 * credited, which checks the stored sums against the answers too, and its tax by the rule
 * written out again (checkGroupTax); the split of what was
 * already paid is chosen at random from the prediction. After every step and at the end the
 * invariants of the issue hold: nothing credited twice, every note's parts add up, amount_due
 * never negative and equal to total − paid − credited − applied, the balance the sum of its
 * transactions.
 */

const DATES = { issue_date: "2099-01-01", due_date: "2099-01-31" };
const ROUNDING = "half_away_from_zero"; // the account default

const line = fc.record({
  // Whole units or quarters: quarters of small prices round, which is where pricing slips.
  quantity: fc.oneof(
    fc.integer({ min: 1, max: 40 }),
    fc.integer({ min: 1, max: 160 }).map((q) => q / 4),
  ),
  unit_price: fc.oneof(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 100, max: 200_000 })),
  tax_rate: fc.constantFrom(0, 0.05, 0.075, 0.08, 0.2),
});

const invoice = fc.record({
  lines: fc.array(line, { minLength: 1, maxLength: 4 }),
  discount: fc.option(fc.oneof(fc.record({ percent: fc.integer({ min: 1, max: 60 }) }), fc.record({ ofSubtotal: fc.integer({ min: 1, max: 60 }) })), {
    nil: null,
  }),
  taxStatus: fc.constantFrom("taxed", "taxed", "exempt"),
  paid: fc.constantFrom("none", "part", "full"),
  paidPercent: fc.integer({ min: 1, max: 99 }),
});

type InvoiceSpec = typeof invoice extends fc.Arbitrary<infer T> ? T : never;

/** Of what is left after the refund, the percent that goes to the balance (the rest is out of band). */
const split = fc.record({
  // Half the notes refund nothing: a refund makes a note final (it can no longer be voided).
  refund: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })),
  credit: fc.integer({ min: 0, max: 100 }),
});
const pick = fc.record({ line: fc.nat(), mode: fc.constantFrom("whole", "quantity", "amount"), percent: fc.integer({ min: 1, max: 100 }) });

type Op =
  | { kind: "lines"; picks: { line: number; mode: "whole" | "quantity" | "amount"; percent: number }[]; split: { refund: number; credit: number } }
  | { kind: "lump"; percent: number; split: { refund: number; credit: number } }
  | { kind: "void"; note: number }
  | { kind: "pay"; percent: number }
  | { kind: "spend"; amount: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("lines" as const), picks: fc.array(pick, { minLength: 1, maxLength: 3 }), split }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("lump" as const), percent: fc.integer({ min: 1, max: 100 }), split }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("void" as const), note: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("pay" as const), percent: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("spend" as const), amount: fc.integer({ min: 1, max: 100_000 }) }) },
);

/** An API answer, checked field by field. */
type Json = any;

/** What the test knows: the invoice and its notes as the API last answered them, and the balance they should leave. */
type Model = { customerId: string; invoice: Json; notes: Json[]; balance: number; spends: Json[] };

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const issued = (m: Model) => m.notes.filter((n) => n.status === "issued");
const TEN_THOUSANDTHS = 10_000;

/** The invoice's lines with what the issued notes credited of each, from the notes as answered. */
function creditable(m: Model): CreditableLine[] {
  return m.invoice.line_items.map((l: Json) => {
    const parts = issued(m)
      .flatMap((n) => n.lines)
      .filter((p: Json) => p.invoice_line_item_id === l.id);
    const quantity = sum(parts.map((p: Json) => Math.round(Number(p.quantity ?? 0) * TEN_THOUSANDTHS)));
    return {
      id: l.id,
      description: l.description,
      quantity: String(l.quantity),
      unit_price: l.unit_price,
      amount: l.amount,
      tax_rate: String(l.tax_rate),
      tax_amount: l.tax_amount,
      tax_category: l.tax_category,
      credited: {
        amount: sum(parts.map((p: Json) => p.amount)),
        quantity: String(quantity / TEN_THOUSANDTHS),
        discount: sum(parts.map((p: Json) => p.discount_amount)),
        tax: sum(parts.map((p: Json) => p.tax_amount)),
      },
    };
  });
}

function requestFor(o: Extract<Op, { kind: "lines" | "lump" }>, lines: CreditableLine[]): CreditRequest {
  if (o.kind === "lump") {
    const available = sum(lines.map((l) => Math.max(0, l.amount - l.credited.amount)));
    return { amount: Math.max(1, Math.floor((available * o.percent) / 100)) };
  }
  // Each line once (a line named twice is refused, which the route tests cover).
  const picked = [...new Map(o.picks.map((p) => [p.line % lines.length, p])).values()];
  return {
    lines: picked.map((p) => {
      const l = lines[p.line % lines.length]!;
      if (p.mode === "whole") return { invoice_line_item_id: l.id };
      if (p.mode === "amount") return { invoice_line_item_id: l.id, amount: Math.max(1, Math.floor(((l.amount - l.credited.amount) * p.percent) / 100)) };
      const left = Math.round((Number(l.quantity) - Number(l.credited.quantity)) * TEN_THOUSANDTHS);
      const quantity = Math.floor((left * p.percent) / 100);
      return { invoice_line_item_id: l.id, quantity: quantity > 0 ? quantity / TEN_THOUSANDTHS : 1 };
    }),
  };
}

/** The domain's answer for this request on these lines: the priced note, or the field it refuses. */
function predict(request: CreditRequest, m: Model, lines: CreditableLine[]): PricedCreditNote | { refused: string } {
  try {
    return priceCreditNote(request, {
      lines,
      invoiceDiscount: m.invoice.discount_amount,
      rounding: ROUNDING,
    });
  } catch (err) {
    if (err instanceof DomainError) return { refused: err.param };
    throw err;
  }
}

async function issueNote(api: Api, m: Model, o: Extract<Op, { kind: "lines" | "lump" }>) {
  const lines = creditable(m);
  const request = requestFor(o, lines);
  const expected = predict(request, m, lines);
  const body: Json = { invoice_id: m.invoice.id, reason: "other", ...request };
  if ("refused" in expected) {
    const res = await api.post("/v1/credit_notes", body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.param).toBe(expected.refused);
    return;
  }
  // What is left after the amount due is what was paid: split it at random, the refund within what can be refunded.
  const rest = expected.total_amount - Math.min(expected.total_amount, m.invoice.amount_due);
  const refund = Math.min(m.invoice.amount_paid - m.invoice.amount_refunded, Math.floor((rest * o.split.refund) / 100));
  const credit = Math.floor(((rest - refund) * o.split.credit) / 100);
  if (rest > 0) Object.assign(body, { refund_amount: refund, credit_amount: credit, out_of_band_amount: rest - refund - credit });
  const res = await api.post("/v1/credit_notes", body);
  expect(res.status, JSON.stringify({ body, answer: res.body })).toBe(201);
  const { invoice, ...note } = res.body;
  expect(note).toMatchObject({
    subtotal: expected.subtotal,
    discount_amount: expected.discount_amount,
    tax_amount: expected.tax_amount,
    total_amount: expected.total_amount,
    due_amount: expected.total_amount - rest,
    refund_amount: rest > 0 ? refund : 0,
    credit_amount: rest > 0 ? credit : 0,
  });
  expect(note.lines.map((l: Json) => [l.invoice_line_item_id, l.amount, l.discount_amount, l.tax_amount])).toEqual(
    expected.lines.map((l) => [l.invoice_line_item_id, l.amount, l.discount_amount, l.tax_amount]),
  );
  checkGroupTax(lines, note);
  m.notes.push(note);
  m.invoice = invoice;
  m.balance += note.credit_amount;
}

const MICRO = 1_000_000n;
/** round(n / d) half away from zero, for d > 0: the account's rounding, written out again here. */
const roundHalfAway = (n: bigint, d: bigint) => (n < 0n ? -((-n * 2n + d) / (2n * d)) : (n * 2n + d) / (2n * d));

/**
 * The tax rule, derived from the note's own lines and what was left of the invoice's, not by
 * the domain: per S (category, rate) group the note's tax is round(Σ (amount − discount) × rate),
 * clamped to what the remainder caps allow. A line the note credits to the end (its credited
 * amount reaches the line's) takes exactly its tax left; any other takes between min(0, tax left)
 * and its tax left. So the group's tax is round(…) unless that lies outside
 * [Σ completing tax left + Σ others' min(0, tax left), Σ completing tax left + Σ others' tax left],
 * when it is the nearer end. Lines of other categories credit no tax but their tax left, if any,
 * when completed.
 */
function checkGroupTax(before: CreditableLine[], note: Json) {
  const groups = new Map<string, { exact: bigint; rate: bigint; low: number; high: number; tax: number }>();
  for (const part of note.lines) {
    const line = before.find((l) => l.id === part.invoice_line_item_id)!;
    const taxLeft = line.tax_amount - line.credited.tax;
    const completes = line.credited.amount + part.amount === line.amount;
    if (completes) expect(part.tax_amount).toBe(taxLeft);
    else {
      expect(part.tax_amount).toBeLessThanOrEqual(taxLeft);
      expect(part.tax_amount).toBeGreaterThanOrEqual(Math.min(0, taxLeft));
    }
    if (line.tax_category !== "S") {
      if (!completes) expect(part.tax_amount).toBe(0);
      continue;
    }
    const rate = BigInt(Math.round(Number(line.tax_rate) * 1e6));
    const key = `S ${rate}`;
    const g = groups.get(key) ?? { exact: 0n, rate, low: 0, high: 0, tax: 0 };
    g.exact += BigInt(part.amount - part.discount_amount) * rate;
    g.low += completes ? taxLeft : Math.min(0, taxLeft);
    g.high += taxLeft;
    g.tax += part.tax_amount;
    groups.set(key, g);
  }
  for (const [key, g] of groups) {
    const rounded = Number(roundHalfAway(g.exact, MICRO));
    expect(g.tax, `group ${key}: round(${g.exact} / 10^6) = ${rounded} within [${g.low}, ${g.high}]`).toBe(Math.min(g.high, Math.max(g.low, rounded)));
  }
}

async function voidNote(api: Api, m: Model, o: Extract<Op, { kind: "void" }>) {
  if (m.notes.length === 0) return;
  const note = m.notes[o.note % m.notes.length];
  const res = await api.post(`/v1/credit_notes/${note.id}/void`);
  const refusal =
    note.status === "void"
      ? "credit_note_void"
      : note.refund_amount > 0
        ? "credit_note_refunded"
        : note.credit_amount > m.balance
          ? "credit_note_balance_used"
          : null;
  if (refusal) {
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.error.code).toBe(refusal);
    return;
  }
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body).toMatchObject({ status: "void", number: note.number });
  Object.assign(note, { status: "void" });
  m.invoice = res.body.invoice;
  m.balance -= note.credit_amount;
}

async function pay(api: Api, m: Model, percent: number) {
  const due = m.invoice.amount_due;
  if (due === 0) return;
  const res = await api.post(`/v1/invoices/${m.invoice.id}/payments`, { amount: Math.max(1, Math.ceil((due * percent) / 100)) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  m.invoice = (await api.get(`/v1/invoices/${m.invoice.id}`)).body;
}

/** Another invoice of the customer, finalized: it takes what it can of the balance. */
async function spend(api: Api, m: Model, amount: number) {
  const draft = await api.post("/v1/invoices", {
    customer_id: m.customerId,
    ...DATES,
    currency: "USD",
    line_items: [{ description: "Support", quantity: 1, unit_price: amount }],
  });
  const finalized = await api.post(`/v1/invoices/${draft.body.id}/finalize`);
  expect(finalized.status, JSON.stringify(finalized.body)).toBe(200);
  const applied = Math.min(m.balance, amount);
  expect(finalized.body).toMatchObject({
    applied_balance: applied,
    amount_due: amount - applied,
    status: applied === amount ? "paid" : applied > 0 ? "partially_paid" : "finalized",
  });
  m.balance -= applied;
  m.spends.push(finalized.body);
}

/** The invoice's own sums: after every step. */
function checkInvoice(m: Model) {
  const inv = m.invoice;
  expect(inv.amount_due).toBeGreaterThanOrEqual(0);
  expect(inv.amount_due).toBe(inv.total_amount - inv.amount_paid - inv.credited_amount - inv.applied_balance);
  expect(inv.credited_amount).toBe(sum(issued(m).map((n) => n.due_amount)));
  expect(inv.amount_refunded).toBe(sum(issued(m).map((n) => n.refund_amount)));
  expect(inv.amount_refunded).toBeLessThanOrEqual(inv.amount_paid);
  expect(inv.status === "paid").toBe(inv.amount_due === 0);
}

/** What D1 holds, read back through the API: at the end of a run. */
async function checkStored(api: Api, m: Model) {
  const inv = (await api.get(`/v1/invoices/${m.invoice.id}`)).body;
  expect(inv).toMatchObject({ amount_due: m.invoice.amount_due, credited_amount: m.invoice.credited_amount, amount_refunded: m.invoice.amount_refunded });

  const notes = (await api.get(`/v1/invoices/${m.invoice.id}/credit_notes`)).body.data;
  expect(notes.map((n: Json) => [n.id, n.status]).sort()).toEqual(m.notes.map((n) => [n.id, n.status]).sort());
  for (const n of notes) {
    expect(n.due_amount + n.refund_amount + n.credit_amount + n.out_of_band_amount).toBe(n.total_amount);
    expect(n.subtotal - n.discount_amount + n.tax_amount).toBe(n.total_amount);
    expect(sum(n.lines.map((l: Json) => l.amount))).toBe(n.subtotal);
    expect(sum(n.lines.map((l: Json) => l.discount_amount))).toBe(n.discount_amount);
    expect(sum(n.lines.map((l: Json) => l.tax_amount))).toBe(n.tax_amount);
    expect(n.total_amount).toBeGreaterThan(0);
  }

  // Nothing credited twice: per line, the issued notes never take more than the line, its tax and its discount share.
  const live = notes.filter((n: Json) => n.status === "issued");
  const shares = allocate(
    inv.discount_amount,
    inv.line_items.map((l: Json) => l.amount),
  );
  inv.line_items.forEach((l: Json, i: number) => {
    const parts = live.flatMap((n: Json) => n.lines).filter((p: Json) => p.invoice_line_item_id === l.id);
    const credited = {
      amount: sum(parts.map((p: Json) => p.amount)),
      discount: sum(parts.map((p: Json) => p.discount_amount)),
      tax: sum(parts.map((p: Json) => p.tax_amount)),
    };
    expect(credited.amount).toBeLessThanOrEqual(l.amount);
    expect(credited.discount).toBeLessThanOrEqual(shares[i]!);
    expect(credited.tax).toBeLessThanOrEqual(l.tax_amount);
    // Credited in full: exactly its discount share and its tax, to the unit.
    if (credited.amount === l.amount) expect([credited.discount, credited.tax]).toEqual([shares[i], l.tax_amount]);
  });
  expect(sum(live.map((n: Json) => n.total_amount))).toBeLessThanOrEqual(inv.total_amount);

  // The balance is the sum of its transactions, on the customer and in the list.
  const customer = (await api.get(`/v1/customers/${m.customerId}`)).body;
  const txns = (await api.get(`/v1/customers/${m.customerId}/balance_transactions?limit=100`)).body.data;
  expect(customer.credit_balances.USD ?? 0).toBe(m.balance);
  expect(sum(txns.map((t: Json) => t.amount))).toBe(m.balance);
  expect(m.balance).toBeGreaterThanOrEqual(0);
  const count = (type: string) => txns.filter((t: Json) => t.type === type).length;
  expect(count("credit_note")).toBe(m.notes.filter((n) => n.credit_amount > 0).length);
  expect(count("credit_note_voided")).toBe(m.notes.filter((n) => n.credit_amount > 0 && n.status === "void").length);
  expect(count("applied_to_invoice")).toBe(m.spends.filter((s) => s.applied_balance > 0).length);
  for (const s of m.spends) {
    const again = (await api.get(`/v1/invoices/${s.id}`)).body;
    expect(again.amount_due).toBe(again.total_amount - again.applied_balance);
  }
}

async function newInvoice(api: Api, spec: InvoiceSpec): Promise<Model> {
  const customerId = await createCustomer(api, { tax_status: spec.taxStatus });
  const line_items = spec.lines.map((l, i) => ({ description: `Line ${i + 1}`, ...l }));
  const subtotal = sum(spec.lines.map((l) => Math.round(l.quantity * l.unit_price)));
  const discount =
    spec.discount === null
      ? null
      : "percent" in spec.discount
        ? { type: "percent", percent: spec.discount.percent }
        : { type: "amount", amount: Math.floor((subtotal * spec.discount.ofSubtotal) / 100) };
  const draft = await api.post("/v1/invoices", { customer_id: customerId, ...DATES, currency: "USD", line_items, discount });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  const finalized = await api.post(`/v1/invoices/${draft.body.id}/finalize`);
  expect(finalized.status, JSON.stringify(finalized.body)).toBe(200);
  const m: Model = { customerId, invoice: finalized.body, notes: [], balance: 0, spends: [] };
  if (spec.paid !== "none") await pay(api, m, spec.paid === "full" ? 100 : spec.paidPercent);
  return m;
}

describe("credit notes, property-based", () => {
  it("random invoices and random notes, voids, payments and spends keep every sum", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(invoice, fc.array(op, { minLength: 1, maxLength: 6 }), async (spec, ops) => {
        // An account (and API key) a run: the rate limit counts requests per key.
        const { api } = await newAccount();
        const m = await newInvoice(api, spec);
        checkInvoice(m);
        for (const o of ops) {
          if (o.kind === "lines" || o.kind === "lump") await issueNote(api, m, o);
          else if (o.kind === "void") await voidNote(api, m, o);
          else if (o.kind === "pay") await pay(api, m, o.percent);
          else await spend(api, m, o.amount);
          checkInvoice(m);
        }
        await checkStored(api, m);
      }),
      { numRuns: 25 },
    );
  });
});
