// Axis tick labels for the bytes-over-time chart: one unit per axis and as many decimals as the
// tick spacing needs, so neighbouring ticks never print the same text. Pure (unit-tested in Node).

/** The fewest decimals (up to 3) that print every multiple of `increment` exactly (0.25 → 2, 0.5 → 1, 5 → 0). */
function decimalsFor(increment: number): number {
  if (!(increment > 0) || !Number.isFinite(increment)) return 0;
  for (let d = 0; d < 3; d++) {
    const scaled = increment * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return d;
  }
  return 3;
}

/** Time ticks in one unit per axis (ms below a second, else s), with the precision their spacing needs. */
export function timeTicks(values: number[], increment: number): string[] {
  const max = Math.max(0, ...values.map((v) => Math.abs(v)));
  if (max < 1000) return values.map((v) => `${v.toFixed(decimalsFor(increment))} ms`);
  return values.map((v) => `${(v / 1000).toFixed(decimalsFor(increment / 1000))} s`);
}

const BYTE_UNITS: [string, number][] = [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024], ['B', 1]];

/**
 * Byte ticks in one unit per axis (the largest the tick spacing fills), so "1.5 MiB" never sits
 * next to "1536 KiB". With BYTE_INCREMENTS as the spacing, every tick is a round number.
 */
export function byteTicks(values: number[], increment: number): string[] {
  const [unit, size] = BYTE_UNITS.find(([, s]) => increment >= s) ?? ['B', 1];
  const decimals = unit === 'B' ? 0 : decimalsFor(increment / size);
  return values.map((v) => `${(v / size).toFixed(decimals)} ${unit}`);
}

/** Tick spacings for the bytes axis: 1-2-5 steps in B, KiB, MiB and GiB (uPlot's `incrs`). */
export const BYTE_INCREMENTS: number[] = [1, 1024, 1024 ** 2, 1024 ** 3].flatMap((unit) => [1, 2, 5, 10, 20, 50, 100, 200, 500].map((m) => m * unit));
