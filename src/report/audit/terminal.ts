import Table from 'cli-table3';
import {
  BIC_THRESHOLD,
  type Break,
  groupByPlace,
  MIN_SEGMENT,
  type PlaceBreaks,
} from '../../audit/breaks.js';
import type { AlternativeBase, BaseSensitivity, ClaimResult } from '../../audit/claim.js';
import { MATERIAL, type Reclassification } from '../../audit/reclassification.js';
import type { RevisionSummary } from '../../audit/revisions.js';
import type { ShareJump } from '../../audit/shares.js';
import { GAP_THRESHOLD, type PublishedYear, type SourceGap } from '../../audit/source-gap.js';
import { percent } from '../format.js';
import { COMPACT_TABLE } from '../table-style.js';

/**
 * The audit in the terminal: one plain-text view per `atalaya audit` subcommand (English; `--json` gives
 * the numbers, `audit report --lang es` the Spanish page).
 */

/** Share jumps listed in the terminal; `--json` has them all. */
const MAX_JUMPS = 30;

export function claimText(r: ClaimResult): string {
  const o = r.observed;
  const verdict =
    r.holds === null
      ? 'No claimed change given: observed change only.'
      : r.holds
        ? `The claim HOLDS: observed ${percent(o.change, 'en', 1)} vs claimed ${percent(r.claim.change!, 'en', 1)}.`
        : `The claim DOES NOT HOLD: observed ${percent(o.change, 'en', 1)} vs claimed ${percent(r.claim.change!, 'en', 1)}.`;
  const total = r.basis === 'monthly-total';
  const unit = total ? r.series.unit : `${r.series.unit} per day`;
  const value = (v: number) => (total ? count(v) : v.toFixed(1));
  return [
    `Claim: ${r.claim.text}`,
    `Observed (${r.series.id}, release ${r.series.vintage}, ${r.place.name}):`,
    `  ${o.from}: ${value(o.valueFrom)} ${unit}`,
    `  ${o.to}: ${value(o.valueTo)} ${unit}`,
    `  change: ${percent(o.change, 'en', 1)}`,
    verdict,
    r.incomplete.length > 0 ? `Incomplete months used: ${r.incomplete.join(', ')}` : '',
    r.sensitivity ? sensitivityText(r, r.sensitivity, value, unit) : '',
    'Caveats:',
    ...r.caveats.map((c) => `  - ${c}`),
  ]
    .filter(Boolean)
    .join('\n');
}

const BASE_NAMES: Record<AlternativeBase, string> = {
  'previous-3-months': '3 months before the base',
  'previous-12-months': '12 months before the base',
  'year-earlier': 'same months a year earlier',
};

/** The change against the alternative bases, and whether the claim depends on picking the base. */
function sensitivityText(
  r: ClaimResult,
  s: BaseSensitivity,
  value: (v: number) => string,
  unit: string,
): string {
  const claimed = r.claim.change !== null;
  const t = new Table({
    head: ['base', 'period', unit, 'change', 'vs stated', ...(claimed ? ['verdict'] : []), ''],
    ...COMPACT_TABLE,
  });
  t.push([
    'stated',
    r.observed.from,
    value(r.observed.valueFrom),
    percent(s.stated, 'en', 1),
    '',
    ...(claimed ? [r.holds ? 'holds' : 'does not hold'] : []),
    '',
  ]);
  for (const a of s.alternatives) {
    if (a.same) continue;
    if (a.change === undefined) {
      t.push([BASE_NAMES[a.kind], a.base, '–', 'outside the data', '', ...(claimed ? [''] : []), '']);
      continue;
    }
    t.push([
      BASE_NAMES[a.kind] + ((a.incomplete?.length ?? 0) > 0 ? ' *' : ''),
      a.base,
      value(a.valueBase!),
      percent(a.change, 'en', 1),
      `${signedFixed(a.difference! * 100, 1)} pts`,
      ...(claimed ? [a.holds ? 'holds' : 'does not hold'] : []),
      a.disagrees === 'direction' ? 'OTHER WAY' : a.disagrees === 'size' ? 'DIFFERS' : '',
    ]);
  }
  const margin = (s.margin * 100).toFixed(1);
  const verdict = s.sensitive
    ? `BASE-SENSITIVE: the figure depends on picking the base (an alternative goes the other way, or differs by more than ${margin} points).`
    : `Not base-sensitive: every alternative goes the same way, within ${margin} points (5 points or a quarter of the stated change).`;
  return [`Against other base periods:`, t.toString(), verdict].join('\n');
}

function placeReclassificationText(r: Reclassification): string {
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

/** One place's table, then (when given) every state ranked. */
export function reclassificationText(
  main: Reclassification,
  states: Reclassification[],
  from: string,
  to: string,
): string {
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
  const material = `at least ${MATERIAL.perDay} a day and ${Math.abs(MATERIAL.relative * 100)}%`;
  return [
    `Reclassification check, ${from} → ${to} (victims per day)`,
    placeReclassificationText(main),
    states.length > 0
      ? `\nBy state (material falls — ${material} — first, by offset share):\n${t.toString()}`
      : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function gapText(gap: SourceGap): string {
  const published = new Map((gap.published?.years ?? []).map((p) => [p.year, p]));
  const t = new Table({
    head: [
      'year',
      'SESNSP',
      'INEGI (file used)',
      'ratio',
      'INEGI published',
      'file short by',
      'ratio to published',
    ],
    ...COMPACT_TABLE,
  });
  for (const y of gap.national) {
    const p = published.get(y.year);
    t.push([
      y.year,
      count(y.sesnsp),
      count(y.inegi),
      y.ratio.toFixed(3),
      p ? count(p.published) : '–',
      p ? `${signed(p.shortfall)} (${percent(-p.relative, 'en', 1)})` : '–',
      p ? p.ratioPublished.toFixed(3) : '–',
    ]);
  }
  const f = new Table({ head: ['state', 'year', 'ratio before → after', 'robust z'], ...COMPACT_TABLE });
  for (const x of gap.flags) {
    f.push([x.name, x.year, `${x.ratioBefore.toFixed(2)} → ${x.ratioAfter.toFixed(2)}`, signedFixed(x.z, 1)]);
  }
  const source = (s: SourceGap['sesnsp']) =>
    `${s.id}, release ${s.vintage}${s.file ? `, file ${s.file}` : ''}${s.completeYears ? `; complete years ${span(s.completeYears)}` : ''}`;
  const shortfall = gap.published?.years ?? [];
  return [
    `SESNSP: ${source(gap.sesnsp)}`,
    `INEGI:  ${source(gap.inegi)}`,
    gap.inegi.note ? `        (${gap.inegi.note})` : '',
    `Compared: ${span(gap.years)}, the years complete in both (12 months of every state, none flagged incomplete).`,
    '',
    'National (sum of the states):',
    t.toString(),
    shortfall.length > 0 ? shortfallText(shortfall) : '',
    `\nStates whose SESNSP/INEGI ratio moved unusually (|robust z| > ${GAP_THRESHOLD} of the yearly change in log ratio): ${gap.flags.length}`,
    gap.flags.length > 0 ? f.toString() : '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

/** The shortfall of the INEGI file's national sums against the published totals, in one sentence. */
function shortfallText(years: PublishedYear[]): string {
  const short = years.filter((p) => p.shortfall > 0);
  const worst = years.reduce((a, b) => (b.relative < a.relative ? b : a));
  const over = years.filter((p) => p.shortfall < 0).map((p) => `${p.year} (${percent(p.relative, 'en', 1)})`);
  return (
    `The INEGI file used sums to less than INEGI's published national totals in ${short.length} of ${years.length} years, by up to ${percent(-worst.relative, 'en', 1).replace('+', '')} (${worst.year})` +
    `${over.length > 0 ? `; it is above them in ${listed(over)}` : ''}. It drops deaths whose month or place of occurrence is unknown, so the ratio to its sum overstates SESNSP's coverage by as much; the ratio to the published total is beside it.`
  );
}

/** "a", "a and b", "a, b and c". */
function listed(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');
}

/** "2015–2022", or a list when the years have gaps. */
function span(years: number[]): string {
  if (years.length === 0) return 'none';
  const contiguous = years.every((y, k) => k === 0 || y === years[k - 1] + 1);
  return contiguous ? `${years[0]}–${years.at(-1)}` : years.join(', ');
}

export function revisionsText(summaries: RevisionSummary[], series: string): string {
  if (summaries.length === 0) return `${series}: only one release imported; nothing to compare.`;
  return summaries
    .map((r) => {
      const t = new Table({ head: ['state', 'months revised', 'net', 'largest', 'in'], ...COMPACT_TABLE });
      for (const s of r.byState) t.push([s.name, s.months, signed(s.net), signed(s.largest), s.largestMonth]);
      return [
        `${r.series}: release ${r.from} → ${r.to}: ${r.revisedCells} state-months revised, net ${signed(r.netChange)}`,
        `  files: ${r.files.from} → ${r.files.to}`,
        t.toString(),
        `By month: ${r.byMonth.map((m) => `${m.month} ${signed(m.net)}`).join(', ')}`,
      ].join('\n');
    })
    .join('\n\n');
}

/**
 * Every break, grouped by place (the nation first, then the states by code) and ordered by month, then the
 * share jumps. `places` (what was fitted per place) adds the places without a break.
 */
export function breaksText(
  breaks: Break[],
  jumps: ShareJump[],
  series: string,
  places: PlaceBreaks[] = [],
): string {
  const t = new Table({
    head: [
      'place',
      'month',
      '95% interval',
      'level',
      'trend/yr before → after',
      '/day 12 months before → after',
      'ΔBIC',
    ],
    ...COMPACT_TABLE,
  });
  const groups = groupByPlace(breaks);
  for (const group of groups) {
    group.forEach((b, k) => {
      const iv = b.interval;
      t.push([
        k === 0 ? b.name : '',
        b.month,
        iv ? `${iv.from}..${iv.to}${iv.censored ? ' +' : ''}` : '',
        percent(Math.expm1(b.levelShift), 'en', 0),
        `${percent(Math.expm1(b.trendBefore), 'en', 0)} → ${percent(Math.expm1(b.trendAfter), 'en', 0)}`,
        `${b.before.toFixed(1)} → ${b.after.toFixed(1)}${(b.incompleteAfter?.length ?? 0) > 0 ? ' *' : ''}`,
        b.deltaBic.toFixed(0),
      ]);
    });
  }
  const without = places.filter((p) => p.m === 0).map((p) => p.name);
  const j = new Table({
    head: ['place', 'category', 'month', 'share', 'previous 12 months'],
    ...COMPACT_TABLE,
  });
  for (const x of jumps.slice(0, MAX_JUMPS)) {
    j.push([x.name, x.category.replace(/^sesnsp\.victims\./, ''), x.month, pct1(x.share), pct1(x.baseline)]);
  }
  const censored = breaks.some((b) => b.interval?.censored);
  const incomplete = breaks.some((b) => (b.incompleteAfter?.length ?? 0) > 0);
  return [
    `Trend breaks in ${series}: ${breaks.length} in ${groups.length} of ${places.length || groups.length} places (segments of at least ${MIN_SEGMENT} months; each break lowers the BIC by more than ${BIC_THRESHOLD})`,
    t.toString(),
    censored
      ? '+ the interval reaches the nearest month a break could be (a minimum segment from another break or the end of the data): it could be wider.'
      : '',
    incomplete ? '* the 12 months after include months the release flags as incomplete.' : '',
    without.length > 0 ? `No break: ${without.join(', ')}.` : '',
    `\nShare jumps (persistent, > 4 robust SD and 2 points): ${jumps.length}${jumps.length > MAX_JUMPS ? ` (first ${MAX_JUMPS}; --json for all)` : ''}`,
    j.toString(),
  ]
    .filter(Boolean)
    .join('\n');
}

const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toLocaleString('en-US')}`;
const count = (v: number) => Math.round(v).toLocaleString('en-US');
const signedFixed = (v: number, digits: number) => `${v < 0 ? '−' : '+'}${Math.abs(v).toFixed(digits)}`;
const pct1 = (v: number) => `${(v * 100).toFixed(1)}%`;
