import { Command, InvalidArgumentError } from 'commander';
import type { GroupNetwork } from '../../data/cartel-network.js';
import { resolveGroupNetwork } from '../../data/group-source.js';
import { homicideHistory } from '../../data/homicide-history.js';
import { observedHomicides } from '../../data/observed/homicides.js';
import {
  estimateNowcast,
  NOWCAST_PARAMETER_IDS,
  type NowcastEstimate,
  type NowcastParameter,
  type NowcastParameterId,
  type NowcastProfile,
  type NowcastProfiles,
  profileNowcast,
} from '../../sim/assimilate/estimate.js';
import { type HoldoutResult, holdoutOnThreads } from '../../sim/assimilate/holdout.js';
import { calibrateCore } from '../../sim/calibration/core.js';
import { PARAMS } from '../../sim/params.js';
import { runMonteCarlo } from '../../sim/pool.js';
import { loadPreset } from '../../sim/scenario/load.js';
import { quantileSorted, summarize } from '../../sim/summary.js';
import { UsageError } from '../errors.js';
import {
  addDataOptions,
  asUsage,
  atLeast,
  type DataOptions,
  oneOf,
  positiveInt,
  seedValue,
  yearMonth,
} from '../options.js';
import { emit } from '../output.js';
import { progressBar } from '../progress.js';
import { calibrateEvidenceCommand } from './calibrate-evidence.js';

type Part = 'all' | 'core' | 'homicides' | 'holdout';

/**
 * Out-of-sample check: calibrate on the years before a start date only, project the status quo, and
 * compare with the INEGI years that followed; the naive forecast (the last observed year, held flat) is
 * the baseline to beat.
 */
async function holdout(network: GroupNetwork, runs: number, seed: number): Promise<string[]> {
  const observed = new Map(homicideHistory().map((o) => [o.year, o.value]));
  const out = [
    '### Hold-out check',
    '',
    'Calibrated on the years before the start only; the status quo projected and compared with what INEGI then',
    'recorded. Baseline: the last observed year held flat.',
    '',
    '| fitted on | projected | model MAPE (median path) | naive MAPE | years inside the 90% interval |',
    '|---|---|---|---|---|',
  ];
  for (const start of [2018, 2020]) {
    const scenario = loadPreset('status-quo', { set: [`start=${start}-01`, 'years=5'] });
    const s = summarize(await runMonteCarlo({ network, scenarios: [scenario], runs, seed }));
    const series = s.scenarios[0].metrics.homicides!.series;
    const years = [...observed.keys()].filter((y) => y >= start && y < start + 5);
    let ape = 0;
    let naive = 0;
    let inside = 0;
    for (const y of years) {
      const p = series.find((x) => x.t === y)!;
      const o = observed.get(y)!;
      ape += Math.abs(p.p50 / o - 1);
      naive += Math.abs(observed.get(start - 1)! / o - 1);
      if (o >= p.p05 && o <= p.p95) inside++;
    }
    out.push(
      `| 2012–${start - 1} | ${years[0]}–${years.at(-1)} | ${((ape / years.length) * 100).toFixed(1)}% | ${((naive / years.length) * 100).toFixed(1)}% | ${inside} of ${years.length} |`,
    );
  }
  out.push('');
  return out;
}

/**
 * Re-run the model's calibrations and print them as Markdown (docs/CALIBRATION.md is this output).
 * The fitted values live in src/sim/params.ts; this command says whether they still hold.
 */
export function calibrateCommand(): Command {
  return (
    addDataOptions(new Command('calibrate'))
      .summary(
        're-run the calibrations (core scales, homicides, hold-out; `calibrate evidence` and `calibrate nowcast` for the studies and the nowcast) and print them',
      )
      .argument(
        '[part]',
        'all, core, homicides or holdout (the nowcast projected from past origins)',
        oneOf('part', ['all', 'core', 'homicides', 'holdout'] as const),
        'all',
      )
      .option('-n, --runs <n>', 'Monte Carlo runs per evaluation', positiveInt('--runs', 10_000), 256)
      .option('--seed <n>', 'random seed (the values in use were fitted with seed 99)', seedValue, 99)
      .option(
        '--particles <n>',
        'particles of the nowcast filter (holdout)',
        positiveInt('--particles', 20_000),
        1000,
      )
      .option('--json', 'holdout only: print the rows as JSON')
      .option(
        '--threads <n>',
        'holdout: worker threads, one origin each (default: all cores, at most the origins); same numbers for any count',
        positiveInt('--threads', 64),
      )
      .option('-o, --out <file>', 'write the Markdown to a file')
      // `calibrate nowcast` reads the options written after its name (it shares --particles, --seed, --json).
      .enablePositionalOptions()
      .addCommand(calibrateNowcastCommand())
      .addCommand(calibrateEvidenceCommand())
      .action(async (part: Part, opts: CalibrateOptions) => {
        const network = resolveGroupNetwork({ dataDir: opts.data, home: opts.home, network: opts.network });
        if (part === 'holdout' && opts.json) {
          const h = await nowcastHoldout(network, opts);
          return emit(JSON.stringify(holdoutJson(h), null, 2), opts.out);
        }
        const md: string[] = [
          '# Calibration',
          '',
          `Generated by \`atalaya calibrate ${part} --runs ${opts.runs} --seed ${opts.seed}\` on ${network.source.kind === 'files' ? 'the 150-group files of Prieto-Curiel et al. (2023)' : 'the built-in description of the groups'}.`,
          'Values in use are those of src/sim/params.ts; each section says what the calibration finds now.',
          '',
        ];
        if (part === 'all' || part === 'core') {
          const c = calibrateCore(network, { runs: opts.runs, seed: opts.seed });
          md.push(
            '## Core scales of the extended model',
            '',
            'Targets: the paper model’s members on 1 January 2022 and conflict deaths during 2021 (same engine, every',
            'extension off, the paper’s parameters); the full status quo averaged over Monte Carlo runs must match them.',
            '',
            '| quantity | target (paper model) | full model | ',
            '|---|---|---|',
            `| members, 2022-01-01 | ${Math.round(c.targets.members2022)} | ${Math.round(c.achieved.members2022)} |`,
            `| conflict deaths, 2021 | ${Math.round(c.targets.deaths2021)} | ${Math.round(c.achieved.deaths2021)} |`,
            '',
            `Fitted rhoScale = ${c.rhoScale.toFixed(4)} (in use ${PARAMS.rhoScale.value}); thetaScale = ${c.thetaScale.toFixed(4)} (in use ${PARAMS.thetaScale.value}); ${c.iterations} Newton iterations.`,
            '',
          );
        }
        if (part === 'all' || part === 'homicides') {
          const scenario = loadPreset('status-quo');
          const result = await runMonteCarlo({
            network,
            scenarios: [scenario],
            runs: opts.runs,
            seed: opts.seed,
          });
          const s = summarize(result);
          const obs = homicideHistory().filter((o) => o.year <= 2024);
          const fitted = obs.map((_, k) => Float64Array.from(result.fits.map((f) => f.fitted[k])).sort());
          const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
          const c = s.calibration;
          md.push(
            '## Homicides (INEGI death certificates, 2012–2024)',
            '',
            'Per run: h (non-group homicides per 100,000), κ (homicides per recorded conflict death) and L₀ (2008–2011',
            'legacy) by non-negative weighted least squares on relative errors, τ on a grid; then one residual-bootstrap',
            'replicate, so the Monte Carlo carries the fit’s uncertainty (src/sim/model/homicides.ts).',
            '',
            '| quantity | 5% | median | 95% |',
            '|---|---|---|---|',
            `| h, per 100,000 | ${c.nonCartelRate.map((v) => v.toFixed(2)).join(' | ')} |`,
            `| κ | ${c.perConflictDeath.map((v) => v.toFixed(3)).join(' | ')} |`,
            `| L₀, homicides/year | ${c.legacy.map((v) => Math.round(v)).join(' | ')} |`,
            `| τ, years | ${c.legacyYears.map((v) => v.toFixed(1)).join(' | ')} |`,
            `| mean absolute % error | ${c.mape.map(pct).join(' | ')} |`,
            '',
            '| year | INEGI | model median | model 5–95% | error of median |',
            '|---|---|---|---|---|',
            ...obs.map((o, k) => {
              const f = fitted[k];
              const med = quantileSorted(f, 0.5);
              return `| ${o.year} | ${o.value} | ${Math.round(med)} | ${Math.round(quantileSorted(f, 0.05))}–${Math.round(quantileSorted(f, 0.95))} | ${pct(med / o.value - 1)} |`;
            }),
            '',
            ...(await holdout(network, opts.runs, opts.seed)),
          );
        }
        if (part === 'all' || part === 'holdout')
          md.push(...holdoutMarkdown(await nowcastHoldout(network, opts)));
        emit(md.join('\n'), opts.out);
      })
  );
}

type CalibrateOptions = DataOptions & {
  runs: number;
  seed: number;
  particles: number;
  threads?: number;
  json?: boolean;
  out?: string;
};

async function nowcastHoldout(network: GroupNetwork, opts: CalibrateOptions): Promise<HoldoutResult> {
  const observed = observedHomicides({ home: opts.home });
  const bar = progressBar('hold-out origins', !opts.json, 'origins');
  // Origins run in parallel on worker threads; the rows do not depend on the thread count.
  const h = await holdoutOnThreads({
    network,
    observations: observed.monthly,
    particles: opts.particles,
    seed: opts.seed,
    threads: opts.threads,
    onOriginDone: (_, done, total) => bar.update(done, total),
  });
  bar.stop();
  return h;
}

/** The documented JSON shape: `{ origins: [ { origin, horizon, model, flat, trend } ] }`. */
function holdoutJson(h: HoldoutResult) {
  return {
    particles: h.particles,
    seed: h.seed,
    origins: h.rows.map((r) => ({
      origin: r.origin,
      horizon: r.horizon,
      observed: r.observed,
      model: r.model,
      flat: r.flat,
      trend: r.trend,
    })),
    byHorizon: h.byHorizon,
  };
}

function holdoutMarkdown(h: HoldoutResult): string[] {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  return [
    '## Hold-out: the nowcast projected from past origins',
    '',
    `The filter uses only the months up to each origin (${h.particles} particles, seed ${h.seed}); the status quo is projected`,
    'and its national 12-month totals compared with the SESNSP victims then counted. Baselines: the last 12 months held',
    'flat, and a straight line through the last 36 months. Coverage pools the national total and the 32 states.',
    '',
    '| origin | year after | observed | model median [90%] | model error | flat error | trend error | CRPS / observed | 90% coverage |',
    '|---|---|---|---|---|---|---|---|---|',
    ...h.rows.map(
      (r) =>
        `| ${r.origin} | ${r.horizon} | ${Math.round(r.observed)} | ${Math.round(r.model.median)} [${Math.round(r.model.p05)}–${Math.round(r.model.p95)}] | ${pct(r.model.error)} | ${pct(r.flat.error)} | ${pct(r.trend.error)} | ${pct(r.model.crps)} | ${pct(r.model.coverage90)} |`,
    ),
    '',
    '| years after the origin | origins | model mean error | flat | trend | 90% coverage |',
    '|---|---|---|---|---|---|',
    ...h.byHorizon.map(
      (b) =>
        `| ${b.horizon} | ${b.origins} | ${pct(b.model)} | ${pct(b.flat)} | ${pct(b.trend)} | ${pct(b.coverage90)} |`,
    ),
    '',
  ];
}

type NowcastCalibrateOptions = DataOptions & {
  particles: number;
  iterations: number;
  replicates: number;
  cooling: number;
  profile?: NowcastParameterId[];
  points: number;
  remaxIterations: number;
  remaxParticles?: number;
  seed: number;
  builtin?: boolean;
  until?: string;
  json?: boolean;
  out?: string;
};

/**
 * `atalaya calibrate nowcast`: the nowcast's measurement and driver settings estimated by IF2, the
 * log-likelihood at the estimate and at the settings in use (± Monte Carlo standard errors), and profile
 * likelihoods saying which parameters the data identify (src/sim/assimilate/estimate.ts).
 */
export function calibrateNowcastCommand(): Command {
  return addDataOptions(
    new Command('nowcast').summary(
      "estimate the nowcast's settings by IF2, with profile likelihoods: what the data identify",
    ),
  )
    .option(
      '-n, --particles <n>',
      'particles of IF2 and of the likelihood filters',
      positiveInt('--particles', 20_000),
      200,
    )
    .option('--iterations <m>', 'IF2 iterations', positiveInt('--iterations', 1000), 20)
    .option(
      '--replicates <r>',
      'independent filters per log-likelihood (≥ 2)',
      atLeast('--replicates', 2, 1000),
      5,
    )
    .option(
      '--cooling <c>',
      "IF2 cooling: the walk's sd left after 50 iterations, in (0, 1]",
      coolingValue,
      0.2,
    )
    .option(
      '--profile <ids>',
      `parameters to profile, comma-separated, or all (${NOWCAST_PARAMETER_IDS.join(', ')})`,
      profileIds,
    )
    .option(
      '--points <k>',
      'profile grid points across each range, ends included (the estimate is added)',
      atLeast('--points', 2, 50),
      4,
    )
    .option(
      '--remax-iterations <n>',
      'IF2 iterations re-maximising the others at each profile point',
      positiveInt('--remax-iterations', 1000),
      5,
    )
    .option(
      '--remax-particles <n>',
      'particles of that IF2 (default: --particles)',
      positiveInt('--remax-particles', 20_000),
    )
    .option('--seed <n>', 'random seed (same seed, same numbers)', seedValue, 1)
    .option('--until <month>', 'use only the months up to this one (YYYY-MM)', yearMonth)
    .option('--builtin', "use Atalaya's built-in table even when the data cache holds a newer release")
    .option('--json', 'print the result as JSON')
    .option('-o, --out <file>', 'write the output to a file (atomically)')
    .addHelpText(
      'after',
      '\nProgress goes to standard error, one line per IF2 iteration, evaluation and profile point.\n' +
        'Examples:\n' +
        '  atalaya calibrate nowcast                                   # IF2 estimate, log-likelihoods, no profiles\n' +
        '  atalaya calibrate nowcast --profile kappa,observationSd --points 4\n' +
        '  atalaya calibrate nowcast --profile all --particles 200 --iterations 20 --replicates 3 --points 3\n' +
        '  atalaya calibrate nowcast --builtin --network builtin --particles 20 --iterations 2 --until 2017-12 --json\n' +
        '\nJSON: { source, groups, from, to, months, particles, iterations, cooling, replicates, seed,\n' +
        '        parameters: [ { id, label, scale, range, rangeSource, current, estimate, ci, status, note,\n' +
        '                        profile: [ { value, logLikelihood, se, params, atEstimate } ] } ],\n' +
        '        logLikelihood: { estimate: { mean, se, replicates }, current: { … }, difference: { mean, se } },\n' +
        '        trace: [ { iteration, logLikelihood, params } ], method, warnings }\n' +
        'status is identified, prior-driven or not profiled; ci is null when not profiled.',
    )
    .action((opts: NowcastCalibrateOptions, cmd: Command) => {
      // Profile settings without --profile would do nothing: say so rather than ignore them.
      for (const name of ['points', 'remaxIterations', 'remaxParticles'])
        if (!opts.profile && cmd.getOptionValueSource(name) === 'cli')
          throw new UsageError(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --profile`);
      const observed = observedHomicides({ home: opts.home, prefer: opts.builtin ? 'builtin' : 'newest' });
      if (opts.until && opts.until < addMonths(observed.monthly.start, 23))
        throw new UsageError(
          `--until ${opts.until}: the nowcast needs at least 24 observed months from ${observed.monthly.start}`,
        );
      const network = resolveGroupNetwork({ dataDir: opts.data, home: opts.home, network: opts.network });
      const onProgress = (line: string) => process.stderr.write(`${line}\n`);
      const common = {
        network,
        observations: observed.monthly,
        until: opts.until,
        particles: opts.particles,
        iterations: opts.iterations,
        replicates: opts.replicates,
        cooling: opts.cooling,
        seed: opts.seed,
        onProgress,
      };
      const profiles = opts.profile?.length
        ? profileNowcast({
            ...common,
            profile: opts.profile,
            points: opts.points,
            remax: { iterations: opts.remaxIterations, particles: opts.remaxParticles },
          })
        : undefined;
      const fit = profiles?.fit ?? estimateNowcast(common);
      const context = {
        source: observed.source,
        // Only the incomplete months among those used (--until may stop before them).
        incomplete: observed.monthly.incompleteMonths.filter((m) => m <= fit.to),
        groups:
          network.source.kind === 'files'
            ? `${network.source.citation} (the 150-group files)`
            : "Atalaya's built-in description of the groups",
        warnings: observed.warnings,
      };
      if (opts.json)
        return emit(JSON.stringify(nowcastCalibrationJson(fit, profiles, context), null, 2), opts.out);
      emit(renderNowcastCalibration(fit, profiles, context), opts.out);
    });
}

/** The month `k` months after `month` (YYYY-MM). */
function addMonths(month: string, k: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + m - 1 + k;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

function coolingValue(value: string): number {
  const c = Number(value);
  if (!(c > 0 && c <= 1))
    throw new InvalidArgumentError(`--cooling must be a number in (0, 1] (got "${value}")`);
  return c;
}

function profileIds(value: string): NowcastParameterId[] {
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (parts.length === 0) throw new InvalidArgumentError('--profile needs at least one parameter, or all');
  if (parts.length === 1 && parts[0] === 'all') return [...NOWCAST_PARAMETER_IDS];
  return [...new Set(parts.map(asUsage(oneOf('--profile', NOWCAST_PARAMETER_IDS))))];
}

interface CalibrationContext {
  source: { release: string; kind: string; lastMonth: string };
  incomplete: string[];
  groups: string;
  warnings: string[];
}

function nowcastCalibrationJson(
  fit: NowcastEstimate,
  profiles: NowcastProfiles | undefined,
  c: CalibrationContext,
) {
  const profileOf = (id: NowcastParameterId) => profiles?.profiles.find((p) => p.id === id);
  return {
    source: c.source,
    groups: c.groups,
    incompleteMonths: c.incomplete,
    from: fit.from,
    to: fit.to,
    months: fit.months,
    particles: fit.particles,
    iterations: fit.iterations,
    cooling: fit.cooling,
    replicates: fit.replicates,
    seed: fit.seed,
    parameters: fit.parameters.map((p) => {
      const prof = profileOf(p.id);
      return {
        id: p.id,
        label: p.label,
        scale: p.scale,
        range: p.range,
        rangeSource: p.rangeSource,
        current: p.current,
        estimate: fit.estimate[p.id],
        ci: prof ? prof.ci : null,
        status: prof ? prof.status : 'not profiled',
        note: prof ? prof.note : null,
        profile: prof ? prof.points : [],
      };
    }),
    logLikelihood: fit.logLikelihood,
    trace: fit.trace,
    method: profiles ? profiles.method : null,
    warnings: c.warnings,
  };
}

const num = (v: number) =>
  Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toPrecision(3);
const loglik = (v: { mean: number; se: number }) =>
  `${v.mean.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} ± ${v.se.toFixed(1)}`;

function currentLabel(p: NowcastParameter): string {
  return typeof p.current === 'number' ? num(p.current) : `prior ${num(p.current[0])}–${num(p.current[1])}`;
}

/** The terminal view: the parameter table, then the log-likelihoods, then each profile's points. */
export function renderNowcastCalibration(
  fit: NowcastEstimate,
  profiles: NowcastProfiles | undefined,
  c: CalibrationContext,
): string {
  const profileOf = (id: NowcastParameterId): NowcastProfile | undefined =>
    profiles?.profiles.find((p) => p.id === id);
  const lines = [
    "Atalaya — what the data identify: the nowcast's settings estimated by IF2, with profile likelihoods",
    `Data: ${c.source.release} (${c.source.kind === 'cache' ? 'data cache' : 'built-in table'}), SESNSP victims of intentional homicide by state, ${fit.from} to ${fit.to}${c.incomplete.length > 0 ? `; ${c.incomplete.join(', ')} still incomplete (filtered as missing)` : ''}.`,
    `Groups: ${c.groups}.`,
    `IF2: ${fit.iterations} iterations, ${fit.particles} particles, cooling ${fit.cooling}, seed ${fit.seed}; each log-likelihood from ${fit.replicates} filters of ${fit.particles} particles.`,
    '',
    `  ${'parameter'.padEnd(48)} ${'range'.padEnd(16)} ${'in use'.padEnd(16)} ${'estimate'.padStart(9)}  ${'95% CI'.padEnd(15)} status`,
  ];
  for (const p of fit.parameters) {
    const prof = profileOf(p.id);
    const ci = prof ? `${num(prof.ci[0])}–${num(prof.ci[1])}` : '—';
    lines.push(
      `  ${p.label.padEnd(48)} ${`${num(p.range[0])}–${num(p.range[1])}`.padEnd(16)} ${currentLabel(p).padEnd(16)} ${num(fit.estimate[p.id]!).padStart(9)}  ${ci.padEnd(15)} ${prof ? prof.status : 'not profiled'}`,
    );
  }
  const d = fit.logLikelihood.difference;
  lines.push(
    '',
    `Log-likelihood at the estimate:          ${loglik(fit.logLikelihood.estimate)}`,
    `Log-likelihood with the settings in use: ${loglik(fit.logLikelihood.current)}`,
    `Difference (paired jackknife SE):        ${d.mean >= 0 ? '+' : ''}${d.mean.toFixed(1)} ± ${d.se.toFixed(1)}`,
    '',
    'Ranges: κ, h and the driver start are the priors in use; the sds are searched over their value in use ×/÷ 4.',
  );
  if (profiles) {
    lines.push(`Profiles: ${profiles.method}.`);
    for (const prof of profiles.profiles) {
      lines.push('', `  ${prof.id}: ${prof.status} (${prof.note}); smoothed maximum at ${num(prof.argmax)}`);
      for (const pt of prof.points)
        lines.push(
          `    ${num(pt.value).padStart(9)}  ${loglik({ mean: pt.logLikelihood, se: pt.se }).padStart(20)}${pt.atEstimate ? '  (the IF2 estimate)' : ''}`,
        );
    }
  }
  for (const w of c.warnings) lines.push('', `warning: ${w}`);
  return lines.join('\n');
}
