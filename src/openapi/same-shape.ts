/**
 * True when A and B are assignable both ways. `const ok: Same<z.infer<typeof S>, T> = true`
 * next to a response schema makes the build fail when the schema and the hand-written type
 * the code returns drift apart.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
