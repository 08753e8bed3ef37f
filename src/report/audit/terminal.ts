import Table from 'cli-table3';
import { BIC_THRESHOLD, type Break } from '../../audit/breaks.js';
import type { ClaimResult } from '../../audit/claim.js';
import { MATERIAL, type Reclassification } from '../../audit/reclassification.js';
import type { RevisionSummary } from '../../audit/revisions.js';
import type { ShareJump } from '../../audit/shares.js';
import { GAP_THRESHOLD, type SourceGap } from '../../audit/source-gap.js';
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
    'Caveats:',
    ...r.caveats.map((c) => `  - ${c}`),
  ]
    .filter(Boolean)
    .join('\n');
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
  const t = new Table({ head: ['year', 'SESNSP', 'INEGI', 'ratio'], ...COMPACT_TABLE });
  for (const y of gap.national) t.push([y.year, count(y.sesnsp), count(y.inegi), y.ratio.toFixed(3)]);
  const f = new Table({ head: ['state', 'year', 'ratio before → after', 'robust z'], ...COMPACT_TABLE });
  for (const x of gap.flags) {
    f.push([x.name, x.year, `${x.ratioBefore.toFixed(2)} → ${x.ratioAfter.toFixed(2)}`, signedFixed(x.z, 1)]);
  }
  return [
    `SESNSP (${gap.sesnsp.id}, ${gap.sesnsp.vintage}) vs INEGI (${gap.inegi.id}, ${gap.inegi.vintage}), national:`,
    t.toString(),
    `\nStates whose SESNSP/INEGI ratio moved unusually (|robust z| > ${GAP_THRESHOLD} of the yearly change in log ratio): ${gap.flags.length}`,
    gap.flags.length > 0 ? f.toString() : '',
  ]
    .filter(Boolean)
    .join('\n');
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

export function breaksText(breaks: Break[], jumps: ShareJump[], series: string): string {
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
  for (const x of jumps.slice(0, MAX_JUMPS)) {
    j.push([x.name, x.category.replace(/^sesnsp\.victims\./, ''), x.month, pct1(x.share), pct1(x.baseline)]);
  }
  return [
    `Trend breaks in ${series} (ΔBIC > ${BIC_THRESHOLD}): ${breaks.length}`,
    t.toString(),
    `\nShare jumps (persistent, > 4 robust SD and 2 points): ${jumps.length}${jumps.length > MAX_JUMPS ? ` (first ${MAX_JUMPS}; --json for all)` : ''}`,
    j.toString(),
  ].join('\n');
}

const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toLocaleString('en-US')}`;
const count = (v: number) => Math.round(v).toLocaleString('en-US');
const signedFixed = (v: number, digits: number) => `${v < 0 ? '−' : '+'}${Math.abs(v).toFixed(digits)}`;
const pct1 = (v: number) => `${(v * 100).toFixed(1)}%`;
