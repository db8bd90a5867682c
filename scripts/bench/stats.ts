/** Small timing helpers for the benchmarks: per-call samples, quantiles, formatting. */

export interface Timing {
  samples: number;
  medianMs: number;
  p99Ms: number;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** Times `fn` once per input, cycling, until `maxSamples` or `budgetMs` is reached (at least 5 samples). */
export function timeCalls<T>(inputs: readonly T[], fn: (input: T) => unknown, maxSamples = 5000, budgetMs = 3000): Timing {
  const warmUntil = performance.now() + Math.min(1000, budgetMs / 4);
  for (let i = 0; i < Math.min(200, maxSamples) && performance.now() < warmUntil; i++) fn(inputs[i % inputs.length]!);
  const durations: number[] = [];
  const started = performance.now();
  for (let i = 0; i < maxSamples; i++) {
    const t0 = process.hrtime.bigint();
    fn(inputs[i % inputs.length]!);
    durations.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (durations.length >= 5 && performance.now() - started > budgetMs) break;
  }
  durations.sort((a, b) => a - b);
  return { samples: durations.length, medianMs: quantile(durations, 0.5), p99Ms: quantile(durations, 0.99) };
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 1) return `${value.toFixed(2)} ms`;
  return `${(value * 1000).toFixed(1)} µs`;
}

export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
