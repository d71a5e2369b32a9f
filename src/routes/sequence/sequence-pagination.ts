/*
 * Sequence's list paging: opaque `before`/`after` cursors in, `{ after, before,
 * totalResultSize }` out. Its cursors are base64 of an id, so ours are too, laid over the
 * same keyset pagination as /v1 (`after` = starting_after, `before` = ending_before).
 */

export type SequencePagination = { after: string | null; before: string | null; totalResultSize: number };

export function encodeCursor(id: string): string {
  return btoa(id);
}

/** The id in a cursor, or null when it is not one of ours. */
export function decodeCursor(cursor: string): string | null {
  try {
    const id = atob(cursor);
    return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

/**
 * The cursors for the pages next to this one. Walking forward (or on the first page), more
 * rows mean a next page and a cursor in hand means a previous one; walking back with
 * `before`, it is the other way round.
 */
export function sequencePagination(
  page: { ids: string[]; hasMore: boolean; totalResultSize: number },
  request: { after?: string; before?: string },
): SequencePagination {
  const first = page.ids[0];
  const last = page.ids[page.ids.length - 1];
  const backwards = request.before !== undefined;
  const hasNext = backwards ? true : page.hasMore;
  const hasPrevious = backwards ? page.hasMore : request.after !== undefined;
  return {
    after: hasNext && last ? encodeCursor(last) : null,
    before: hasPrevious && first ? encodeCursor(first) : null,
    totalResultSize: page.totalResultSize,
  };
}
