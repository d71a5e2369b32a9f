/*
 * The seeds' request bodies (shared/seeds/001 and 002), as plain data: usable from the workerd
 * suite and from the Node end-to-end tests alike.
 */

/** The seed 001 request body, for a given customer. */
export function seedInvoiceBody(customerId: string) {
  return {
    customer_id: customerId,
    issue_date: "2024-01-19",
    due_date: "2024-02-18",
    currency: "USD",
    line_items: [
      { description: "Professional Services - January 2024", quantity: 40, unit_price: 15000, tax_rate: 0.08 },
      { description: "Software License", quantity: 5, unit_price: 9900, product_id: "prod_xyz789" },
    ],
    payment_terms: "Net 30",
  };
}

/** The customer embedded in seed 002. */
export const seedCustomer = {
  name: "Acme Corporation",
  email: "billing@acme.com",
  billing_address: { line1: "123 Business St", city: "San Francisco", state: "CA", postal_code: "94105", country: "US" },
};
