/** Formatting shared by the benchmark's reports. */

/** A figure as the reports print it: counts whole, rates without decimals, small latencies with two. */
export function format(value: number, unit: 'ms' | 'rate' | 'count'): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'count') return String(value);
  if (unit === 'rate') return value.toFixed(0);
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

/** Two latencies as `a / b`. */
export function pair(a: number, b: number): string {
  return `${format(a, 'ms')} / ${format(b, 'ms')}`;
}

/** `a / b` as `1.23×`, or empty when either is missing. */
export function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(2)}×` : '';
}

/** A plain-text table: the first column left-aligned, the others right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const render = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(render)].join('\n');
}
