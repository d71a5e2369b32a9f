/** The bench invoice as an HTML page for Chromium to print: the same view model and sections. */
import type { InvoiceView } from "../../src/services/pdf/invoice-view";

const esc = (t: string) => t.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
const block = (items: string[]) => items.map((t) => `<div>${esc(t)}</div>`).join("");

export function invoiceHtml(v: InvoiceView): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(v.documentTitle)}</title><style>
@page { size: A4; margin: 40pt 40pt 56pt 40pt; }
body { font: 9pt Helvetica, Arial, sans-serif; color: #222; margin: 0; }
h1 { font-size: 20pt; color: #1f3a8a; margin: 0 0 4pt; }
.row { display: flex; gap: 16pt; } .col { flex: 1; } .label { color: #666; font-size: 8pt; } section { margin-top: 14pt; }
table { width: 100%; border-collapse: collapse; } thead { display: table-header-group; }
th { text-align: left; border-bottom: 1pt solid #1f3a8a; } td { border-bottom: 0.5pt solid #ddd; padding: 3pt 0; } tr { break-inside: avoid; }
.num { text-align: right; } .totals { margin: 8pt 0 0 55%; } .totals div { display: flex; justify-content: space-between; } .strong { font-weight: bold; }
</style></head><body>
<div class="row"><div class="col"><div class="strong">${esc(v.merchantName)}</div>${block(v.merchantLines)}</div>
<div class="col"><h1>${esc(v.heading)}</h1>${block(v.details.map(([k, val]) => `${k}: ${val}`))}</div></div>
<section class="row"><div class="col"><div class="label">Bill to</div>${block(v.billTo)}</div><div class="col"><div class="label">Ship to</div>${block(v.shipTo)}</div></section>
<section><table><thead><tr><th>Description</th><th class="num">Qty</th><th class="num">Unit price</th><th class="num">Tax</th><th class="num">Amount</th></tr></thead><tbody>
${v.lines.map((l) => `<tr><td>${esc(l.description)}</td><td class="num">${esc(l.quantity)}</td><td class="num">${esc(l.unitPrice)}</td><td class="num">${esc(l.taxRate)}</td><td class="num">${esc(l.amount)}</td></tr>`).join("\n")}
</tbody></table></section>
<div class="totals">${v.totals.map((t) => `<div class="${t.strong ? "strong" : ""}"><span>${esc(t.label)}</span><span>${esc(t.value)}</span></div>`).join("")}</div>
<section>${v.payUrl ? `<div>Pay online: ${esc(v.payUrl)}</div>` : ""}${v.payment.map((m) => `<section><div class="strong">${esc(m.title)}</div>${block(m.rows.map(([k, val]) => `${k}: ${val}`))}</section>`).join("")}</section>
<section>${block([v.notes, v.memo, v.taxNote].filter((t): t is string => !!t))}</section>
</body></html>`;
}

/** Chromium's footer template: the page numbers our renderer and react-pdf print too. */
export const footerTemplate = (v: InvoiceView) =>
  `<div style="font: 7pt Helvetica, Arial, sans-serif; color: #666; width: 100%; padding: 0 40pt; display: flex; justify-content: space-between;"><span>${esc(v.footer)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
