/** Robust statistics for the audit's flags. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return Number.NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Median absolute deviation scaled to the standard deviation of a normal (× 1.4826). */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}

/** (x − median) / MAD, or 0 when the MAD is 0. */
export function robustZ(x: number, values: readonly number[]): number {
  const s = mad(values);
  return s > 0 ? (x - median(values)) / s : 0;
}
