/**
 * How old a data month is: the shape every "present first" answer carries (`freshness`), with no imports,
 * so that the web dashboard uses the very same type (see data/present.ts for how it is computed).
 */
export interface Freshness {
  /** The last month of data used (YYYY-MM). */
  dataMonth: string;
  /** The month it is measured against (YYYY-MM). */
  today: string;
  /** Whole months between them. */
  monthsOld: number;
  /** More than STALE_MONTHS old: outputs warn. */
  stale: boolean;
}
