/*
 * The XMP packet of a Factur-X PDF. PDF/A-3 (ISO 19005-3 6.6.2) needs it on the catalog with
 * the PDF/A identification (part 3, conformance B) and every document information entry
 * repeated with the same value; Factur-X 1.0 (section 6.2.2) adds the fx: properties naming
 * the embedded XML, and because fx: is not a schema PDF/A predefines, the packet also
 * describes it in a pdfaExtension:schemas block (ISO 19005-3 6.6.2.3.3), as in the spec's
 * sample. Every value is escaped; no text from an invoice is spliced in raw.
 */
import { escapeText } from "./xml";

export const FACTUR_X_NAMESPACE = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";

/** The Factur-X profile the embedded XML conforms to (fx:ConformanceLevel). */
export type FacturXProfile = "MINIMUM" | "BASIC WL" | "BASIC" | "EN 16931" | "EXTENDED";

export type XmpFields = {
  title: string;
  author: string;
  subject?: string;
  keywords?: string;
  creatorTool?: string;
  producer: string;
  /** CreateDate; ModifyDate and MetadataDate too, the file being written once. */
  created: Date;
  fileName: string;
  profile: FacturXProfile;
};

// The fx: properties as Factur-X 1.0 describes them in its extension schema.
const FX_PROPERTIES: Array<[string, string]> = [
  ["DocumentFileName", "The name of the embedded XML document"],
  ["DocumentType", "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER"],
  ["Version", "The actual version of the standard applying to the embedded XML document"],
  ["ConformanceLevel", "The conformance level of the embedded XML document"],
];

/** The packet as UTF-8 text. */
export function facturXXmp(fields: XmpFields): string {
  const date = xmpDate(fields.created);
  const e = escapeText;
  const optional = (name: string, value: string | undefined) => (value ? `\n   <${name}>${e(value)}</${name}>` : "");
  const fxSchema = FX_PROPERTIES.map(
    ([name, description]) => `
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>${name}</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>${e(description)}</pdfaProperty:description>
        </rdf:li>`,
  ).join("");
  const description = fields.subject
    ? `
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${e(fields.subject)}</rdf:li></rdf:Alt></dc:description>`
    : "";
  // No bytes or encoding attribute on the xpacket header: ISO 19005-3 6.6.2.1 forbids them.
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${e(fields.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${e(fields.author)}</rdf:li></rdf:Seq></dc:creator>${description}
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>${e(fields.producer)}</pdf:Producer>${optional("pdf:Keywords", fields.keywords)}
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">${optional("xmp:CreatorTool", fields.creatorTool)}
   <xmp:CreateDate>${date}</xmp:CreateDate>
   <xmp:ModifyDate>${date}</xmp:ModifyDate>
   <xmp:MetadataDate>${date}</xmp:MetadataDate>
  </rdf:Description>
  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>${FACTUR_X_NAMESPACE}</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>fx</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>${fxSchema}
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:fx="${FACTUR_X_NAMESPACE}">
   <fx:DocumentType>INVOICE</fx:DocumentType>
   <fx:DocumentFileName>${e(fields.fileName)}</fx:DocumentFileName>
   <fx:Version>1.0</fx:Version>
   <fx:ConformanceLevel>${e(fields.profile)}</fx:ConformanceLevel>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/**
 * To the second, in UTC: the Info dictionary's dates (pdf-lib writes D:YYYYMMDDHHmmSSZ) carry
 * no milliseconds, and PDF/A wants the two to be the same instant.
 */
export function xmpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
