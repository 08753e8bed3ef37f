/**
 * The observed yearly national homicides and the filtered band a run was anchored to, with no imports, so
 * that the report (Node) and the dashboard (browser) read the very same shape as `Summary.history`.
 */

/** The model meeting the data: observed yearly national homicides and the filtered band, INEGI units. */
export interface HistoryBand {
  /** The data the run was anchored to, e.g. "SESNSP 2025-06 vintage". */
  release: string;
  /** Newest observed month, YYYY-MM. */
  through: string;
  /** Observed homicides per calendar year (INEGI where published, else SESNSP victims × the INEGI/SESNSP ratio); `months` < 12 marks a partial year (its value is the annualised rate: sum × 12 / months). */
  observed: { t: number; value: number; source: 'INEGI' | 'SESNSP'; months: number }[];
  /** The filtered (data-assimilated) band of the same yearly quantity. */
  filtered: { t: number; p05: number; p50: number; p95: number }[];
}
