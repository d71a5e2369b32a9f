const ATTEMPTS = 3;

/**
 * Calls a Durable Object, retrying with a fresh stub (`call` gets one each time): a call can
 * fail on a transient error (object reset, network). The last error is thrown.
 */
export async function callWithRetries<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 25 * attempt));
    }
  }
}
