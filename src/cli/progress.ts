/** Where a progress bar goes: stderr, or a stand-in in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** Fewer points than this finish before a bar would be worth drawing. */
export const PROGRESS_MIN_POINTS = 20;

/**
 * A one-line bar on stderr, redrawn in place, only when stderr is a terminal and there are many
 * points: piped output and logs stay clean. Returns undefined when no bar is drawn.
 */
export function progressBar(total: number, stream: ProgressStream = process.stderr): ((done: number) => void) | undefined {
  if (!stream.isTTY || total < PROGRESS_MIN_POINTS) return undefined;
  const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 20));
  let drawn = -1;
  return (done) => {
    const filled = Math.floor((done / total) * width);
    if (filled === drawn && done < total) return;
    drawn = filled;
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    // Erase the bar when finished so only the results remain on screen.
    if (done === total) stream.write(`\r${' '.repeat(width + 4 + 2 * String(total).length)}\r`);
  };
}
