/* The sentence that ties a correcting document to the one it corrects, under the parties. */
import { CONTENT_WIDTH, LEADING, MARGIN_X, SIZE } from "../layout";
import type { PageCanvas } from "../page-canvas";

const GAP_BELOW = 14;

export function drawCorrection(canvas: PageCanvas, sentence: string): void {
  const lines = canvas.wrap(sentence, CONTENT_WIDTH, { bold: true });
  canvas.ensure(SIZE.body + (lines.length - 1) * LEADING.body + GAP_BELOW);
  let baseline = canvas.y - SIZE.body;
  for (const [i, line] of lines.entries()) {
    if (i > 0) baseline -= LEADING.body;
    canvas.text(line, MARGIN_X, baseline, { bold: true });
  }
  canvas.y = baseline - GAP_BELOW;
}
