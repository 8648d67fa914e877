import type { RunResult } from '../sim/result.js';

/** One run at one point of a study: the swept parameters (empty for a plain run/compare) and its result. */
export interface ResultRow {
  readonly params: Readonly<Record<string, string | number>>;
  readonly result: RunResult;
}

/** Text describing where the rows came from; printed in report.html and kept in summary.json. */
export interface OutputMeta {
  readonly title: string;
  readonly scenarioName: string;
  readonly description: string;
  readonly command: string;
}

export type ParamValue = string | number;

/** A swept parameter: its path and its distinct values in order of first appearance. */
export interface ParamAxis {
  readonly path: string;
  readonly values: readonly ParamValue[];
  /** Every value is a finite number, so the axis can be drawn on a quantitative scale. */
  readonly numeric: boolean;
}

/**
 * Every parameter path present in any row, in order of first appearance (row order, then key
 * order within a row), with its distinct values.
 */
export function paramAxes(rows: readonly ResultRow[]): ParamAxis[] {
  const values = new Map<string, ParamValue[]>();
  for (const row of rows) {
    for (const [path, value] of Object.entries(row.params)) {
      let seen = values.get(path);
      if (seen === undefined) {
        seen = [];
        values.set(path, seen);
      }
      if (!seen.includes(value)) seen.push(value);
    }
  }
  return [...values].map(([path, vals]) => ({
    path,
    values: vals,
    numeric: vals.every((v) => typeof v === 'number' && Number.isFinite(v)),
  }));
}

/** The parameters that take more than one value across the rows: what a study varied. */
export function varyingAxes(rows: readonly ResultRow[]): ParamAxis[] {
  return paramAxes(rows).filter((axis) => axis.values.length > 1);
}

/**
 * The point of a study that the per-mode charts (bars, utilisation, shares, timeline) and the
 * summary table describe: for every varying parameter, its largest value when numeric (most
 * servers, highest offered rate: where the modes differ most), else its last value in order of
 * appearance. Empty for a plain run/compare, where every row is at the operating point.
 */
export type OperatingPoint = Readonly<Record<string, ParamValue>>;

export function defaultOperatingPoint(rows: readonly ResultRow[]): OperatingPoint {
  const point: Record<string, ParamValue> = {};
  for (const axis of varyingAxes(rows)) {
    const chosen = axis.numeric
      ? Math.max(...(axis.values as number[]))
      : axis.values[axis.values.length - 1];
    if (chosen !== undefined) point[axis.path] = chosen;
  }
  return point;
}

export function atOperatingPoint(row: ResultRow, point: OperatingPoint): boolean {
  return Object.entries(point).every(([path, value]) => row.params[path] === value);
}

/** A parameter that sets the number of real servers: `topology.servers.count`, `…servers.count`, `…servers`. */
export function isServerCountPath(path: string): boolean {
  return /(^|\.)servers(\.count)?$/i.test(path);
}

/** A parameter that sets an offered rate: `…rate`, `…ratePerSecond`. */
export function isRatePath(path: string): boolean {
  return /rate(PerSecond)?$/i.test(path);
}

/** "servers.count = 8, rate = 2000" (empty string for no parameters). */
export function describePoint(point: OperatingPoint): string {
  return Object.entries(point)
    .map(([path, value]) => `${path} = ${value}`)
    .join(', ');
}
