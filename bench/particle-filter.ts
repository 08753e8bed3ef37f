/**
 * Benchmark of the particle-filter framework's own cost (`npx tsx bench/particle-filter.ts`): what
 * src/sim/assimilate adds per particle-step on top of the model, on models that do (almost) nothing, so
 * that the figure can be set against an engine step (tens of microseconds per particle-step for the
 * 150-group model). Timing is never part of the tests.
 *
 * 1. Null model: propagate and the likelihood do nothing: the stream per (t, slot), the loops, weights and
 *    ESS; with adaptive resampling (never triggered: equal weights) and with resampling at every step.
 * 2. Trivial model: a Gaussian random walk observed with noise (one normal draw, one log density, one
 *    float copied per moved particle), adaptive and every step.
 * 3. The per-particle stream alone (one createRng per particle-step), the largest fixed cost.
 * 4. IF2 on the trivial model with 4 parameters (perturbation + transforms + setParams per particle-step).
 */
import { availableParallelism } from 'node:os';
import { iteratedFilter, type ParameterizedModel, type ParameterSpec } from '../src/sim/assimilate/if2.js';
import { type ParticleModel, particleFilter } from '../src/sim/assimilate/particle-filter.js';
import { propagateSeed } from '../src/sim/assimilate/streams.js';
import { createRng, type Rng } from '../src/sim/rng.js';

const N = 10_000;
const T = 200;
const REPEATS = 3;

const nullModel: ParticleModel = {
  propagate: () => {},
  logLikelihood: () => 0,
  copy: () => {},
};

class Walk implements ParameterizedModel {
  readonly x: Float64Array;
  constructor(
    n: number,
    private readonly y: Float64Array,
  ) {
    this.x = new Float64Array(n);
  }
  setParams(): void {}
  propagate(slot: number, _t: number, rng: Rng): void {
    this.x[slot] += rng.normal();
  }
  logLikelihood(slot: number, t: number): number {
    const d = this.y[t] - this.x[slot];
    return -0.5 * d * d;
  }
  copy(from: number, to: number): void {
    this.x[to] = this.x[from];
  }
}

const yRng = createRng(1, 'bench-y');
const y = new Float64Array(T);
for (let t = 0, x = 0; t < T; t++) {
  x += yRng.normal();
  y[t] = x + yRng.normal();
}

/** Best of REPEATS, in ns per particle-step. */
function time(label: string, run: () => void, particleSteps = N * T): number {
  run();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    run();
    best = Math.min(best, performance.now() - t0);
  }
  const ns = (best * 1e6) / particleSteps;
  console.log(
    `${label.padEnd(58)} ${ns.toFixed(0).padStart(5)} ns per particle-step (${best.toFixed(0)} ms)`,
  );
  return ns;
}

console.log(
  `Particle-filter framework cost — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
    `${availableParallelism()} cores; N = ${N.toLocaleString('en')}, T = ${T}, best of ${REPEATS}\n`,
);
const base = time('1. null model, adaptive resampling (never triggered)', () => {
  particleFilter(nullModel, { particles: N, steps: T, seed: 1 });
});
const every = time('   null model, resampling at every step', () => {
  particleFilter(nullModel, { particles: N, steps: T, seed: 1, essThreshold: 1 });
});
time('2. trivial random walk, adaptive resampling', () => {
  particleFilter(new Walk(N, y), { particles: N, steps: T, seed: 1 });
});
time('   trivial random walk, resampling at every step', () => {
  particleFilter(new Walk(N, y), { particles: N, steps: T, seed: 1, essThreshold: 1 });
});
time('3. the per-particle stream alone, as the filter makes it', () => {
  let s = 0;
  for (let t = 0; t < T; t++) {
    const stepSeed = propagateSeed(1, t);
    for (let j = 0; j < N; j++) s += createRng(stepSeed, j).next();
  }
  if (s < 0) console.log(s);
});
const params: ParameterSpec[] = ['a', 'b', 'c', 'd'].map((id) => ({
  id,
  start: [0.5, 2],
  sd: 0.02,
  transform: 'log',
}));
time(
  '4. IF2, 4 parameters, trivial random walk (per iteration)',
  () => {
    iteratedFilter((n) => new Walk(n, y), { params, iterations: 2, particles: N, steps: T, seed: 1 });
  },
  2 * N * T,
);
const engineStep = 20_000;
console.log(
  `\nAgainst an engine particle-step of ~${engineStep / 1000} µs, the framework itself (1.) adds ` +
    `${((100 * Math.min(base, every)) / engineStep).toFixed(2)}–${((100 * Math.max(base, every)) / engineStep).toFixed(2)}%.`,
);
