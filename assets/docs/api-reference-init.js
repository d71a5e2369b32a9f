// Starts the API reference on /docs. A file of its own, not an inline script, so the page's
// Content-Security-Policy can allow scripts from 'self' only. withDefaultFonts: false keeps
// the page from fetching fonts from Scalar's CDN (it works offline).
const app = document.getElementById("app");
Scalar.createApiReference(app, {
  url: app.dataset.openapiUrl,
  withDefaultFonts: false,
});
