import Table from 'cli-table3';
import { Command, InvalidArgumentError } from 'commander';
import { buildAudit, DEFAULT_CLAIM } from '../../audit/audit.js';
import { trendBreaks } from '../../audit/breaks.js';
import { type ClaimInput, type ClaimResult, checkClaim } from '../../audit/claim.js';
import { resolvePlace, resolveSeriesId } from '../../audit/measure.js';
import { parsePeriod } from '../../audit/periods.js';
import {
  type Reclassification,
  reclassification,
  reclassificationByState,
} from '../../audit/reclassification.js';
import { revisionSummaries } from '../../audit/revisions.js';
import { shareJumps } from '../../audit/shares.js';
import { sourceGap } from '../../audit/source-gap.js';
import { atalayaHome } from '../../data/locate.js';
import { readPanel } from '../../data/panel/cache.js';
import type { Panel } from '../../data/panel/panel.js';
import { renderAuditReport } from '../../report/audit/page.js';
import { percent } from '../../report/format.js';
import { COMPACT_TABLE } from '../../report/table-style.js';
import { UsageError } from '../errors.js';
import { oneOf } from '../options.js';
import { emit } from '../output.js';

interface CommonOptions {
  home?: string;
  json?: boolean;
}

interface ClaimOptions extends CommonOptions {
  series: string;
  from?: string;
  to: string;
  change?: string;
  basis: 'daily-average' | 'monthly-total' | 'year-on-year';
  state?: string;
  vintage?: string;
  tolerance: number;
}

const BASES = ['daily-average', 'monthly-total', 'year-on-year'] as const;

function loadPanel(opts: CommonOptions): Panel {
  return readPanel(atalayaHome({ home: opts.home })).panel;
}

/** Percentage points as a fraction: "2" or "2pp" → 0.02. */
function points(value: string): number {
  const v = Number(value.replace(/\s*(pp|%)$/i, ''));
  if (!Number.isFinite(v) || v < 0 || v > 100)
    throw new InvalidArgumentError(`--tolerance must be percentage points from 0 to 100 (got "${value}")`);
  return v / 100;
}

const home = (c: Command) =>
  c
    .option('--home <dir>', 'data cache (default: ATALAYA_HOME or ~/.cache/atalaya)')
    .option('--json', 'print the numbers as JSON');

/** Options that state a claim: used by `audit claim` and `audit report`. */
function claimOptions(c: Command, required: boolean): Command {
  const series = '-s, --series <name>';
  const seriesHelp = 'series: homicidio-doloso, feminicidio, … or a full id (see `atalaya data status`)';
  (required ? c.requiredOption(series, seriesHelp) : c.option(series, seriesHelp, DEFAULT_CLAIM.series))
    .option('--from <period>', 'period measured from: YYYY-MM, YYYY or YYYY-MM..YYYY-MM')
    .option('--to <period>', 'period measured to (same forms)')
    .option('--change <change>', 'the claimed change, e.g. -25% or -0.25')
    .option(
      '--basis <basis>',
      `how periods are measured: ${BASES.join(', ')}`,
      oneOf('--basis', BASES),
      'daily-average',
    )
    .option('--state <state>', 'a state by code or name (default: national)')
    .option('--vintage <release>', 'SESNSP release to use (default: the newest imported)')
    .option('--tolerance <pp>', 'percentage points a claim may exceed the observed change by', points, 0.02);
  return c;
}

function claimInput(opts: ClaimOptions): ClaimInput {
  return {
    series: opts.series,
    from: opts.from,
    to: opts.to,
    change: opts.change,
    basis: opts.basis,
    place: opts.state,
    vintage: opts.vintage,
    tolerance: opts.tolerance,
  };
}

function formatClaim(r: ClaimResult): string {
  const o = r.observed;
  const verdict =
    r.holds === null
      ? 'No claimed change given: observed change only.'
      : r.holds
        ? `The claim HOLDS: observed ${percent(o.change, 'en', 1)} vs claimed ${percent(r.claim.change!, 'en', 1)}.`
        : `The claim DOES NOT HOLD: observed ${percent(o.change, 'en', 1)} vs claimed ${percent(r.claim.change!, 'en', 1)}.`;
  const unit = r.basis === 'monthly-total' ? r.series.unit : `${r.series.unit} per day`;
  return [
    `Claim: ${r.claim.text}`,
    `Observed (${r.series.id}, release ${r.series.vintage}, ${r.place.name}):`,
    `  ${o.from}: ${o.valueFrom.toFixed(1)} ${unit}`,
    `  ${o.to}: ${o.valueTo.toFixed(1)} ${unit}`,
    `  change: ${percent(o.change, 'en', 1)}`,
    verdict,
    r.incomplete.length > 0 ? `Incomplete months used: ${r.incomplete.join(', ')}` : '',
    'Caveats:',
    ...r.caveats.map((c) => `  - ${c}`),
  ]
    .filter(Boolean)
    .join('\n');
}

function formatReclassification(r: Reclassification): string {
  const t = new Table({
    head: ['category', 'before /day', 'after /day', 'change /day', 'relative'],
    ...COMPACT_TABLE,
  });
  for (const c of [r.homicide, ...r.others]) {
    t.push([
      c.label + (c.incomplete.length > 0 ? ' *' : ''),
      c.before.toFixed(1),
      c.after.toFixed(1),
      `${c.change >= 0 ? '+' : '−'}${Math.abs(c.change).toFixed(1)}`,
      percent(c.relative, 'en', 0),
    ]);
  }
  const share =
    r.offsetShare === null
      ? 'Intentional homicides did not fall: no offset to measure.'
      : `Rises in the other categories equal ${(r.offsetShare * 100).toFixed(0)}% of the fall (${r.absorbed.toFixed(1)} of ${r.decline.toFixed(1)} a day): an upper bound of reclassification.`;
  const incomplete = [r.homicide, ...r.others].some((c) => c.incomplete.length > 0)
    ? '* uses months the release flags as incomplete'
    : '';
  const missing = r.missing.map((m) => `not measured: ${m.id}: ${m.reason}`);
  return [`${r.place.name}`, t.toString(), share, incomplete, ...missing].filter(Boolean).join('\n');
}

function periodsOf(opts: { from?: string; to?: string }) {
  return {
    from: parsePeriod(opts.from ?? DEFAULT_CLAIM.from!, '--from'),
    to: parsePeriod(opts.to ?? DEFAULT_CLAIM.to, '--to'),
  };
}

export function auditCommand(): Command {
  const cmd = new Command('audit')
    .summary('check official claims against the data: trends, reclassification, revisions, breaks')
    .description(
      'Check official claims against the imported official data (run `atalaya data import` first).\n' +
        'Every figure names its series and release; months a release will still revise are flagged.',
    );

  home(claimOptions(cmd.command('claim'), true))
    .description('recompute a claimed change and say whether it holds, by how much, and with what caveats')
    .addHelpText(
      'after',
      '\nExamples:\n  atalaya audit claim --series homicidio-doloso --from 2024-09 --to 2025-06 --change -25%\n' +
        '  atalaya audit claim -s homicidio-doloso --to 2025-01..2025-06 --basis year-on-year --state Sinaloa\n' +
        '  atalaya audit claim -s feminicidio --from 2023 --to 2024 --basis monthly-total --json',
    )
    .action((opts: ClaimOptions) => {
      if (!opts.to) throw new UsageError('--to is required (the period the change is measured to)');
      const result = checkClaim(loadPanel(opts), claimInput(opts));
      emit(opts.json ? JSON.stringify(result, null, 2) : formatClaim(result));
    });

  home(
    cmd
      .command('reclassification')
      .description(
        'compare the change in intentional homicide with the categories a death could move into, nationally or for one state, and for every state ranked',
      )
      .option('--from <period>', 'period measured from', DEFAULT_CLAIM.from)
      .option('--to <period>', 'period measured to', DEFAULT_CLAIM.to)
      .option('--state <state>', 'one state (default: national, then every state ranked)'),
  ).action((opts: CommonOptions & { from?: string; to?: string; state?: string }) => {
    const panel = loadPanel(opts);
    const { from, to } = periodsOf(opts);
    const place = resolvePlace(opts.state);
    const main = reclassification(panel, place, from, to);
    const states = opts.state ? [] : reclassificationByState(panel, from, to);
    if (opts.json) return emit(JSON.stringify({ from: from.label, to: to.label, ...main, states }, null, 2));
    const t = new Table({
      head: ['state', 'homicide /day', 'change', 'rises elsewhere /day', 'offset share', 'material'],
      ...COMPACT_TABLE,
    });
    for (const r of states) {
      t.push([
        r.place.name,
        `${r.homicide.before.toFixed(1)} → ${r.homicide.after.toFixed(1)}`,
        percent(r.homicide.relative, 'en', 0),
        r.absorbed.toFixed(1),
        r.offsetShare === null ? '–' : `${(r.offsetShare * 100).toFixed(0)}%`,
        r.material ? 'yes' : '',
      ]);
    }
    emit(
      [
        `Reclassification check, ${from.label} → ${to.label} (victims per day)`,
        formatReclassification(main),
        states.length > 0
          ? `\nBy state (material falls — at least 0.5 a day and 10% — first, by offset share):\n${t.toString()}`
          : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  });

  home(
    cmd
      .command('gap')
      .description(
        'SESNSP victims vs INEGI death certificates by state and year; flags gaps that move unusually',
      ),
  ).action((opts: CommonOptions) => {
    const gap = sourceGap(loadPanel(opts));
    if (opts.json) return emit(JSON.stringify(gap, null, 2));
    const t = new Table({ head: ['year', 'SESNSP', 'INEGI', 'ratio'], ...COMPACT_TABLE });
    for (const y of gap.national) t.push([y.year, count(y.sesnsp), count(y.inegi), y.ratio.toFixed(3)]);
    const f = new Table({ head: ['state', 'year', 'ratio before → after', 'robust z'], ...COMPACT_TABLE });
    for (const x of gap.flags)
      f.push([
        x.name,
        x.year,
        `${x.ratioBefore.toFixed(2)} → ${x.ratioAfter.toFixed(2)}`,
        signedFixed(x.z, 1),
      ]);
    emit(
      [
        `SESNSP (${gap.sesnsp.id}, ${gap.sesnsp.vintage}) vs INEGI (${gap.inegi.id}, ${gap.inegi.vintage}), national:`,
        t.toString(),
        `\nStates whose SESNSP/INEGI ratio moved unusually (|robust z| > 3 of the yearly change in log ratio): ${gap.flags.length}`,
        gap.flags.length > 0 ? f.toString() : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  });

  home(
    cmd
      .command('revisions')
      .description('compare releases of a SESNSP series: which months and states were revised, by how much')
      .option('-s, --series <name>', 'series', 'homicidio-doloso'),
  ).action((opts: CommonOptions & { series: string }) => {
    const panel = loadPanel(opts);
    const summaries = revisionSummaries(panel, resolveSeriesId(panel, opts.series));
    if (opts.json) return emit(JSON.stringify(summaries, null, 2));
    if (summaries.length === 0) return emit(`${opts.series}: only one release imported; nothing to compare.`);
    emit(
      summaries
        .map((r) => {
          const t = new Table({
            head: ['state', 'months revised', 'net', 'largest', 'in'],
            ...COMPACT_TABLE,
          });
          for (const s of r.byState)
            t.push([s.name, s.months, signed(s.net), signed(s.largest), s.largestMonth]);
          return `${r.series}: release ${r.from} → ${r.to}: ${r.revisedCells} state-months revised, net ${signed(r.netChange)}\n  files: ${r.files.from} → ${r.files.to}\n${t.toString()}\nBy month: ${r.byMonth.map((m) => `${m.month} ${signed(m.net)}`).join(', ')}`;
        })
        .join('\n\n'),
    );
  });

  home(
    cmd
      .command('breaks')
      .description(
        'trend breaks per state (level and slope change chosen by BIC) and months where a category’s share of violent deaths jumps',
      )
      .option('-s, --series <name>', 'series for trend breaks', 'homicidio-doloso'),
  ).action((opts: CommonOptions & { series: string }) => {
    const panel = loadPanel(opts);
    const breaks = trendBreaks(panel, { id: resolveSeriesId(panel, opts.series) });
    const jumps = shareJumps(panel);
    if (opts.json) return emit(JSON.stringify({ breaks, shareJumps: jumps }, null, 2));
    const t = new Table({
      head: ['place', 'month', 'level', 'trend/yr before → after', '/day before → after', 'ΔBIC'],
      ...COMPACT_TABLE,
    });
    for (const b of breaks) {
      t.push([
        b.name,
        b.month,
        percent(Math.expm1(b.levelShift), 'en', 0),
        `${percent(Math.expm1(b.trendBefore), 'en', 0)} → ${percent(Math.expm1(b.trendAfter), 'en', 0)}`,
        `${b.before.toFixed(1)} → ${b.after.toFixed(1)}`,
        b.deltaBic.toFixed(0),
      ]);
    }
    const j = new Table({
      head: ['place', 'category', 'month', 'share', 'previous 12 months'],
      ...COMPACT_TABLE,
    });
    for (const x of jumps.slice(0, 30)) {
      j.push([
        x.name,
        x.category.replace(/^sesnsp\.victims\./, ''),
        x.month,
        pct1(x.share),
        pct1(x.baseline),
      ]);
    }
    emit(
      [
        `Trend breaks in ${opts.series} (ΔBIC > 10): ${breaks.length}`,
        t.toString(),
        `\nShare jumps (persistent, > 4 robust SD and 2 points): ${jumps.length}${jumps.length > 30 ? ' (first 30; --json for all)' : ''}`,
        j.toString(),
      ].join('\n'),
    );
  });

  home(
    claimOptions(
      cmd
        .command('report')
        .description(
          'the whole audit as one self-contained HTML page (claim, reclassification, states, source gap, revisions, breaks)',
        ),
      false,
    ),
  )
    .option('-o, --out <file>', 'HTML file to write', 'audit.html')
    .option('--lang <en|es>', 'language of the page', oneOf('--lang', ['en', 'es'] as const), 'en')
    .action((opts: ClaimOptions & { out: string; lang: 'en' | 'es' }) => {
      const panel = loadPanel(opts);
      // Periods given replace the default claim (with the change given, if any); otherwise the default
      // claim's periods are checked for the series, place and basis given.
      if (opts.from && !opts.to)
        throw new UsageError('--from needs --to (the period the change is measured to)');
      const input = claimInput(opts);
      const claim: ClaimInput = opts.to
        ? input
        : {
            ...input,
            from: DEFAULT_CLAIM.from,
            to: DEFAULT_CLAIM.to,
            change: opts.change ?? DEFAULT_CLAIM.change,
          };
      const audit = buildAudit(panel, { claim });
      if (opts.json) return emit(JSON.stringify(audit, null, 2));
      emit(renderAuditReport(audit, { locale: opts.lang }), opts.out);
    });

  return cmd;
}

const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toLocaleString('en-US')}`;
const count = (v: number) => Math.round(v).toLocaleString('en-US');
const signedFixed = (v: number, digits: number) => `${v < 0 ? '−' : '+'}${Math.abs(v).toFixed(digits)}`;
const pct1 = (v: number) => `${(v * 100).toFixed(1)}%`;
