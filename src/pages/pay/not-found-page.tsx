/** One body for every token that shows nothing: unknown, voided, draft or mistyped. */
export function NotFoundPage() {
  return (
    <main>
      <h1>This invoice link is not valid</h1>
      <p>The link may be mistyped, or the invoice may no longer be payable. Please contact the business that sent it to you.</p>
    </main>
  );
}
