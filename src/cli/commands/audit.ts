import { Command, InvalidArgumentError } from 'commander';
import { buildAudit, DEFAULT_CLAIM } from '../../audit/audit.js';
import { BIC_THRESHOLD, MIN_SEGMENT, trendBreakAnalysis } from '../../audit/breaks.js';
import { checkClaim } from '../../audit/claim.js';
import { auditClaimInput, type ClaimRequest, claimInput } from '../../audit/claim-request.js';
import { resolvePlace, resolveSeriesId } from '../../audit/measure.js';
import { parsePeriod } from '../../audit/periods.js';
import { reclassification, reclassificationByState } from '../../audit/reclassification.js';
import { revisionSummaries } from '../../audit/revisions.js';
import { shareJumps } from '../../audit/shares.js';
import { sourceGap } from '../../audit/source-gap.js';
import { atalayaHome } from '../../data/locate.js';
import { readPanel } from '../../data/panel/cache.js';
import type { Panel } from '../../data/panel/panel.js';
import { renderAuditReport } from '../../report/audit/page.js';
import {
  breaksText,
  claimText,
  gapText,
  reclassificationText,
  revisionsText,
} from '../../report/audit/terminal.js';
import { UsageError } from '../errors.js';
import { oneOf } from '../options.js';
import { emit } from '../output.js';

interface CommonOptions {
  home?: string;
  json?: boolean;
}

/** The claim options (see claimOptions) as commander parses them: the shared request, tolerance a fraction. */
type ClaimOptions = CommonOptions & ClaimRequest;

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

/** A whole number of at least `min`. */
function wholeAtLeast(name: string, min: number) {
  return (value: string): number => {
    const v = Number(value);
    if (!Number.isInteger(v) || v < min)
      throw new InvalidArgumentError(`${name} must be a whole number of at least ${min} (got "${value}")`);
    return v;
  };
}

/** A finite number ≥ 0. */
function nonNegative(name: string) {
  return (value: string): number => {
    const v = Number(value);
    if (value.trim() === '' || !Number.isFinite(v) || v < 0)
      throw new InvalidArgumentError(`${name} must be a number ≥ 0 (got "${value}")`);
    return v;
  };
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
      emit(opts.json ? JSON.stringify(result, null, 2) : claimText(result));
    });

  home(
    cmd
      .command('reclassification')
      .description(
        'compare the change in intentional homicide with the categories a death could move into, nationally or for one state, and for every state ranked',
      )
      .option('--from <period>', 'period measured from', DEFAULT_CLAIM.from!)
      .option('--to <period>', 'period measured to', DEFAULT_CLAIM.to)
      .option('--state <state>', 'one state (default: national, then every state ranked)'),
  ).action((opts: CommonOptions & { from: string; to: string; state?: string }) => {
    const panel = loadPanel(opts);
    const from = parsePeriod(opts.from, '--from');
    const to = parsePeriod(opts.to, '--to');
    const place = resolvePlace(opts.state);
    const main = reclassification(panel, place, from, to);
    const states = opts.state ? [] : reclassificationByState(panel, from, to);
    if (opts.json) return emit(JSON.stringify({ from: from.label, to: to.label, ...main, states }, null, 2));
    emit(reclassificationText(main, states, from.label, to.label));
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
    emit(gapText(gap));
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
    emit(revisionsText(summaries, opts.series));
  });

  home(
    cmd
      .command('breaks')
      .description(
        'every trend break per place (changes of level and slope: Bai–Perron segmentation, number of breaks by BIC) and months where a category’s share of violent deaths jumps',
      )
      .option('-s, --series <name>', 'series for trend breaks', 'homicidio-doloso')
      .option(
        '--min-segment <months>',
        `shortest segment between breaks, in months (at least ${MIN_SEGMENT})`,
        wholeAtLeast('--min-segment', MIN_SEGMENT),
        MIN_SEGMENT,
      )
      .option(
        '--penalty <bic>',
        'BIC each break must save beyond the plain criterion',
        nonNegative('--penalty'),
        BIC_THRESHOLD,
      ),
  ).action((opts: CommonOptions & { series: string; minSegment: number; penalty: number }) => {
    const panel = loadPanel(opts);
    const analysis = trendBreakAnalysis(panel, {
      id: resolveSeriesId(panel, opts.series),
      minSegment: opts.minSegment,
      penalty: opts.penalty,
    });
    const jumps = shareJumps(panel);
    if (opts.json) return emit(JSON.stringify({ ...analysis, shareJumps: jumps }, null, 2));
    emit(breaksText(analysis.breaks, jumps, opts.series, analysis.places));
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
      const claim = auditClaimInput(opts);
      const panel = loadPanel(opts);
      const audit = buildAudit(panel, { claim });
      if (opts.json) return emit(JSON.stringify(audit, null, 2));
      emit(renderAuditReport(audit, { locale: opts.lang }), opts.out);
    });

  return cmd;
}
