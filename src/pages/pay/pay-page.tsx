import type { PayPageView } from "./pay-page-view";
import type { PaymentMethod } from "../../services/pdf/bank-instructions";

function Instructions(props: { methods: PaymentMethod[] }) {
  return (
    <>
      {props.methods.map((m) => (
        <>
          <h3>{m.title}</h3>
          <dl>
            {m.rows.map(([label, value]) => (
              <>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </>
            ))}
          </dl>
        </>
      ))}
    </>
  );
}

/** The customer's view of one invoice: what is owed, for what, and how to pay it. */
export function PayPage(props: { view: PayPageView }) {
  const v = props.view;
  return (
    <>
      <header class="brand">
        <div class="brand-inner">
          {/* The name is written next to the logo, so the image itself is decorative. */}
          {v.logoUrl ? <img src={v.logoUrl} alt="" width="160" height="48" /> : null}
          <p class="merchant">{v.merchantName}</p>
        </div>
      </header>
      <main>
        <h1>{v.heading}</h1>
        {v.banner ? (
          <p class={`banner banner-${v.banner.kind}`} id="status-banner">
            {v.banner.text}
          </p>
        ) : null}

        <section aria-labelledby="summary-heading">
          <h2 id="summary-heading" class="visually-hidden">
            Summary
          </h2>
          <p class="due">
            <span>Amount due</span>
            <strong class="due-amount" id="amount-due">
              {v.amountDue}
            </strong>
            <span class="due-date">Due {v.dueDate}</span>
          </p>
          <p class="actions">
            {v.payUrl ? (
              <a class="pay-now" id="pay-now" href={v.payUrl}>
                Pay now
              </a>
            ) : null}
            {v.pdfUrl ? (
              <a class="pdf-link" id="pdf-link" href={v.pdfUrl} type="application/pdf">
                Download PDF
              </a>
            ) : null}
          </p>
        </section>

        <section aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <dl>
            {v.details.map(([label, value]) => (
              <>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </>
            ))}
          </dl>
          <div class="billed-to">
            <h3>Billed to</h3>
            {v.billedTo.map((line) => (
              <p>{line}</p>
            ))}
          </div>
        </section>

        <section aria-labelledby="items-heading">
          <h2 id="items-heading">Items</h2>
          <table class="lines">
            <caption class="visually-hidden">Invoice lines</caption>
            <thead>
              <tr>
                <th scope="col">Description</th>
                <th scope="col" class="num wide">
                  Quantity
                </th>
                <th scope="col" class="num wide">
                  Unit price
                </th>
                <th scope="col" class="num wide">
                  Tax
                </th>
                <th scope="col" class="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {v.lines.map((l) => (
                <tr>
                  <th scope="row">
                    {l.description}
                    <span class="line-meta">
                      {l.quantity} × {l.unitPrice} · tax {l.taxRate}
                    </span>
                  </th>
                  <td class="num wide">{l.quantity}</td>
                  <td class="num wide">{l.unitPrice}</td>
                  <td class="num wide">{l.taxRate}</td>
                  <td class="num">{l.amount}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="totals">
            <caption class="visually-hidden">Totals</caption>
            <tbody>
              {v.totals.map((t) => (
                <tr class={t.strong ? "strong" : undefined}>
                  <th scope="row">{t.label}</th>
                  <td class="num">{t.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        {v.payUrl || v.instructions.length > 0 ? (
          <section aria-labelledby="pay-heading">
            <h2 id="pay-heading">How to pay</h2>
            {v.payUrl ? (
              <p>
                Pay online with the <a href={v.payUrl}>secure checkout</a>, or by bank transfer using the details below.
              </p>
            ) : null}
            <Instructions methods={v.instructions} />
            {v.instructions.length > 0 ? <p>Please quote {v.number} as the payment reference.</p> : null}
          </section>
        ) : null}

        {v.notes ? (
          <section aria-labelledby="notes-heading">
            <h2 id="notes-heading">Notes</h2>
            <p class="notes">{v.notes}</p>
          </section>
        ) : null}
      </main>
      <footer class="site-footer">
        {v.contactEmail ? (
          <p>
            Questions about this invoice? Contact {v.merchantName} at <a href={`mailto:${v.contactEmail}`}>{v.contactEmail}</a>.
          </p>
        ) : (
          <p>Questions about this invoice? Contact {v.merchantName}.</p>
        )}
      </footer>
    </>
  );
}
