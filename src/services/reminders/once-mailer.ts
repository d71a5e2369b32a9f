import type { MailReceipt, Mailer } from "../mail/mailer";

/*
 * The scheduler's own record of what happened to one delivery key, kept in its Durable
 * Object storage because that storage can be made durable (storage.sync()) right before and
 * right after the transport call, which the D1 delivery record cannot: D1 is written only
 * after the provider answered.
 *
 *   no note     → nothing left for this key: send.
 *   "in_flight" → the runtime died while the provider call was under way (a thrown error
 *                 removes the note): the mail may have left, so it is not sent again.
 *   "accepted"  → the provider accepted it; only the D1 record is missing: record, don't send.
 */
export type SendNote = { state: "in_flight" | "accepted"; at: number };

export interface SendNotes {
  get(key: string): SendNote | undefined;
  put(key: string, note: SendNote): void;
  delete(key: string): void;
  /** Resolves once the notes written so far are on disk. */
  flush(): Promise<void>;
}

/** What the wrapped mailer did with the message: sent it, or found it had already left. */
export type SendOutcome = "sent" | "already_accepted" | "outcome_unknown";

/** Raised instead of sending when the invoice stopped wanting a reminder at the last moment. */
export class ReminderNoLongerDue extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "ReminderNoLongerDue";
  }
}

/**
 * A Mailer that sends the message for `key` at most once across crashes and retries. `stillDue`
 * is asked just before the transport call (after the D1 delivery claim), so a payment that
 * lands while a reminder is being prepared still stops it.
 */
export function onceMailer(inner: Mailer, notes: SendNotes, key: string, now: () => number, stillDue: () => Promise<string | null>) {
  const state: { outcome: SendOutcome | null } = { outcome: null };
  const noReceipt: MailReceipt = { transport: "send_email", providerMessageIds: [] };
  const mailer: Mailer = {
    async send(mail) {
      const note = notes.get(key);
      if (note) {
        state.outcome = note.state === "accepted" ? "already_accepted" : "outcome_unknown";
        return noReceipt;
      }
      const stop = await stillDue();
      if (stop) throw new ReminderNoLongerDue(stop);
      notes.put(key, { state: "in_flight", at: now() });
      await notes.flush();
      let receipt: MailReceipt;
      try {
        receipt = await inner.send(mail);
      } catch (err) {
        // The provider said no (or never got it): nothing left, so the next attempt may send.
        notes.delete(key);
        await notes.flush();
        throw err;
      }
      notes.put(key, { state: "accepted", at: now() });
      await notes.flush();
      state.outcome = "sent";
      return receipt;
    },
  };
  return { mailer, outcome: () => state.outcome };
}
