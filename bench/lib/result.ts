// One row of the benchmark report, as printed and as written to bench/results/latest.json.
import { iqr, median, ratio } from './stats';

export interface BenchRow {
  scenario: string;
  metric: string;
  /** Median over `runs` repetitions; null when skipped. */
  value: number | null;
  unit: string;
  /** The peer measured beside it in the same run (median), and what it is. */
  baseline: number | null;
  baselineName: string;
  /** value / baseline. */
  ratio: number | null;
  runs: number;
  /** Interquartile range of the value's repetitions, in `unit`. */
  spread: number | null;
  /** The goal from the issue, in words, and whether this run met it (absent when none applies). */
  target?: string;
  met?: boolean;
  /** Present when the scenario or metric could not run, with the reason. */
  skipped?: string;
  note?: string;
}

export interface RowInput {
  metric: string;
  unit: string;
  samples: readonly number[];
  baselineName: string;
  baselineSamples?: readonly number[];
  /** When the ratio is not value/baseline (e.g. a computed figure), give it here. */
  ratioOverride?: number | null;
  target?: string;
  met?: (value: number | null, ratio: number | null) => boolean | undefined;
  note?: string;
}

export function makeRow(scenario: string, input: RowInput): BenchRow {
  const value = median(input.samples);
  const baseline = input.baselineSamples ? median(input.baselineSamples) : null;
  const r = input.ratioOverride !== undefined ? input.ratioOverride : ratio(value, baseline);
  const row: BenchRow = {
    scenario, metric: input.metric, value, unit: input.unit, baseline, baselineName: input.baselineName,
    ratio: r, runs: input.samples.length, spread: iqr(input.samples),
  };
  if (input.target) row.target = input.target;
  const met = input.met?.(value, r);
  if (met !== undefined) row.met = met;
  if (input.note) row.note = input.note;
  return row;
}

export function skippedRow(scenario: string, metric: string, reason: string): BenchRow {
  return { scenario, metric, value: null, unit: '', baseline: null, baselineName: '', ratio: null, runs: 0, spread: null, skipped: reason };
}
