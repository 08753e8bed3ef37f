/** Months as "YYYY-MM" strings, from `first` to `last` inclusive. */
export function monthRange(first: string, last: string): string[] {
  const [y0, m0] = first.split('-').map(Number);
  const [y1, m1] = last.split('-').map(Number);
  const out: string[] = [];
  for (let i = 0; i <= y1 * 12 + m1 - (y0 * 12 + m0); i++) out.push(addMonths(first, i));
  return out;
}

/** The month `n` months after `month` (before, when negative): ("2019-12", 1) → "2020-01". */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + m - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** "2019-12" → a Date at the start of that month (UTC), for charts. */
export function monthDate(month: string): Date {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1));
}
