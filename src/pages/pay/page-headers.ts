/*
 * Headers of every public page. The only resource the page may load is its inline stylesheet
 * (allowed by hash) and an https logo; nothing may frame it, submit a form from it or change
 * its base URL. The page says who owes what, so it is never stored by a cache (private,
 * no-store): no shared cache can hand it to another customer, and no browser cache can show
 * "unpaid" after the payment landed. These values agree with the app-wide secureHeaders,
 * which runs after the handler and would overwrite any header that disagreed.
 */

export async function styleHash(css: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(css));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

export function contentSecurityPolicy(styleSource: string): string {
  return ["default-src 'none'", `style-src ${styleSource}`, "img-src https:", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"].join("; ");
}

export async function publicPageHeaders(css: string): Promise<Record<string, string>> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(await styleHash(css)),
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
  };
}
