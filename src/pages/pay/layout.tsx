import type { Child } from "hono/jsx";

/** The HTML document around every public page: one inline stylesheet, no script. */
export function Layout(props: { title: string; css: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{props.title}</title>
        <style dangerouslySetInnerHTML={{ __html: props.css }} />
      </head>
      <body>{props.children}</body>
    </html>
  );
}
