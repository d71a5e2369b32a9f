/*
 * Page geometry and type sizes in PDF points. Exported so tests can derive how many table
 * rows fit on a page instead of hard-coding a page count.
 */

/** A4 portrait. */
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const MARGIN_X = 48;
export const MARGIN_TOP = 48;
/** Room under the body for the footer ("Page x of y"). */
export const BODY_BOTTOM = 64;
export const FOOTER_Y = 36;
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;

export const SIZE = { body: 9, small: 7.5, label: 7.5, heading: 22, section: 8.5, merchant: 13, stamp: 64 } as const;
export const LEADING = { body: 12, small: 10 } as const;

/** Continuation pages start below a one-line running header. */
export const CONTINUATION_HEADER_HEIGHT = 28;
export const CONTINUATION_BODY_TOP = PAGE_HEIGHT - MARGIN_TOP - CONTINUATION_HEADER_HEIGHT;

/** Line table: header band, then rows of wrapped description lines plus padding. */
export const TABLE_HEADER_HEIGHT = 20;
export const ROW_PADDING = 6;
export const ROW_LINE_HEIGHT = LEADING.body;
export const SINGLE_LINE_ROW_HEIGHT = ROW_LINE_HEIGHT + ROW_PADDING;

/** Column widths; the description takes the rest and wraps. */
export const COLUMNS = { quantity: 48, unitPrice: 82, taxRate: 52, amount: 86, gap: 8 } as const;
export const DESCRIPTION_WIDTH = CONTENT_WIDTH - COLUMNS.quantity - COLUMNS.unitPrice - COLUMNS.taxRate - COLUMNS.amount - 4 * COLUMNS.gap;

/** Single-line rows that fit on a continuation page, under the repeated table header. */
export const ROWS_PER_CONTINUATION_PAGE = Math.floor((CONTINUATION_BODY_TOP - BODY_BOTTOM - TABLE_HEADER_HEIGHT) / SINGLE_LINE_ROW_HEIGHT);
