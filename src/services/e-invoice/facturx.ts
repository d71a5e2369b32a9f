/*
 * Factur-X 1.0 (= ZUGFeRD 2.x): the invoice PDF as PDF/A-3b with its CII XML embedded as
 * factur-x.xml. The PDF must have been rendered with every font embedded
 * (renderInvoicePdf(…, { embedAllFonts: true })): PDF/A cannot be reached afterwards from a
 * file that uses the standard Helvetica. This adds what PDF/A-3 and Factur-X ask of the file
 * around the pages, without touching them: the page content and the font programs are
 * written as they are, only the few new objects are built and compressed.
 *
 * Checked by hand with qpdf (also what the conformance run does):
 *   qpdf --check out.pdf                               # no errors or warnings
 *   qpdf --show-attachment=factur-x.xml out.pdf        # prints the CII XML
 */
import { AFRelationship, PDFDict, PDFDocument, PDFHeader, PDFHexString, PDFName, PDFNumber, PDFString } from "pdf-lib";
import { SRGB_CONDITION, srgbIccProfile } from "./srgb-icc";
import { type FacturXProfile, facturXXmp } from "./xmp";

/** Factur-X 1.0 section 6.1: the embedded file's fixed name. */
export const FACTUR_X_FILENAME = "factur-x.xml";

export type FacturXMeta = {
  /** The invoice number; seeds the file identifier. */
  documentNumber: string;
  /** The document's date: Info and XMP creation and modification dates, the attachment's dates. */
  created: Date;
  /** Title and author default to the rendered PDF's own. */
  title?: string;
  author?: string;
  /** The profile the XML conforms to (fx:ConformanceLevel); the API writes EN 16931. */
  profile?: FacturXProfile;
};

// Annotation flags (PDF 1.7 12.5.3). ISO 19005-3 6.3.2: Print set; Invisible, Hidden, NoView
// and ToggleNoView clear.
const PRINT = 4;
const NOT_SHOWN = 1 | 2 | 32 | 256;

/**
 * The invoice PDF turned into a Factur-X PDF/A-3b carrying `ciiXml`. Best given the unsaved
 * document (renderInvoicePdfDocument(…, { embedAllFonts: true })), which this completes and
 * saves; PDF bytes work too, at the cost of parsing them again (about as much CPU as a short
 * invoice's whole render).
 */
export async function toFacturX(pdf: PDFDocument | Uint8Array, ciiXml: string, meta: FacturXMeta): Promise<Uint8Array> {
  // updateMetadata: false, or pdf-lib would stamp its own Producer and the current time.
  const doc = pdf instanceof PDFDocument ? pdf : await PDFDocument.load(pdf, { updateMetadata: false });
  // ISO 19005-3 6.1.3: no Encrypt key in the trailer.
  if (doc.isEncrypted) throw new Error("toFacturX: an encrypted PDF cannot become PDF/A");
  const xml = new TextEncoder().encode(ciiXml);
  const { created } = meta;

  // The Info dictionary and the XMP must say the same (ISO 19005-3 6.6.2.3.1), so both are
  // written from these values.
  const title = meta.title ?? doc.getTitle() ?? meta.documentNumber;
  const author = meta.author ?? doc.getAuthor() ?? "";
  const producer = doc.getProducer() ?? "edge-invoicing (pdf-lib)";
  doc.setTitle(title);
  doc.setAuthor(author);
  doc.setProducer(producer);
  doc.setCreationDate(created);
  doc.setModificationDate(created);

  // Factur-X 1.0 section 6.1 and ISO 19005-3 6.8: a file specification with F and UF, its
  // MIME type, ModDate and Size, AFRelationship, in the EmbeddedFiles name tree and in the
  // catalog's /AF array (pdf-lib's attach writes both).
  await doc.attach(xml, FACTUR_X_FILENAME, {
    mimeType: "text/xml",
    description: "Factur-X invoice",
    creationDate: created,
    modificationDate: created,
    afRelationship: AFRelationship.Alternative,
  });

  const context = doc.context;
  const xmp = facturXXmp({
    title,
    author,
    subject: doc.getSubject(),
    keywords: doc.getKeywords(),
    creatorTool: doc.getCreator(),
    producer,
    created,
    fileName: FACTUR_X_FILENAME,
    profile: meta.profile ?? "EN 16931",
  });
  // ISO 19005-3 6.6.2.1: the metadata stream has no Filter, so any reader finds the packet.
  const metadata = context.stream(new TextEncoder().encode(xmp), { Type: "Metadata", Subtype: "XML" });
  doc.catalog.set(PDFName.of("Metadata"), context.register(metadata));

  // ISO 19005-3 6.2.3: DeviceRGB is allowed only under an RGB output intent.
  const profile = context.register(context.stream(srgbIccProfile(), { N: 3 }));
  const intent = context.obj({
    Type: "OutputIntent",
    S: "GTS_PDFA1",
    OutputConditionIdentifier: PDFString.of(SRGB_CONDITION),
    RegistryName: PDFString.of("http://www.color.org"),
    Info: PDFString.of(SRGB_CONDITION),
    DestOutputProfile: profile,
  });
  doc.catalog.set(PDFName.of("OutputIntents"), context.obj([intent]));

  printAnnotations(doc);

  // ISO 19005-3 6.1.3: the trailer has an ID. A digest of what the file carries, so the
  // same invoice gives the same bytes.
  const id = PDFHexString.of(await fileId(meta, ciiXml));
  context.trailerInfo.ID = context.obj([id, id]);
  context.header = PDFHeader.forVersion(1, 7);

  return doc.save({ objectsPerTick: Number.POSITIVE_INFINITY, useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
}

/** The pay link is the renderer's only annotation; PDF/A wants every annotation printed and visible. */
function printAnnotations(doc: PDFDocument): void {
  for (const page of doc.getPages()) {
    const annots = page.node.Annots();
    if (!annots) continue;
    for (let i = 0; i < annots.size(); i++) {
      const annot = annots.lookup(i);
      if (!(annot instanceof PDFDict)) continue;
      const flags = annot.lookupMaybe(PDFName.of("F"), PDFNumber)?.asNumber() ?? 0;
      annot.set(PDFName.of("F"), PDFNumber.of((flags | PRINT) & ~NOT_SHOWN));
    }
  }
}

async function fileId(meta: FacturXMeta, ciiXml: string): Promise<string> {
  const seed = new TextEncoder().encode(`${meta.documentNumber}\n${meta.created.toISOString()}\n${ciiXml}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", seed));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}
