/** Timing helpers for `npm run bench` (timing lives here, never in tests). */
export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export function timeEach<T>(items: T[], fn: (item: T) => unknown, rounds = 1): number[] {
  const out: number[] = [];
  for (let r = 0; r < rounds; r++)
    for (const item of items) {
      const t = performance.now();
      fn(item);
      out.push(performance.now() - t);
    }
  return out;
}

export const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

export function report(label: string, samples: number[]) {
  console.log(
    `  ${label.padEnd(44)} p50 ${ms(percentile(samples, 50)).padStart(9)}   p95 ${ms(percentile(samples, 95)).padStart(9)}   (n=${samples.length})`,
  );
}
