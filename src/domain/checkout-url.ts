/*
 * The merchant's checkout link: the account's checkout_url_template with {invoice_id},
 * {invoice_number}, {amount} (amount due, integer minor units, like every amount in the API)
 * and {currency} (ISO code) substituted, each URL-encoded so a value can never add a path,
 * query or fragment of its own. Only https links are ever shown.
 */

export type CheckoutValues = { invoice_id: string; invoice_number: string; amount: number; currency: string };

const PLACEHOLDER = /\{(invoice_id|invoice_number|amount|currency)\}/g;

export function checkoutUrl(template: string | null | undefined, values: CheckoutValues): string | null {
  if (!template) return null;
  const filled = template.replace(PLACEHOLDER, (_m, name: keyof CheckoutValues) => encodeURIComponent(String(values[name])));
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || url.username || url.password) return null;
  return url.href;
}
