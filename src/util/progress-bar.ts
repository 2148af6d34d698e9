// The text of one transfer's progress, as Docker shows it beside a layer while pulling or
// pushing: "[=========>              ]  1.049MB/2.829MB". The daemon puts it in the "progress"
// field of its JSON progress stream (for clients that print that field as is); the CLI renders
// it from "progressDetail" itself, sized to its terminal. Sizes have four significant digits,
// as in Docker's pull output (not the three of `docker images`).
import { humanSizeWithPrecision } from './human.ts';

export interface ProgressDetail {
  current?: number;
  total?: number;
}

/** The bar is 50 cells wide; the whole line needs a terminal wider than this to show it. */
const barCells = 50;
const minimumWidthForBar = 111;

function size(bytes: number): string {
  return humanSizeWithPrecision(bytes, 4);
}

/**
 * "[====>    ]  1.2MB/3MB" for a transfer with a known total, just the amount ("  1.2MB") when
 * the total is unknown, "" when nothing is known. `width` is the terminal's: narrower than
 * 111 columns and the bar is left out (the counts stay), as Docker does.
 */
export function progressBarText(detail: ProgressDetail | undefined, width = 200): string {
  const current = detail?.current ?? 0;
  const total = detail?.total ?? 0;
  if (current <= 0 && total <= 0) return '';
  if (total <= 0) return size(current).padStart(8);
  const filled = Math.min(barCells, Math.floor(Math.floor((current / total) * 100) / 2));
  const bar = width >= minimumWidthForBar ? `[${'='.repeat(filled)}>${' '.repeat(barCells - filled)}] ` : '';
  // A current beyond the total (a registry that misreported the size) shows alone.
  const counts = current > total ? size(current).padStart(8) : `${size(current).padStart(8)}/${size(total)}`;
  return bar + counts;
}
