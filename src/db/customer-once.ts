import { sha256Hex } from "../auth/api-key-token";
import type { Customer } from "../domain/types";
import { type Changer, createCustomer, findCustomer, type CustomerInput } from "./customer-queries";
import type { Db } from "./client";
import { isUniqueViolation } from "./constraint-errors";

/**
 * Creates a customer at most once per Idempotency-Key: the id is derived from the key, so a
 * retry whose first answer was lost (the Worker died after the insert) finds the customer it
 * made instead of adding a second one.
 */
export async function createCustomerOnce(db: Db, accountId: string, input: CustomerInput, who: Changer): Promise<Customer> {
  const { idempotencyKey } = who;
  if (!idempotencyKey) return createCustomer(db, accountId, input, who);
  const id = `cust_${(await sha256Hex(`${accountId}\ncustomer:${idempotencyKey}`)).slice(0, 24)}`;
  const existing = await findCustomer(db, accountId, id);
  if (existing) return existing;
  try {
    return await createCustomer(db, accountId, input, who, id);
  } catch (err) {
    // Two runs of one key raced past the lookup (the first lock ran out): the primary key let one in.
    const winner = isUniqueViolation(err) ? await findCustomer(db, accountId, id) : null;
    if (winner) return winner;
    throw err;
  }
}
