import { DOMParser } from "@xmldom/xmldom";
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  type PDFDocument as PDFDocumentType,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFString,
  PDFHexString,
} from "pdf-lib";
import { describe, expect, it } from "vitest";
import { toFacturX } from "../../../src/services/e-invoice/facturx";
import { FACTUR_X_NAMESPACE } from "../../../src/services/e-invoice/xmp";
import { renderInvoicePdf, renderInvoicePdfDocument } from "../../../src/services/pdf";
import { pdfAccount, pdfCustomer, pdfInvoice, pdfLines } from "../../helpers/pdf-fixtures";
import { shippedFonts } from "../../helpers/pdf-fonts";
import { pdfFonts, pdfPages, uncompressedPdf } from "../../helpers/pdf-reading";

/*
 * The Factur-X wrap read back with a real PDF parser (pdf-lib's, independent of how the file
 * was written): the embedded XML as PDF/A-3 and Factur-X 1.0 place it, the XMP, the output
 * intent, every font embedded. What this cannot run in workerd, checked by hand on a written
 * file (the conformance run does the first on every Factur-X it fetches):
 *   qpdf --show-attachment=factur-x.xml out.pdf   # prints the XML
 *   qpdf --check out.pdf                          # "No syntax or stream encoding errors found"
 */

const now = new Date("2026-11-02T10:00:00Z");
const NS = {
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  pdfaid: "http://www.aiim.org/pdfa/ns/id/",
  dc: "http://purl.org/dc/elements/1.1/",
  xmp: "http://ns.adobe.com/xap/1.0/",
  pdf: "http://ns.adobe.com/pdf/1.3/",
  pdfaSchema: "http://www.aiim.org/pdfa/ns/schema#",
  fx: FACTUR_X_NAMESPACE,
};
const STANDARD_14 = /^\/(Helvetica|Times|Courier|Symbol|ZapfDingbats)/;

// Enough of a CII document to carry non-ASCII text and an escaped character through.
const CII = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument><ram:ID>INV-2026-0042</ram:ID><ram:TypeCode>380</ram:TypeCode></rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeAgreement><ram:SellerTradeParty><ram:Name>Müller &amp; Söhne</ram:Name></ram:SellerTradeParty></ram:ApplicableHeaderTradeAgreement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
`;

const input = (overrides: Parameters<typeof pdfInvoice>[1] = {}) => ({
  invoice: pdfInvoice(pdfLines(3), overrides),
  account: pdfAccount(),
  payUrl: "https://invoices.test/pay/tok_abc",
  now,
});
const meta = { documentNumber: "INV-2026-0042", created: now };

const load = (bytes: Uint8Array) => PDFDocument.load(bytes, { updateMetadata: false });
const text = (value: unknown) => (value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined);
const streamBytes = (stream: unknown) => {
  if (!(stream instanceof PDFRawStream)) throw new Error("not a stream");
  return decodePDFRawStream(stream).decode();
};

function attachment(doc: PDFDocumentType) {
  const af = doc.catalog.lookup(PDFName.of("AF"), PDFArray);
  return { af, spec: af.lookup(0, PDFDict) };
}

function xmpOf(doc: PDFDocumentType) {
  const stream = doc.catalog.lookup(PDFName.of("Metadata"));
  if (!(stream instanceof PDFRawStream)) throw new Error("no metadata stream");
  return { stream, xmp: new TextDecoder().decode(stream.contents) };
}

function xmpValue(xmp: string, ns: string, name: string): string | undefined {
  const dom = new DOMParser().parseFromString(xmp, "text/xml");
  const node = dom.getElementsByTagNameNS(ns, name)[0];
  return node?.textContent?.trim();
}

/** Every font dictionary in the file, and whether its glyphs come from an embedded program. */
function fontsOf(doc: PDFDocumentType): Array<{ baseFont: string; embedded: boolean }> {
  const embeddedProgram = (font: PDFDict) => {
    const descriptor = font.lookupMaybe(PDFName.of("FontDescriptor"), PDFDict);
    return ["FontFile", "FontFile2", "FontFile3"].some((key) => descriptor?.lookup(PDFName.of(key)) instanceof PDFRawStream);
  };
  const fonts: Array<{ baseFont: string; embedded: boolean }> = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of("Type")) !== PDFName.of("Font")) continue;
    const subtype = object.get(PDFName.of("Subtype"));
    if (subtype === PDFName.of("CIDFontType2") || subtype === PDFName.of("CIDFontType0")) continue; // judged through their Type0 parent
    const embedded =
      subtype === PDFName.of("Type0") ? embeddedProgram(object.lookup(PDFName.of("DescendantFonts"), PDFArray).lookup(0, PDFDict)) : embeddedProgram(object);
    fonts.push({ baseFont: String(object.get(PDFName.of("BaseFont"))), embedded });
  }
  return fonts;
}

describe("toFacturX", { timeout: 60_000 }, () => {
  it.each([
    ["the unsaved document", () => renderInvoicePdfDocument(input(), shippedFonts(), { embedAllFonts: true })],
    ["PDF bytes", () => renderInvoicePdf(input(), shippedFonts(), { embedAllFonts: true })],
  ])("embeds the CII as factur-x.xml, an Alternative associated file of the document (from %s)", async (_, render) => {
    const doc = await load(await toFacturX(await render(), CII, meta));
    const { af, spec } = attachment(doc);
    expect(af.size()).toBe(1);
    expect(spec.get(PDFName.of("Type"))).toBe(PDFName.of("Filespec"));
    expect(text(spec.get(PDFName.of("F")))).toBe("factur-x.xml");
    expect(text(spec.get(PDFName.of("UF")))).toBe("factur-x.xml");
    expect(text(spec.get(PDFName.of("Desc")))).toBe("Factur-X invoice");
    expect(spec.get(PDFName.of("AFRelationship"))).toBe(PDFName.of("Alternative"));

    const file = spec.lookup(PDFName.of("EF"), PDFDict).lookup(PDFName.of("F"));
    const xml = new TextEncoder().encode(CII);
    expect(streamBytes(file)).toEqual(xml);
    const fileDict = (file as PDFRawStream).dict;
    expect(fileDict.get(PDFName.of("Type"))).toBe(PDFName.of("EmbeddedFile"));
    expect(fileDict.get(PDFName.of("Subtype"))).toBe(PDFName.of("text/xml"));
    const params = fileDict.lookup(PDFName.of("Params"), PDFDict);
    expect(params.lookup(PDFName.of("Size"), PDFNumber).asNumber()).toBe(xml.length);
    expect(text(params.get(PDFName.of("ModDate")))).toBe("D:20261102100000Z");

    // The same file specification is named in the document's EmbeddedFiles tree.
    const names = doc.catalog.lookup(PDFName.of("Names"), PDFDict).lookup(PDFName.of("EmbeddedFiles"), PDFDict).lookup(PDFName.of("Names"), PDFArray);
    expect(names.size()).toBe(2);
    expect(text(names.get(0))).toBe("factur-x.xml");
    expect(names.get(1)).toBe(af.get(0));
  });

  it("declares PDF/A-3B and the Factur-X fields in an unfiltered XMP packet that agrees with the Info dictionary", async () => {
    const doc = await load(await toFacturX(await renderInvoicePdfDocument(input(), shippedFonts(), { embedAllFonts: true }), CII, meta));
    const { stream, xmp } = xmpOf(doc);
    expect(stream.dict.get(PDFName.of("Type"))).toBe(PDFName.of("Metadata"));
    expect(stream.dict.get(PDFName.of("Subtype"))).toBe(PDFName.of("XML"));
    expect(stream.dict.has(PDFName.of("Filter"))).toBe(false);
    expect(xmp).toMatch(/^<\?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"\?>/);
    expect(xmp).toMatch(/<\?xpacket end="w"\?>$/);

    expect(xmpValue(xmp, NS.pdfaid, "part")).toBe("3");
    expect(xmpValue(xmp, NS.pdfaid, "conformance")).toBe("B");
    expect(xmpValue(xmp, NS.fx, "DocumentType")).toBe("INVOICE");
    expect(xmpValue(xmp, NS.fx, "DocumentFileName")).toBe("factur-x.xml");
    expect(xmpValue(xmp, NS.fx, "Version")).toBe("1.0");
    expect(xmpValue(xmp, NS.fx, "ConformanceLevel")).toBe("EN 16931");
    // fx: is not a schema PDF/A knows, so the packet describes it.
    expect(xmpValue(xmp, NS.pdfaSchema, "namespaceURI")).toBe(FACTUR_X_NAMESPACE);
    expect(xmpValue(xmp, NS.pdfaSchema, "prefix")).toBe("fx");

    expect(xmpValue(xmp, NS.dc, "title")).toBe(doc.getTitle());
    expect(doc.getTitle()).toBe("Invoice INV-2026-0042");
    expect(xmpValue(xmp, NS.dc, "creator")).toBe(doc.getAuthor());
    expect(xmpValue(xmp, NS.dc, "description")).toBe(doc.getSubject());
    expect(xmpValue(xmp, NS.xmp, "CreatorTool")).toBe(doc.getCreator());
    expect(xmpValue(xmp, NS.pdf, "Producer")).toBe(doc.getProducer());
    expect(doc.getCreationDate()?.toISOString()).toBe(now.toISOString());
    expect(doc.getModificationDate()?.toISOString()).toBe(now.toISOString());
    for (const name of ["CreateDate", "ModifyDate", "MetadataDate"]) expect(xmpValue(xmp, NS.xmp, name)).toBe("2026-11-02T10:00:00Z");
  });

  it("escapes what it puts into the XMP", async () => {
    const title = `Invoice <b>"1" & 2</b>\u0001`;
    const bytes = await toFacturX(await renderInvoicePdfDocument(input(), shippedFonts(), { embedAllFonts: true }), CII, {
      ...meta,
      title,
      author: "A&B <Ltd>",
    });
    const doc = await load(bytes);
    const { xmp } = xmpOf(doc);
    expect(xmpValue(xmp, NS.dc, "title")).toBe(`Invoice <b>"1" & 2</b>`);
    expect(xmpValue(xmp, NS.dc, "creator")).toBe("A&B <Ltd>");
    expect(xmp).not.toContain("<b>");
    expect(doc.getAuthor()).toBe("A&B <Ltd>");
  });

  it("has an sRGB output intent with a three-component ICC profile", async () => {
    const doc = await load(await toFacturX(await renderInvoicePdfDocument(input(), shippedFonts(), { embedAllFonts: true }), CII, meta));
    const intents = doc.catalog.lookup(PDFName.of("OutputIntents"), PDFArray);
    expect(intents.size()).toBe(1);
    const intent = intents.lookup(0, PDFDict);
    expect(intent.get(PDFName.of("S"))).toBe(PDFName.of("GTS_PDFA1"));
    expect(text(intent.get(PDFName.of("OutputConditionIdentifier")))).toBe("sRGB IEC61966-2.1");
    const profile = intent.lookup(PDFName.of("DestOutputProfile"));
    expect(profile).toBeInstanceOf(PDFRawStream);
    expect((profile as PDFRawStream).dict.lookup(PDFName.of("N"), PDFNumber).asNumber()).toBe(3);
    const icc = streamBytes(profile);
    expect(new DataView(icc.buffer, icc.byteOffset).getUint32(0)).toBe(icc.length);
    expect(String.fromCharCode(...icc.subarray(36, 40))).toBe("acsp");
  });

  it("is PDF 1.7 with a file identifier, no encryption, no JavaScript, and annotations that print", async () => {
    const bytes = await toFacturX(await renderInvoicePdfDocument(input(), shippedFonts(), { embedAllFonts: true }), CII, meta);
    expect(new TextDecoder("latin1").decode(bytes.subarray(0, 9))).toBe("%PDF-1.7\n");
    const doc = await load(bytes);
    const id = doc.context.trailerInfo.ID;
    expect(id).toBeInstanceOf(PDFArray);
    expect((id as PDFArray).size()).toBe(2);
    expect(doc.context.trailerInfo.Encrypt).toBeUndefined();
    const all = await uncompressedPdf(bytes);
    expect(all).not.toMatch(/\/JavaScript|\/JS\b/);

    const links = doc.getPages().flatMap((page) => {
      const annots = page.node.Annots();
      return annots ? Array.from({ length: annots.size() }, (_, i) => annots.lookup(i, PDFDict)) : [];
    });
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.lookup(PDFName.of("F"), PDFNumber).asNumber()).toBe(4);
  });

  it("leaves no font unembedded, Latin, Hebrew and CJK alike", async () => {
    const customer = pdfCustomer({ name: "Zoë Ångström שלום 東京 Łódź" });
    const bytes = await toFacturX(await renderInvoicePdfDocument(input({ customer }), shippedFonts(), { embedAllFonts: true }), CII, meta);
    const fonts = fontsOf(await load(bytes));
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const font of fonts) {
      expect(font.embedded, font.baseFont).toBe(true);
      expect(font.baseFont).not.toMatch(STANDARD_14);
    }
    expect((await pdfPages(bytes)).pages.join("\n")).toContain("Zoë Ångström");
  });
});

describe("renderInvoicePdf with embedAllFonts", { timeout: 60_000 }, () => {
  it("draws Latin text with embedded Noto Sans, while the default render keeps Helvetica", async () => {
    const embedded = await pdfFonts(await renderInvoicePdf(input(), shippedFonts(), { embedAllFonts: true }));
    expect(embedded.embedded).toBe(true);
    expect(embedded.baseFonts.filter((f) => STANDARD_14.test(f))).toEqual([]);
    expect(embedded.baseFonts.some((f) => f.includes("NotoSans"))).toBe(true);

    const normal = await pdfFonts(await renderInvoicePdf(input(), shippedFonts()));
    expect(normal.baseFonts.sort()).toEqual(["/Helvetica", "/Helvetica-Bold"]);
    expect(normal.embedded).toBe(false);
  });

  it("marks a character no font has with a question mark instead of drawing .notdef (PDF/A-3 6.2.11.8)", async () => {
    const customer = pdfCustomer({ name: "Acme مرحبا" });
    const bytes = await renderInvoicePdf(input({ customer }), shippedFonts(), { embedAllFonts: true });
    const page = (await pdfPages(bytes)).pages.join("\n");
    expect(page).toContain("Acme ?????");
  });
});
