import type { Rng } from '../rng.js';

/**
 * From the model's conflict deaths to the national homicide count that INEGI death certificates record.
 *
 *   H_y = h · P_y / 10⁵ + κ · D_y + L₀ · ∫_y e^{−t/τ} dt + F_y
 *
 * - h: homicides per 100,000 not linked to criminal groups (P_y: person-years);
 * - κ: recorded homicides per modelled conflict death (the paper's victims are members killed in
 *   inter-group conflict; criminal violence also kills non-members and is partly recorded elsewhere);
 * - L₀ e^{−t/τ}: the fading legacy of the 2008–2011 wars, t in years since 2012;
 * - F_y: deaths in confrontations with security forces and strikes (modelled directly).
 *
 * κ, L₀ ≥ 0 are fitted by weighted least squares on relative errors for each (h, τ) of a grid, and the
 * best pair kept (variable projection). h is bounded: at most the 2007 national rate, 8.1 per 100,000
 * (8,867 homicides, INEGI; 109.5 million people, CONAPO), the lowest of the series and a year when
 * criminal violence was already present; at least 4 (ASSUMPTION). Without the bounds the fit can trade
 * h against κ and end with homicides that ignore criminal conflict altogether. The fit uses only years before any policy starts, so every scenario of a run
 * shares it. A residual bootstrap per run carries the fit's uncertainty into the Monte Carlo.
 *
 * What the structural model misses is left to an AR(1) process on log residuals (regression with
 * autoregressive errors): after the last observed year, projections start from the observed level and the
 * gap to the structural path decays as φ^years, with yearly innovations of the residuals' size. So the
 * status quo does not jump away from the last observation, and its uncertainty widens with the horizon.
 */
export interface HomicideInputs {
  years: number[];
  /** Person-years in each year. */
  personYears: number[];
  /** Recorded conflict deaths in each year. */
  conflict: number[];
  /** Confrontation and strike deaths in each year. */
  confrontations: number[];
}

export interface HomicideFit {
  /** h, per 100,000 per year. */
  nonCartelRate: number;
  /** κ. */
  perConflictDeath: number;
  /** L₀, homicides per year at the start of 2012. */
  legacy: number;
  /** τ, years. */
  legacyYears: number;
  /** Mean absolute percentage error of the structural fit over the fitted years. */
  mape: number;
  /** AR(1) coefficient of the log residuals (0–0.95). */
  arPhi: number;
  /** Standard deviation of the AR(1) innovations (log scale, per year). */
  arSd: number;
  /** Log residual of the last fitted year (log observed − log fitted). */
  lastResidual: number;
  /** Last fitted calendar year. */
  lastYear: number;
  /** Root mean squared error, homicides per year. */
  rmse: number;
  fitted: number[];
}

export const LEGACY_GRID = [0.5, 1, 1.5, 2, 3, 4, 6];
/** Grid of h, per 100,000 (bounds explained above). */
export const NON_CARTEL_GRID = [4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8.1];

export function legacyBasis(fromYear: number, toYear: number, tau: number, epoch = 2012): number {
  const t0 = Math.max(0, fromYear - epoch);
  const t1 = Math.max(0, toYear - epoch);
  return tau * (Math.exp(-t0 / tau) - Math.exp(-t1 / tau));
}

export function fitHomicides(x: HomicideInputs, observed: number[]): HomicideFit {
  let best: HomicideFit | undefined;
  let bestLoss = Number.POSITIVE_INFINITY;
  const w = observed.map((o) => 1 / (o * o));
  const people = x.personYears.map((p) => p / 1e5);
  for (const h of NON_CARTEL_GRID) {
    const target = observed.map((o, k) => o - x.confrontations[k] - h * people[k]);
    for (const tau of LEGACY_GRID) {
      const legacy = x.years.map((y) => legacyBasis(y, y + 1, tau));
      const [kappa, l0] = nnls([x.conflict, legacy], target, w);
      const fitted = x.years.map(
        (_, k) => h * people[k] + kappa * x.conflict[k] + l0 * legacy[k] + x.confrontations[k],
      );
      let loss = 0;
      for (let k = 0; k < fitted.length; k++) loss += w[k] * (fitted[k] - observed[k]) ** 2;
      if (loss < bestLoss) {
        bestLoss = loss;
        best = {
          nonCartelRate: h,
          perConflictDeath: kappa,
          legacy: l0,
          legacyYears: tau,
          fitted,
          ...errors(fitted, observed),
          ...autoregression(fitted, observed),
          lastYear: x.years[x.years.length - 1],
        };
      }
    }
  }
  return best!;
}

/**
 * Refit on observations perturbed by resampled relative residuals of `fit` (one bootstrap replicate).
 */
export function bootstrapHomicides(
  x: HomicideInputs,
  observed: number[],
  fit: HomicideFit,
  rng: Rng,
): HomicideFit {
  const rel = observed.map((o, k) => (o - fit.fitted[k]) / fit.fitted[k]);
  const resampled = fit.fitted.map((f) => f * (1 + rel[Math.floor(rng.next() * rel.length)]));
  const refit = fitHomicides(x, resampled);
  // Errors and residual dynamics against the real observations, not the resampled ones.
  return { ...refit, ...errors(refit.fitted, observed), ...autoregression(refit.fitted, observed) };
}

/** AR(1) fit of the log residuals: φ by least squares through the origin, clamped to [0, 0.95]. */
function autoregression(
  fitted: number[],
  observed: number[],
): { arPhi: number; arSd: number; lastResidual: number } {
  const r = observed.map((o, k) => Math.log(o / fitted[k]));
  let num = 0;
  let den = 0;
  for (let k = 1; k < r.length; k++) {
    num += r[k] * r[k - 1];
    den += r[k - 1] * r[k - 1];
  }
  const phi = den > 0 ? Math.min(0.95, Math.max(0, num / den)) : 0;
  let ss = 0;
  for (let k = 1; k < r.length; k++) ss += (r[k] - phi * r[k - 1]) ** 2;
  return {
    arPhi: phi,
    arSd: r.length > 2 ? Math.sqrt(ss / (r.length - 2)) : 0,
    lastResidual: r[r.length - 1] ?? 0,
  };
}

/**
 * The log-scale correction of each year after the last fitted one: ε(y) = φ ε(y−1) + η_y, starting from
 * the last residual; η_y ~ N(0, σ) when an rng is given, else 0 (the expected path).
 */
export function residualPath(fit: HomicideFit, toYear: number, rng?: Rng): Map<number, number> {
  const path = new Map<number, number>();
  let e = fit.lastResidual;
  for (let y = fit.lastYear + 1; y <= toYear; y++) {
    e = fit.arPhi * e + (rng ? fit.arSd * rng.normal() : 0);
    path.set(y, e);
  }
  return path;
}

function errors(fitted: number[], observed: number[]): { mape: number; rmse: number } {
  let ape = 0;
  let se = 0;
  for (let k = 0; k < observed.length; k++) {
    ape += Math.abs(fitted[k] - observed[k]) / observed[k];
    se += (fitted[k] - observed[k]) ** 2;
  }
  return { mape: ape / observed.length, rmse: Math.sqrt(se / observed.length) };
}

/**
 * Non-negative weighted least squares for a few columns by enumerating active sets (exact, and cheap
 * for two or three columns).
 */
export function nnls(cols: number[][], y: number[], w: number[]): number[] {
  const p = cols.length;
  let best = new Array<number>(p).fill(0);
  let bestLoss = Number.POSITIVE_INFINITY;
  for (let mask = 1; mask < 1 << p; mask++) {
    const use = cols.map((_, c) => c).filter((c) => mask & (1 << c));
    const sol = solveWeighted(
      use.map((c) => cols[c]),
      y,
      w,
    );
    if (!sol || sol.some((v) => v < 0)) continue;
    const coef = new Array<number>(p).fill(0);
    use.forEach((c, k) => {
      coef[c] = sol[k];
    });
    let loss = 0;
    for (let k = 0; k < y.length; k++) {
      let f = 0;
      for (let c = 0; c < p; c++) f += coef[c] * cols[c][k];
      loss += w[k] * (f - y[k]) ** 2;
    }
    if (loss < bestLoss) {
      bestLoss = loss;
      best = coef;
    }
  }
  return best;
}

/** Weighted normal equations solved by Gaussian elimination; undefined if singular. */
function solveWeighted(cols: number[][], y: number[], w: number[]): number[] | undefined {
  const p = cols.length;
  const a = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) for (let k = 0; k < y.length; k++) a[i][j] += w[k] * cols[i][k] * cols[j][k];
    for (let k = 0; k < y.length; k++) a[i][p] += w[k] * cols[i][k] * y[k];
  }
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    if (Math.abs(a[piv][c]) < 1e-300) return undefined;
    [a[c], a[piv]] = [a[piv], a[c]];
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= p; k++) a[r][k] -= f * a[c][k];
    }
  }
  return a.map((row, i) => row[p] / row[i]);
}
