import type { AccentPalette } from "./accent-color";

/*
 * The page's only stylesheet, inlined and allowed by its hash (no external requests, no
 * nonce to forget). Mobile first: at 320 px the line table keeps two columns and each line
 * carries its quantity, price and tax under the description; wider screens show them as columns.
 * Colours other than the accent are fixed and pass WCAG AA on white.
 */
export function pageStyles(palette: AccentPalette): string {
  return `
:root{color-scheme:light;--accent:${palette.accent};--on-accent:${palette.onAccent};--ink:#1a1a1a;--muted:#4b5563;--line:#d1d5db;--link:#1d4ed8}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:#f3f4f6}
a{color:var(--link)}
a:focus-visible{outline:3px solid var(--ink);outline-offset:2px}
.brand{background:var(--accent);color:var(--on-accent);padding:1rem 0}
.brand-inner,main,.site-footer{max-width:48rem;margin:0 auto}
.brand-inner{display:flex;align-items:center;gap:.75rem;min-height:2.5rem;padding:0 1rem}
.brand img{max-height:3rem;max-width:10rem;height:auto;width:auto;background:#fff;border-radius:.25rem;padding:.25rem}
.merchant{font-size:1.125rem;font-weight:600;overflow-wrap:anywhere}
main{background:#fff;padding:1.25rem 1rem 2rem}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem;overflow-wrap:anywhere}
h2{font-size:1.125rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:2px solid var(--accent)}
h3{font-size:1rem;margin:1rem 0 .5rem}
.banner{border-radius:.375rem;padding:.75rem 1rem;margin:0 0 1rem;font-weight:600;border:1px solid}
.banner-paid{background:#ecfdf3;color:#14532d;border-color:#86efac}
.banner-overdue{background:#fef2f2;color:#7f1d1d;border-color:#fca5a5}
.due{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem 1rem;margin:0 0 1rem}
.due-amount{font-size:2rem;font-weight:700;line-height:1.2;overflow-wrap:anywhere}
.due-date{color:var(--muted)}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:0 0 .5rem}
.pay-now{display:inline-flex;align-items:center;justify-content:center;min-height:2.75rem;padding:.5rem 1.5rem;border-radius:.375rem;background:var(--accent);color:var(--on-accent);font-weight:700;text-decoration:none;border:2px solid var(--ink)}
.pay-now:hover{text-decoration:underline}
.pdf-link{display:inline-flex;align-items:center;min-height:2.75rem}
dl{margin:0;display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;gap:.25rem 1rem}
dt{color:var(--muted)}
dd{margin:0;overflow-wrap:anywhere}
.billed-to{margin:1rem 0 0}
.billed-to p{margin:0}
table{width:100%;border-collapse:collapse}
caption{text-align:left}
th,td{padding:.5rem .25rem;vertical-align:top;text-align:left;border-bottom:1px solid var(--line)}
thead th{font-size:.875rem;color:var(--muted);font-weight:600}
.num{text-align:right;white-space:nowrap}
.lines tbody th{font-weight:400;overflow-wrap:anywhere}
.line-meta{display:block;color:var(--muted);font-size:.875rem}
.wide{display:none}
.totals{margin-top:1rem;max-width:24rem;margin-left:auto}
.totals th{font-weight:400}
.totals .strong th,.totals .strong td{font-weight:700}
.notes{white-space:pre-line;overflow-wrap:anywhere}
.site-footer{padding:1rem;color:var(--muted);font-size:.875rem}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@media (min-width:40rem){
main{padding:2rem}
.brand-inner,.site-footer{padding-left:2rem;padding-right:2rem}
.wide{display:table-cell}
.line-meta{display:none}
h1{font-size:1.75rem}
}
@media print{.brand{background:none;color:var(--ink)}.pay-now{border:1px solid}}
`.trim();
}
