import { WEEKS_PER_YEAR, yearMonthToWeek } from '../calendar.js';
import { EventDraws } from '../draws.js';
import { advance, createSimulation, forkSimulation, refreshLocation, type Simulation } from '../engine.js';
import { allocateLosses } from '../model/territory.js';
import type { World } from '../model/world.js';
import { centralParams, type Params, sampleParams } from '../params.js';
import { hashString, mix32, type Rng, substream } from '../rng.js';
import type { Mechanisms } from '../scenario/schema.js';
import { predictLevels, updateLevels } from './levels.js';

/**
 * The simulator as a partially observed Markov process (the particle model the filter runs).
 *
 * Latent state of a particle: the whole engine (groups, layers, leadership, territory, …), its parameter
 * draw, and a recruitment driver r_t, a log random walk that multiplies the recruitment rate ρ inside the
 * engine (what the 2012 model lacks: recruitment that changed with the years; a random walk keeps what the
 * data taught it instead of drifting back to the published growth).
 *
 * Measurement (monthly SESNSP victims of intentional homicide y_{a,t}, state a, month t):
 *
 *   m_{a,t} = (h · P_a / 10⁵ / 12 + κ · D_{a,t}) · d_t / (365.2425 / 12)      (the model's expected count)
 *   log(y_{a,t} + ½) = c_t + ℓ_{a,t} + u_t + log m_{a,t} + ε,   ε ~ N(0, σ² + 1/(ŷ + ½))
 *   c_t = c_{t−1} + ν_c,  ν_c ~ N(0, q_c²);      ℓ_{a,t} = ℓ_{a,t−1} + ν_a,  ν_a ~ N(0, q²)
 *   u_t ~ N(0, σ_u²), fresh each month
 *
 * d_t: days in the calendar month (the engine's months are twelfths of a year); D_{a,t}: the engine's
 * recorded conflict deaths located in state a; h: homicides per 100,000 not tied to the groups; κ:
 * homicides per conflict death. c_t is the national intensity factor: what moves every state at once (a
 * lull, a wave, a change in recording); u_t is the month's national scatter that does not last (seasons,
 * holidays, a bad week): without it the national factor takes every month's deviation as the new
 * present; ℓ_a is the state's level relative to the model, which absorbs what
 * the model's presence map gets wrong (a 2020 network placed from 2012) and the SESNSP scale. The
 * 1/(ŷ + ½) term is the variance of a log Poisson count (delta method) at the predicted count ŷ, σ the
 * scatter of a month beyond it.
 *
 * Given the engine's path, (c, ℓ_1 … ℓ_32, u) is a linear-Gaussian model, integrated out exactly by a
 * Kalman filter inside each particle (Rao–Blackwellisation: Doucet, de Freitas, Murphy & Russell 2000): the
 * particles carry only the engine and its driver, while 34 levels are exact. A particle filter over 34
 * dimensions would collapse onto a handful of particles.
 */
export interface NowcastSettings {
  /**
   * The recruitment driver at the first observed month: log-uniform prior. Below 1, fewer recruits than the
   * published model (calibrated to its own 2012→2022 path, not to homicide counts) would have.
   */
  recruitStart: readonly [number, number];
  /** Standard deviation of the recruitment driver's monthly log step. */
  recruitSd: number;
  /** Standard deviation of a state level's monthly log step (its slow drift). */
  levelSd: number;
  /** Standard deviation of the national intensity factor's monthly log step. */
  commonSd: number;
  /** Standard deviation of the month's national scatter that does not persist (u_t). */
  transientSd: number;
  /** Prior standard deviation of a state's log level at the first observed month (wide: the model may be off 10×). */
  levelPriorSd: number;
  /**
   * Standard deviation of a month's log count around the state's expected count, beyond Poisson noise:
   * reporting and local events scatter monthly counts more than any smooth model explains.
   */
  observationSd: number;
  /** Homicides per conflict death κ: log-uniform prior. */
  kappa: readonly [number, number];
  /** Homicides per 100,000 not tied to the groups h: uniform prior (bounds as docs/MODEL.md section 9). */
  nonCartelRate: readonly [number, number];
}

/** The observed series, month-major: `victims[t · areas + a]` (NaN = missing), areas in the world's order. */
export interface MonthlyObservations {
  /** First month, YYYY-MM. */
  start: string;
  months: number;
  victims: Float64Array;
}

export interface NowcastModelOptions {
  world: World;
  mechanisms: Mechanisms;
  observations: MonthlyObservations;
  particles: number;
  seed: number;
  settings: NowcastSettings;
  /** Parameters fixed for every particle (scenario overrides); the others are drawn from their priors. */
  fixed?: Partial<Params>;
  /** 'none': every particle starts from the cited central values (events and drivers still vary). */
  uncertainty?: 'full' | 'none';
  /**
   * Which particle's prior each slot draws (default: its own index). Replaying one particle of an earlier
   * filter (posterior.ts) builds a one-slot model whose slot draws the prior of that particle's root.
   */
  roots?: ArrayLike<number>;
  /**
   * The engines' reporting (default none: the filter reads its own means) and a hook called on each new
   * engine before its history runs (a Monte Carlo run attaches its calibration accumulators there).
   */
  simulation?: { bounds: Float64Array; byArea: boolean; prepare?: (sim: Simulation) => void };
}

export class NowcastModel {
  readonly n: number;
  readonly areas: number;
  readonly sims: Simulation[];
  readonly params: Params[];
  readonly kappa: Float64Array;
  readonly h: Float64Array;
  readonly logRecruit: Float64Array;
  /**
   * Kalman posterior of each particle's levels x = (c, ℓ_1 … ℓ_A, u): means [slot · (A + 2) + i] and the
   * full covariance [slot · (A + 2)² + i · (A + 2) + k].
   */
  readonly levelMean: Float64Array;
  readonly levelCov: Float64Array;
  /** Size of the level block: A + 2. */
  readonly dim: number;
  private readonly v: Float64Array;
  /** This month's model mean m_{a,t} of each particle. */
  readonly mean: Float64Array;
  /**
   * The model means of the last 12 months, a ring by month: [(slot · 12 + t mod 12) · areas + a]. A
   * projection is the observed level of those months carried on by the model's change from them.
   */
  readonly recent: Float64Array;
  private readonly deaths: Float64Array;
  private readonly pendR: Float64Array;
  private readonly pendB: Float64Array;
  private readonly perCapita: Float64Array;
  private readonly startWeek: number;
  private readonly dt = WEEKS_PER_YEAR / 12;
  readonly seed: number;

  constructor(private readonly o: NowcastModelOptions) {
    const { world, particles: n, settings } = o;
    const m = world.areas.ids.length;
    this.n = n;
    this.areas = m;
    this.seed = o.seed;
    this.startWeek = yearMonthToWeek(o.observations.start);
    this.kappa = new Float64Array(n);
    this.h = new Float64Array(n);
    this.logRecruit = new Float64Array(n);
    const dim = m + 2;
    this.dim = dim;
    this.v = new Float64Array(dim);
    this.levelMean = new Float64Array(n * dim);
    // The national factor starts at 0 (known: the state levels carry the starting level), each state
    // level wide (the model's presence map may be off by ten times).
    this.levelCov = new Float64Array(n * dim * dim);
    for (let j = 0; j < n; j++)
      for (let a = 1; a <= m; a++) this.levelCov[j * dim * dim + a * dim + a] = settings.levelPriorSd ** 2;
    this.mean = new Float64Array(n * m);
    this.recent = new Float64Array(n * 12 * m);
    this.deaths = new Float64Array(m);
    this.perCapita = Float64Array.from(world.areas.population, (p) => p / 1e5 / 12);
    this.params = [];
    this.sims = [];
    let cap = 0;
    for (let slot = 0; slot < n; slot++) {
      const j = o.roots ? o.roots[slot] : slot;
      const rng = substream(o.seed, j, 'nowcast-prior');
      const p =
        o.uncertainty === 'none'
          ? { ...centralParams(), ...o.fixed }
          : sampleParams(substream(o.seed, j, 'params'), o.fixed);
      const [k0, k1] = settings.kappa;
      this.kappa[slot] = k0 * (k1 / k0) ** rng.next();
      const [h0, h1] = settings.nonCartelRate;
      this.h[slot] = h0 + (h1 - h0) * rng.next();
      const [r0, r1] = settings.recruitStart;
      this.logRecruit[slot] = Math.log(r0) + Math.log(r1 / r0) * rng.next();
      const sim = createSimulation({
        world,
        params: p,
        mechanisms: o.mechanisms,
        bounds: o.simulation?.bounds ?? new Float64Array(0),
        byArea: o.simulation?.byArea ?? false,
        draws: EventDraws.of(o.seed, j, 'history'),
      });
      o.simulation?.prepare?.(sim);
      // The years before the first observation (2012 → 2015) run as the prior: no data to weigh them by.
      advance(sim, 0, this.startWeek, this.dt);
      this.params.push(p);
      this.sims.push(sim);
      cap = sim.state.model.cap;
    }
    this.pendR = new Float64Array(cap);
    this.pendB = new Float64Array(cap);
  }

  /**
   * Drivers keep their values (no random-walk steps): projections carry on what the data taught, and
   * leave the uncertainty about what comes next to the projection's own drift terms (project.ts).
   */
  frozenDrivers = false;

  get observations(): MonthlyObservations {
    return this.o.observations;
  }

  get settings(): NowcastSettings {
    return this.o.settings;
  }

  /**
   * Advance particle `slot` through observed month t (0 = the first) with fresh driver steps. `key` is the
   * slot whose event draws the month uses (default `slot`; a replay passes the slot the particle held).
   */
  propagate(slot: number, t: number, rng: Rng, key = slot): void {
    const { settings } = this.o;
    const sim = this.sims[slot];
    if (!this.frozenDrivers) this.logRecruit[slot] += settings.recruitSd * rng.normal();
    sim.state.recruitDriver = Math.exp(this.logRecruit[slot]);
    // Events of this month must differ between copies of one resampled particle: draws keyed by (t, slot).
    sim.draws = new EventDraws(mix32(mix32(this.seed ^ hashString('nowcast')) ^ mix32(t * 4099 + key)));
    const deaths = this.deaths;
    deaths.fill(0);
    let before = sim.state.model.week;
    // Groups that took part in the step's dynamics: a splinter born in the step's events has no losses
    // yet, and its slot of the workspace still holds whatever an earlier step left there.
    let groups = sim.state.model.n;
    sim.onStep = (b) => {
      const dt = b.state.model.week - before;
      before = b.state.model.week;
      const s = b.state.model;
      const ws = b.scratch.dynamics;
      if (b.config.mechanisms.territory && s.locStale) refreshLocation(b);
      for (let i = 0; i < s.n; i++) {
        const live = i < groups;
        this.pendR[i] = live ? dt * ws.lossR[i] * b.state.recordedFactor[i] : 0;
        this.pendB[i] = live ? dt * ws.lossB[i] * b.state.recordedFactor[i] : 0;
      }
      groups = s.n;
      allocateLosses(s, this.pendR, this.pendB, deaths);
    };
    const from = this.startWeek + t * this.dt;
    advance(sim, from, from + this.dt, this.dt);
    sim.onStep = undefined;
    const m = this.areas;
    // Counts are per calendar month; the engine's months are twelfths of a year. February has 10% fewer days.
    const exposure = this.daysIn(t) / (365.2425 / 12);
    const conflict = this.kappa[slot] * exposure;
    const h = this.h[slot] * exposure;
    const ring = (slot * 12 + (t % 12)) * m;
    for (let a = 0; a < m; a++) {
      const v = h * this.perCapita[a] + conflict * deaths[a];
      this.mean[slot * m + a] = v;
      this.recent[ring + a] = v;
    }
  }

  /**
   * The present of particle `slot`, state a, after month t's update: its expected count (`stateMean`) per
   * average month (the calendar month's length taken out), the level a status quo holds.
   */
  presentLevel(slot: number, a: number, t: number): number {
    return (this.stateMean(slot, a) * (365.2425 / 12)) / this.daysIn(t);
  }

  /** Days in observed month t (0 = the first observed month). */
  private daysIn(t: number): number {
    const [y, m] = this.o.observations.start.split('-').map(Number);
    const month = m - 1 + t;
    return new Date(Date.UTC(y + Math.floor(month / 12), (month % 12) + 1, 0)).getUTCDate();
  }

  /** log p(y_t | particle) with the levels integrated out (Kalman, levels.ts); updates their posterior. */
  logLikelihood(slot: number, t: number): number {
    const m = this.areas;
    this.predictLevels(slot);
    return updateLevels(
      this.levels(slot),
      this.levelCovariance(slot),
      this.mean.subarray(slot * m, (slot + 1) * m),
      this.o.observations.victims.subarray(t * m, (t + 1) * m),
      this.o.settings.observationSd,
      this.v,
    );
  }

  /** One month of the levels' random walks (Kalman prediction, levels.ts). */
  predictLevels(slot: number): void {
    predictLevels(this.levels(slot), this.levelCovariance(slot), this.o.settings);
  }

  /** View of particle `slot`'s level mean (c, ℓ_1 … ℓ_A, u). */
  levels(slot: number): Float64Array {
    return this.levelMean.subarray(slot * this.dim, (slot + 1) * this.dim);
  }

  /** View of particle `slot`'s level covariance ((A + 2)², row-major). */
  levelCovariance(slot: number): Float64Array {
    const d2 = this.dim * this.dim;
    return this.levelCov.subarray(slot * d2, (slot + 1) * d2);
  }

  /** Copy particle `from` over `to` (resampling). */
  copy(from: number, to: number): void {
    forkSimulation(this.sims[from], this.sims[from].draws, undefined, this.sims[to]);
    this.params[to] = this.params[from];
    this.kappa[to] = this.kappa[from];
    this.h[to] = this.h[from];
    this.logRecruit[to] = this.logRecruit[from];
    const m = this.areas;
    const dim = this.dim;
    this.levelMean.copyWithin(to * dim, from * dim, (from + 1) * dim);
    this.levelCov.copyWithin(to * dim * dim, from * dim * dim, (from + 1) * dim * dim);
    this.recent.copyWithin(to * 12 * m, from * 12 * m, (from + 1) * 12 * m);
    this.mean.copyWithin(to * m, from * m, from * m + m);
  }

  /** The particle's model mean of state a over the last 12 months (per month). */
  recentMean(slot: number, a: number): number {
    const m = this.areas;
    let sum = 0;
    for (let k = 0; k < 12; k++) sum += this.recent[(slot * 12 + k) * m + a];
    return sum / 12;
  }

  /**
   * Counts of every state this month drawn from particle `slot`'s filtered state, into `out` (length
   * areas): the national factor drawn once (so states move together as they do), each state's level given
   * it, the scatter beyond Poisson and the Poisson noise (on the log scale, as the measurement model).
   */
  drawCounts(slot: number, rng: Rng, out: Float64Array): void {
    const dim = this.dim;
    const u = dim - 1;
    const x = this.levelMean;
    const P = this.levelCov;
    const xo = slot * dim;
    const po = slot * dim * dim;
    const sd = this.o.settings.observationSd;
    // The month's national factor g = c + u, drawn once.
    const pgg = P[po] + 2 * P[po + u] + P[po + u * dim + u];
    const dg = pgg > 0 ? Math.sqrt(pgg) * rng.normal() : 0;
    for (let a = 0; a < this.areas; a++) {
      const i = a + 1;
      const cov = P[po + i] + P[po + u * dim + i];
      const beta = pgg > 0 ? cov / pgg : 0;
      const conditional = Math.max(0, P[po + i * dim + i] - beta * cov);
      const level = x[xo] + x[xo + u] + dg + x[xo + i] + beta * dg;
      const expected = this.mean[slot * this.areas + a] * Math.exp(level);
      const variance = conditional + sd * sd + 1 / (expected + 0.5);
      out[a] = Math.max(0, (expected + 0.5) * Math.exp(Math.sqrt(variance) * rng.normal()) - 0.5);
    }
  }

  /**
   * Expected count of state a this month for particle `slot` (after the update), the month's scatter u
   * left out: the level that persists.
   */
  stateMean(slot: number, a: number): number {
    const dim = this.dim;
    const i = a + 1;
    const po = slot * dim * dim;
    const variance = this.levelCov[po] + 2 * this.levelCov[po + i] + this.levelCov[po + i * dim + i];
    const level = this.levelMean[slot * dim] + this.levelMean[slot * dim + i];
    return this.mean[slot * this.areas + a] * Math.exp(level + variance / 2);
  }
}
