import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DOMParser } from "@xmldom/xmldom";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { decimalAmount } from "../../src/domain/e-invoice/amounts";
import { currencyExponent, formatMoney } from "../../src/domain/money";
import { pdfPages } from "../helpers/pdf-reading";
import { buildCorpus, type Client, type CorpusDocument } from "./corpus";
import { validate, type Verdict } from "./validator";

const baseUrl = inject("baseUrl");
const auth = { Authorization: `Bearer ${inject("apiKey")}` };

const client: Client = {
  get: async (p) => json(await fetch(`${baseUrl}${p}`, { headers: auth })),
  post: async (p, body = {}) =>
    json(await fetch(`${baseUrl}${p}`, { method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify(body) })),
  patch: async (p, body) =>
    json(await fetch(`${baseUrl}${p}`, { method: "PATCH", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify(body) })),
  bytes: async (p) => {
    const res = await fetch(`${baseUrl}${p}`, { headers: auth });
    return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get("content-type") ?? "" };
  },
};

async function json(res: Response) {
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Every case the norm treats apart, then a sample of random invoices (corpus.ts). */
const CASES = [
  "seed",
  "eur-19-7-discount",
  "reverse-charge",
  "exempt",
  "intra-community",
  "export",
  "jpy",
  "fractional-hours",
  "credit-line",
  "500-lines",
  "partly-paid",
  "credit-note-partial",
  "random-1",
  "random-2",
  "random-3",
];

const dir = mkdtempSync(path.join(tmpdir(), "en16931-"));
const base = (doc: CorpusDocument) => (doc.kind === "invoice" ? `/v1/invoices/${doc.id}` : `/v1/credit_notes/${doc.id}`);

type Rendered = { doc: CorpusDocument; files: { format: "ubl" | "cii" | "facturx"; file: string; xml: string }[] };

let corpus: Rendered[] = [];
let verdicts = new Map<string, Verdict>();

async function download(doc: CorpusDocument, format: "ubl" | "cii"): Promise<{ file: string; xml: string }> {
  const res = await client.bytes(`${base(doc)}/e-invoice?format=${format}`);
  if (res.status !== 200) throw new Error(`${doc.name} ${format}: ${res.status} ${new TextDecoder().decode(res.bytes)}`);
  expect(res.contentType).toMatch(/^application\/xml/);
  const file = path.join(dir, `${doc.name}.${format}.xml`);
  writeFileSync(file, res.bytes);
  return { file, xml: new TextDecoder().decode(res.bytes) };
}

/** The Factur-X PDF, and its XML taken out with qpdf the way a receiver's software does. */
async function facturx(doc: CorpusDocument): Promise<{ file: string; xml: string; pdf: Uint8Array }> {
  const res = await client.bytes(`${base(doc)}/e-invoice?format=facturx`);
  if (res.status !== 200) throw new Error(`${doc.name} facturx: ${res.status} ${new TextDecoder().decode(res.bytes)}`);
  expect(res.contentType).toBe("application/pdf");
  const pdfFile = path.join(dir, `${doc.name}.facturx.pdf`);
  writeFileSync(pdfFile, res.bytes);
  const xml = execFileSync("qpdf", [`--show-attachment=factur-x.xml`, pdfFile], { encoding: "utf8" });
  const file = path.join(dir, `${doc.name}.facturx.xml`);
  writeFileSync(file, xml);
  return { file, xml, pdf: res.bytes };
}

beforeAll(async () => {
  const docs = await buildCorpus(client);
  corpus = await Promise.all(
    docs.map(async (doc) => {
      const files: Rendered["files"] = [
        { format: "ubl", ...(await download(doc, "ubl")) },
        { format: "cii", ...(await download(doc, "cii")) },
      ];
      if (doc.facturx) files.push({ format: "facturx", ...(await facturx(doc)) });
      return { doc, files };
    }),
  );
  verdicts = await validate(corpus.flatMap((c) => c.files.map((f) => f.file)));
});

describe("the conformance corpus passes the official CEN EN 16931 rules with 0 fatal", () => {
  it("covers every case the norm treats apart, in UBL and CII, and Factur-X for three", () => {
    expect(corpus.map((c) => c.doc.name)).toEqual(CASES);
    expect(corpus.filter((c) => c.files.some((f) => f.format === "facturx")).length).toBeGreaterThanOrEqual(3);
  });

  it.each(CASES)("%s", (name) => {
    const rendered = corpus.find((c) => c.doc.name === name)!;
    for (const { file } of rendered.files) {
      const verdict = verdicts.get(file)!;
      expect(verdict.pass, verdict.output).toBe(true);
    }
  });

  it("the XML inside each Factur-X is the CII the API serves", () => {
    for (const { files } of corpus) {
      const embedded = files.find((f) => f.format === "facturx");
      if (embedded) expect(embedded.xml).toBe(files.find((f) => f.format === "cii")!.xml);
    }
  });
});

describe("the validator bites", () => {
  it("a changed total fails with the rule it breaks", async () => {
    const rendered = corpus.find((c) => c.doc.name === "seed")!;
    const seed = rendered.files.find((f) => f.format === "ubl")!;
    const subtotal: number = rendered.doc.api.subtotal;
    const total = decimalAmount(subtotal, 2);
    const tampered = seed.xml.replace(
      new RegExp(`(<cbc:LineExtensionAmount currencyID="USD">)${total.replace(".", "\\.")}(</cbc:LineExtensionAmount>\\s*<cbc:TaxExclusiveAmount)`),
      `$1${decimalAmount(subtotal + 100, 2)}$2`,
    );
    expect(tampered).not.toBe(seed.xml);
    const file = path.join(dir, "seed.tampered.ubl.xml");
    writeFileSync(file, tampered);
    const verdict = (await validate([file])).get(file)!;
    expect(verdict.pass).toBe(false);
    expect(verdict.fatal).toContain("BR-CO-10");
  });
});

const NS = {
  cbc: "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
  ram: "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
};

function first(xml: string, ns: string, name: string, within?: string): string {
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  const scope = within ? (doc.getElementsByTagNameNS("*", within)[0] ?? doc) : doc;
  const found = (scope as any).getElementsByTagNameNS(ns, name)[0];
  return found?.textContent ?? "";
}

/** BG-22 read back from each syntax with a real XML parser. */
/** BG-22 as written; an optional total left out is zero, in the currency's places. */
function ublTotals(xml: string, zero: string) {
  const t = (n: string) => first(xml, NS.cbc, n, "LegalMonetaryTotal");
  return {
    subtotal: t("LineExtensionAmount"),
    discount: t("AllowanceTotalAmount") || zero,
    taxExclusive: t("TaxExclusiveAmount"),
    total: t("TaxInclusiveAmount"),
    prepaid: t("PrepaidAmount") || zero,
    payable: t("PayableAmount"),
    tax: first(xml, NS.cbc, "TaxAmount", "TaxTotal"),
  };
}

function ciiTotals(xml: string, zero: string) {
  const t = (n: string) => first(xml, NS.ram, n, "SpecifiedTradeSettlementHeaderMonetarySummation");
  return {
    subtotal: t("LineTotalAmount"),
    discount: t("AllowanceTotalAmount") || zero,
    taxExclusive: t("TaxBasisTotalAmount"),
    total: t("GrandTotalAmount"),
    prepaid: t("TotalPrepaidAmount") || zero,
    payable: t("DuePayableAmount"),
    tax: t("TaxTotalAmount"),
  };
}

describe("one set of numbers: API, PDF, UBL and CII", () => {
  it("each document's totals are the API's, in both XMLs and in the PDF's text", async () => {
    for (const { doc, files } of corpus) {
      const api = doc.api;
      const exponent = currencyExponent(api.currency);
      const prepaid = doc.kind === "invoice" ? api.applied_balance : 0;
      const expected = {
        subtotal: api.subtotal,
        discount: api.discount_amount,
        taxExclusive: api.subtotal - api.discount_amount,
        total: api.total_amount,
        prepaid,
        payable: api.total_amount - prepaid,
        tax: api.tax_amount,
      };
      // Compared as the exact decimal text of the API's integers, never through a float.
      const asText = Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, decimalAmount(v, exponent)]));
      for (const [syntax, totals] of [
        ["ubl", ublTotals(files.find((f) => f.format === "ubl")!.xml, decimalAmount(0, exponent))],
        ["cii", ciiTotals(files.find((f) => f.format === "cii")!.xml, decimalAmount(0, exponent))],
      ] as const)
        expect(totals, `${doc.name} ${syntax}`).toEqual(asText);
      const pdfPath = `${base(doc)}/pdf`;
      const pdf = await client.bytes(pdfPath);
      const text = (await pdfPages(pdf.bytes)).pages.join("\n");
      for (const amount of [api.subtotal, api.tax_amount, api.total_amount])
        expect(text, `${doc.name}: ${formatMoney(amount, api.currency)} on the PDF`).toContain(formatMoney(amount, api.currency));
    }
  });
});
