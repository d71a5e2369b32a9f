/*
 * The bench invoice as @react-pdf/renderer would draw it: the same view model (strings)
 * our renderer draws, the same sections, a repeating table header and page numbers.
 * Built with createElement so it needs no JSX setup.
 */
import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { createElement as h, type ReactElement } from "react";
import type { InvoiceView } from "../../src/services/pdf/invoice-view";

const s = StyleSheet.create({
  page: { padding: 40, paddingBottom: 56, fontFamily: "Helvetica", fontSize: 9, color: "#222" },
  heading: { fontSize: 20, fontFamily: "Helvetica-Bold", color: "#1f3a8a" },
  row: { flexDirection: "row" },
  col: { flex: 1 },
  label: { color: "#666", fontSize: 8, marginBottom: 2 },
  section: { marginTop: 14 },
  th: { flexDirection: "row", borderBottom: "1pt solid #1f3a8a", paddingBottom: 3, fontFamily: "Helvetica-Bold" },
  tr: { flexDirection: "row", borderBottom: "0.5pt solid #ddd", paddingVertical: 3 },
  desc: { flex: 4 },
  num: { flex: 1, textAlign: "right" },
  totals: { marginTop: 8, marginLeft: "55%" },
  strong: { fontFamily: "Helvetica-Bold" },
  footer: { position: "absolute", bottom: 24, left: 40, right: 40, flexDirection: "row", justifyContent: "space-between", color: "#666", fontSize: 7 },
});

const lines = (items: string[]) => items.map((t, i) => h(Text, { key: i }, t));

function invoiceDocument(v: InvoiceView): ReactElement {
  const header = h(View, { key: "header", style: s.row }, [
    h(View, { key: "m", style: s.col }, [h(Text, { key: "n", style: s.strong }, v.merchantName), ...lines(v.merchantLines)]),
    h(View, { key: "t", style: s.col }, [
      h(Text, { key: "h", style: s.heading }, v.heading),
      ...v.details.map(([k, val], i) => h(Text, { key: i }, `${k}: ${val}`)),
    ]),
  ]);
  const parties = h(View, { key: "parties", style: [s.row, s.section] }, [
    h(View, { key: "b", style: s.col }, [h(Text, { key: "l", style: s.label }, "Bill to"), ...lines(v.billTo)]),
    h(View, { key: "s", style: s.col }, [h(Text, { key: "l", style: s.label }, "Ship to"), ...lines(v.shipTo)]),
  ]);
  const tableHead = h(View, { key: "head", style: s.th, fixed: true }, [
    h(Text, { key: "d", style: s.desc }, "Description"),
    h(Text, { key: "q", style: s.num }, "Qty"),
    h(Text, { key: "u", style: s.num }, "Unit price"),
    h(Text, { key: "t", style: s.num }, "Tax"),
    h(Text, { key: "a", style: s.num }, "Amount"),
  ]);
  const rows = v.lines.map((l, i) =>
    h(View, { key: `r${i}`, style: s.tr, wrap: false }, [
      h(Text, { key: "d", style: s.desc }, l.description),
      h(Text, { key: "q", style: s.num }, l.quantity),
      h(Text, { key: "u", style: s.num }, l.unitPrice),
      h(Text, { key: "t", style: s.num }, l.taxRate),
      h(Text, { key: "a", style: s.num }, l.amount),
    ]),
  );
  const totals = h(
    View,
    { key: "totals", style: s.totals, wrap: false },
    v.totals.map((t, i) =>
      h(View, { key: i, style: s.row }, [
        h(Text, { key: "l", style: [s.col, t.strong ? s.strong : {}] }, t.label),
        h(Text, { key: "v", style: t.strong ? s.strong : {} }, t.value),
      ]),
    ),
  );
  const payment = h(View, { key: "payment", style: s.section, wrap: false }, [
    ...(v.payUrl ? [h(Text, { key: "u" }, `Pay online: ${v.payUrl}`)] : []),
    ...v.payment.map((m, i) =>
      h(View, { key: i, style: s.section }, [
        h(Text, { key: "t", style: s.strong }, m.title),
        ...m.rows.map(([k, val], j) => h(Text, { key: j }, `${k}: ${val}`)),
      ]),
    ),
  ]);
  const remarks = h(
    View,
    { key: "remarks", style: s.section },
    [v.notes, v.memo, v.taxNote].filter(Boolean).map((t, i) => h(Text, { key: i }, t)),
  );
  const footer = h(View, { key: "footer", style: s.footer, fixed: true }, [
    h(Text, { key: "f" }, v.footer),
    h(Text, { key: "p", render: ({ pageNumber, totalPages }: { pageNumber: number; totalPages: number }) => `Page ${pageNumber} of ${totalPages}` }),
  ]);
  return h(
    Document,
    { title: v.documentTitle, author: v.merchantName },
    h(Page, { size: "A4", style: s.page }, [
      header,
      parties,
      h(View, { key: "tbl", style: s.section }, [tableHead, ...rows]),
      totals,
      payment,
      remarks,
      footer,
    ]),
  );
}

export async function renderWithReactPdf(view: InvoiceView): Promise<Uint8Array> {
  return new Uint8Array(await renderToBuffer(invoiceDocument(view) as Parameters<typeof renderToBuffer>[0]));
}
