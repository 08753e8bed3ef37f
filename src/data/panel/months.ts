/**
 * Months as integers (0 = January 1990), so that series line up by simple index arithmetic.
 * Labels are `YYYY-MM`.
 */
export const MONTH_EPOCH = 1990;

/**
 * The years a series may cover: from the epoch (no source here starts before 1990; earlier months would
 * have negative indices) to 2100. A year outside is a typo or damage, and accepting it would make a dense
 * series of up to 120,000 months per area.
 */
export const FIRST_YEAR = MONTH_EPOCH;
export const LAST_YEAR = 2100;

export function isPanelYear(year: number): boolean {
  return Number.isInteger(year) && year >= FIRST_YEAR && year <= LAST_YEAR;
}

export function monthIndex(year: number, month: number): number {
  return (year - MONTH_EPOCH) * 12 + (month - 1);
}

export function monthLabel(index: number): string {
  const year = MONTH_EPOCH + Math.floor(index / 12);
  return `${year}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function parseMonthLabel(label: string): number {
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12)
    throw new Error(`"${label}" is not a month (expected YYYY-MM)`);
  return monthIndex(Number(m[1]), Number(m[2]));
}

export function yearOf(index: number): number {
  return MONTH_EPOCH + Math.floor(index / 12);
}

/** Spanish month names as SESNSP files write them (accent- and case-insensitive), 1–12. */
const SPANISH = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
];

export function spanishMonth(name: string): number | undefined {
  const n = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase();
  const i = SPANISH.indexOf(n === 'setiembre' ? 'septiembre' : n);
  return i >= 0 ? i + 1 : undefined;
}

export const SPANISH_MONTHS = SPANISH;
