const EPS = 1e-9;

/**
 * Sums weekly model flows into reporting periods and reads stocks at period ends.
 *
 * A model week [w, w+1) that straddles a period boundary is split in proportion to the time on each side,
 * so calendar years of 52 or 53 weeks add up correctly. Channels are plain Float64Arrays indexed by period.
 */
export class PeriodAccumulator<F extends string, S extends string> {
  readonly periods: number;
  readonly flows: Record<F, Float64Array>;
  readonly stocks: Record<S, Float64Array>;
  /** Period and share of the current step in it (and in the next period, if the step straddles). */
  private k1 = -1;
  private f1 = 0;
  private k2 = -1;
  private f2 = 0;
  private cursor = 0;

  constructor(
    readonly bounds: Float64Array,
    flowNames: readonly F[],
    stockNames: readonly S[],
  ) {
    this.periods = Math.max(0, bounds.length - 1);
    this.flows = Object.fromEntries(flowNames.map((n) => [n, new Float64Array(this.periods)])) as Record<
      F,
      Float64Array
    >;
    this.stocks = Object.fromEntries(
      stockNames.map((n) => [n, new Float64Array(this.periods).fill(Number.NaN)]),
    ) as Record<S, Float64Array>;
  }

  /** A deep copy with the same hidden class. */
  clone(): PeriodAccumulator<F, S> {
    return new PeriodAccumulator<F, S>(
      this.bounds,
      Object.keys(this.flows) as F[],
      Object.keys(this.stocks) as S[],
    ).copyFrom(this);
  }

  /** Overwrite with another accumulator of the same layout (no allocation). */
  copyFrom(o: PeriodAccumulator<F, S>): this {
    for (const k of Object.keys(this.flows) as F[]) this.flows[k].set(o.flows[k]);
    for (const k of Object.keys(this.stocks) as S[]) this.stocks[k].set(o.stocks[k]);
    this.cursor = o.cursor;
    return this;
  }

  /**
   * Locate the step [t, t + dt) (weeks); returns false if it lies wholly outside the periods. A step may
   * straddle one boundary (dt must not exceed the shortest period).
   */
  begin(t: number, dt: number): boolean {
    const b = this.bounds;
    const P = this.periods;
    this.k1 = -1;
    this.k2 = -1;
    this.closing1 = -1;
    this.closing2 = -1;
    const end = t + dt;
    if (P === 0 || end <= b[0] + EPS || t >= b[P] - EPS) return false;
    while (this.cursor < P - 1 && b[this.cursor + 1] <= t + EPS) this.cursor++;
    const k = this.cursor;
    this.k1 = k;
    this.f1 = Math.max(0, Math.min(end, b[k + 1]) - Math.max(t, b[k]));
    if (end > b[k + 1] + EPS && k + 1 < P) {
      this.k2 = k + 1;
      this.f2 = Math.min(end, b[k + 2]) - b[k + 1];
    }
    if (b[k + 1] <= end + EPS) this.closing1 = k;
    if (this.k2 >= 0 && b[k + 2] <= end + EPS) this.closing2 = k + 1;
    return true;
  }

  /** Add a flow of `perWeek` (a rate) during the current step. */
  add(name: F, perWeek: number): void {
    if (this.k1 < 0) return;
    const a = this.flows[name];
    a[this.k1] += perWeek * this.f1;
    if (this.k2 >= 0) a[this.k2] += perWeek * this.f2;
  }

  /** Add an amount that happened at the start of the current step (an event). */
  addEvent(name: F, amount: number): void {
    if (this.k1 >= 0) this.flows[name][this.k1] += amount;
  }

  /** Period index of the current step's start, or −1. */
  get current(): number {
    return this.k1;
  }

  /**
   * Periods whose end falls within the current step (−1 if none): their stocks are read after it.
   * Also the share of the step before the first such boundary.
   */
  closing1 = -1;
  closing2 = -1;
  get weeksBeforeClose(): number {
    return this.f1;
  }

  setStock(name: S, period: number, value: number): void {
    this.stocks[name][period] = value;
  }

  /** Length of each period in years (for means and rates). */
  yearsIn(period: number, weeksPerYear: number): number {
    return (this.bounds[period + 1] - this.bounds[period]) / weeksPerYear;
  }
}
