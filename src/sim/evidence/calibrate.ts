import type { GroupNetwork } from '../../data/cartel-network.js';
import { weightedQuantiles } from '../assimilate/weighted-quantiles.js';
import { buildWorld, type World } from '../model/world.js';
import { type ParamId, type Params, sampleParams } from '../params.js';
import { createRng, type Rng, substream } from '../rng.js';
import { PolicySchema } from '../scenario/schema.js';
import { type AbcParameter, type AbcPosteriorSummary, abcSmc, posteriorSummary } from './abc-smc.js';
import { policyExperiment, removalExperiment, sweepExperiment, truceExperiment } from './experiments.js';
import {
  type Block,
  type Measurements,
  missOf,
  type Published,
  STUDIES,
  type Study,
  within,
} from './studies.js';

/**
 * `atalaya calibrate evidence`: the mechanism parameters fitted so that the model, re-running each study's
 * design (experiments.ts), finds what the study found (studies.ts), by ABC-SMC (abc-smc.ts); then every
 * study replicated under the priors and under the fitted posterior, side by side with the published
 * figure, and as the catalog draws the parameters (src/sim/params.ts), so that a reader sees whether the
 * values in use carry the fit.
 *
 * Two blocks are fitted apart, because no study informs both: leadership (succession disorder, the
 * capacity a removal takes away, the hazard that it splits the group and the rival that moves in:
 * Dickenson, Calderón et al., Lindo & Padilla-Romo, Dell, Phillips) and truces (the effect while a truce holds: Katz et al.; how long truces hold is
 * one case, El Salvador's two years, and stays the prior's). Every other parameter is drawn from its prior in each
 * evaluation, so its uncertainty widens the fit instead of being fixed at a guess. The checks (Castillo
 * et al., Dube et al.) inform no fitted parameter: their sign is replicated under the posterior.
 */
export interface EvidenceOptions {
  network: GroupNetwork;
  /** ABC-SMC particles per block. Default 100. */
  particles?: number;
  /** ABC-SMC generations, the prior's included. Default 4. */
  generations?: number;
  /** Parameter draws replicating every study, as the catalog draws them and under the posterior. Default 100. */
  replications?: number;
  seed?: number;
  onProgress?: (stage: string, done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface Interval {
  value: number;
  lo: number;
  hi: number;
}

export interface StudyRow {
  id: string;
  citation: string;
  estimand: string;
  block: Block;
  published: Published;
  /**
   * Replicated with the parameters as the catalog draws them (src/sim/params.ts, what `compare` uses):
   * median and 90% interval over draws.
   */
  inUse: Interval;
  /** Replicated under the fitted posterior. */
  replicated: Interval;
  /** The replicated median lies inside the published interval (open bounds unbounded). */
  within: boolean;
}

export interface BlockFit {
  block: Exclude<Block, 'check'>;
  parameters: AbcPosteriorSummary[];
  /**
   * Equally weighted draws of the posterior (systematic resampling of the particles), a row per draw in
   * the order of `parameters`: what `--write-sample` ships to the catalog.
   */
  sample: number[][];
  priors: readonly AbcParameter[];
  tolerances: number[];
  acceptance: number[];
  evaluations: number;
}

export interface EvidenceResult {
  studies: StudyRow[];
  fits: BlockFit[];
  /**
   * Kingpin targeting (6 more removals a year among the 10 largest groups, 3 years) against the same runs
   * without it: the relative change in conflict deaths nationwide, and the share of posterior draws in
   * which it lowers them.
   */
  kingpin: { inUse: Interval & { lowers: number }; posterior: Interval & { lowers: number } };
  settings: { particles: number; generations: number; replications: number; seed: number };
}

/** The fitted blocks: parameters, their calibration priors (wider than the catalog's), and what they measure. */
const BLOCKS: Record<Exclude<Block, 'check'>, readonly AbcParameter[]> = {
  leadership: [
    { id: 'successionDisorder', min: 0, max: 2, prior: 'uniform' },
    { id: 'leaderCapacityCut', min: 0, max: 0.6, prior: 'uniform' },
    { id: 'splitHazard', min: 0, max: 0.03, prior: 'uniform' },
    { id: 'rivalEncroachment', min: 0, max: 3, prior: 'uniform' },
  ],
  truce: [{ id: 'truceEffect', min: 0.1, max: 0.8, prior: 'uniform' }],
};

/** Rows of the posterior sample shipped to the catalog. */
const SAMPLE_ROWS = 200;

/**
 * The catalog's posterior sample (src/sim/evidence/posterior-sample.ts) as TypeScript source: the fitted
 * blocks' draws, rounded to 4 significant digits, with the command that made them.
 */
export function posteriorSampleModule(r: EvidenceResult, command: string): string {
  const round = (v: number) => Number(v.toPrecision(4));
  const blocks = r.fits.flatMap((f) => [
    `  ${f.block}: {`,
    `    parameters: [${f.parameters.map((p) => `'${p.id}'`).join(', ')}],`,
    '    rows: [',
    ...f.sample.map((row) => `      [${row.map(round).join(', ')}],`),
    '    ],',
    '  },',
  ]);
  // Laid out as the formatter (biome) would, so that a regenerated file is a clean diff.
  return [
    '// biome-ignore-all lint/suspicious/noApproximativeNumericConstant: draws, not constants like π',
    '/**',
    ` * Generated by \`${command}\`: do not edit.`,
    ' * Equally weighted draws of the posterior of the mechanisms fitted to the published studies',
    ' * (docs/EVIDENCE.md); the catalog (src/sim/params.ts) draws a row per run.',
    ' */',
    'export const POSTERIOR_SAMPLE: Record<',
    "  'leadership' | 'truce',",
    '  { parameters: readonly string[]; rows: readonly (readonly number[])[] }',
    '> = {',
    ...blocks,
    '};',
    '',
  ].join('\n');
}

const KINGPIN = PolicySchema.parse({ lever: 'kingpin', rampMonths: 0 });
const INSPECTIONS = PolicySchema.parse({ lever: 'borderInspections', rampMonths: 0 });
const FIREARMS = PolicySchema.parse({ lever: 'firearmsCrackdown', rampMonths: 0 });

/** Run the designs a block (or every study, `all`) needs at one parameter draw. */
export function measureStudies(
  world: World,
  params: Params,
  seed: number,
  evaluation: number,
  part: Block | 'all',
): Measurements {
  const o = { world, params, seed, evaluation };
  const out: Measurements = {};
  if (part === 'leadership' || part === 'all') {
    const r = removalExperiment(o);
    out.homeSixMonths = r.sixMonths;
    out.homeSevenToTwelve = r.monthsSevenToTwelve;
    out.extraShare = r.extraShare;
    out.neighbours = r.neighbours;
    out.sweepThreeMonths = sweepExperiment(o);
  }
  if (part === 'truce' || part === 'all') out.truceRatio = truceExperiment(o);
  if (part === 'check' || part === 'all') {
    out.supplyCut = policyExperiment({ ...o, policies: [INSPECTIONS], months: 24, label: 'supply' });
    out.firearmsCut = policyExperiment({ ...o, policies: [FIREARMS], months: 24, label: 'firearms' });
  }
  if (part === 'all')
    out.kingpin = policyExperiment({ ...o, policies: [KINGPIN], months: 36, label: 'kingpin' });
  return out;
}

/** Fit one block by ABC-SMC: distance = root sum of squared misses of its studies. */
function fitBlock(
  world: World,
  block: Exclude<Block, 'check'>,
  o: Required<Pick<EvidenceOptions, 'particles' | 'generations' | 'seed'>> & EvidenceOptions,
) {
  const parameters = BLOCKS[block];
  const studies = STUDIES.filter((s) => s.block === block);
  let generation = 0;
  const result = abcSmc({
    parameters,
    particles: o.particles,
    generations: o.generations,
    seed: o.seed,
    signal: o.signal,
    onGeneration: () => o.onProgress?.(`fit ${block}`, ++generation, o.generations),
    distance: (theta, rng, evaluation) => {
      const params = drawParams(rng, parameters, theta);
      const m = measureStudies(world, params, o.seed, evaluation, block);
      let d2 = 0;
      for (const s of studies) d2 += missOf(s, m[s.measure] ?? Number.NaN) ** 2;
      return Math.sqrt(d2);
    },
  });
  return result;
}

/** Every parameter from its prior, the fitted ones at `theta`. */
function drawParams(rng: Rng, parameters: readonly AbcParameter[], theta: ArrayLike<number>): Params {
  const fixed: Partial<Params> = {};
  parameters.forEach((p, k) => {
    fixed[p.id as ParamId] = theta[k];
  });
  return sampleParams(rng, fixed);
}

/** Draw `n` particles of a weighted population (systematic, seeded). */
function resample(weights: Float64Array, n: number, rng: Rng): Int32Array {
  const out = new Int32Array(n);
  const u0 = rng.next() / n;
  let c = weights[0];
  let j = 0;
  for (let i = 0; i < n; i++) {
    const u = u0 + i / n;
    while (u > c && j < weights.length - 1) c += weights[++j];
    out[i] = j;
  }
  return out;
}

function band(values: number[]): Interval {
  const v = Float64Array.from(values.filter(Number.isFinite));
  const w = new Float64Array(v.length).fill(1 / Math.max(1, v.length));
  const [lo, value, hi] = v.length > 0 ? weightedQuantiles(v, w, [0.05, 0.5, 0.95]) : [NaN, NaN, NaN];
  return { value, lo, hi };
}

export function calibrateEvidence(options: EvidenceOptions): EvidenceResult {
  const o = { particles: 100, generations: 4, replications: 100, seed: 1, ...options };
  const world = buildWorld(o.network);
  const fits = (['leadership', 'truce'] as const).map((block) => ({ block, abc: fitBlock(world, block, o) }));
  // Replications: the same draws of every other parameter under the prior and under the posterior.
  const picks = fits.map((f, k) =>
    resample(f.abc.weights, o.replications, createRng(o.seed, `evidence-pick-${k}`)),
  );
  const runs = (posterior: boolean) =>
    Array.from({ length: o.replications }, (_, r) => {
      const rng = substream(o.seed, r, 'evidence-replicate');
      const fixed: Partial<Params> = {};
      if (posterior)
        fits.forEach((f, k) => {
          const d = f.abc.parameters.length;
          f.abc.parameters.forEach((id, i) => {
            fixed[id as ParamId] = f.abc.particles[picks[k][r] * d + i];
          });
        });
      const m = measureStudies(world, sampleParams(rng, fixed), o.seed, 1_000_000 + r, 'all');
      o.onProgress?.(posterior ? 'replicate (posterior)' : 'replicate (in use)', r + 1, o.replications);
      return m;
    });
  const inUse = runs(false);
  const post = runs(true);
  const pick = (rows: Measurements[], key: keyof Measurements) => rows.map((m) => m[key] ?? Number.NaN);
  const studies: StudyRow[] = STUDIES.map((s: Study) => {
    const replicated = band(pick(post, s.measure));
    return {
      id: s.id,
      citation: s.citation,
      estimand: s.estimand,
      block: s.block,
      published: s.published,
      inUse: band(pick(inUse, s.measure)),
      replicated,
      within: within(s, replicated.value),
    };
  });
  const lowers = (v: number[]) => v.filter((x) => x < 0).length / Math.max(1, v.length);
  const kp = pick(inUse, 'kingpin');
  const kq = pick(post, 'kingpin');
  return {
    studies,
    fits: fits.map(({ block, abc }, k) => ({
      block,
      parameters: posteriorSummary(abc),
      sample: Array.from(resample(abc.weights, SAMPLE_ROWS, createRng(o.seed, `evidence-sample-${k}`)), (i) =>
        Array.from(abc.particles.subarray(i * abc.parameters.length, (i + 1) * abc.parameters.length)),
      ),
      priors: BLOCKS[block],
      tolerances: abc.tolerances,
      acceptance: abc.acceptance,
      evaluations: abc.attempts.reduce((a, b) => a + b, 0),
    })),
    kingpin: { inUse: { ...band(kp), lowers: lowers(kp) }, posterior: { ...band(kq), lowers: lowers(kq) } },
    settings: {
      particles: o.particles,
      generations: o.generations,
      replications: o.replications,
      seed: o.seed,
    },
  };
}
