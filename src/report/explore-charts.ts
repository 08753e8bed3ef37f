import type {
  ExploreSummary,
  FactorInfo,
  OutcomeId,
  OutcomeInfo,
  PrimAnswer,
  PrimBox,
  SensitivityRow,
} from '../explore/types.js';
import { COLORS, escapeHtml, SVG_NS } from './charts.js';
import type { Locale } from './format.js';
import { FONT_FAMILY, MARGIN, round1 } from './svg-frame.js';

/**
 * The charts of `atalaya explore` as standalone SVG strings: the same functions draw the HTML report (Node)
 * and the Scenarios page's "How robust is this?" view (browser). They are plain string builders over an
 * `ExploreSummary`, with no DOM and no Plot figure, so they need no document and give the same bytes for the
 * same input (golden files under test/golden/). Every text that comes from the summary is escaped. Class
 * names carry an `ex-` prefix so that the CSS of the page around a chart (the report's `.subtitle`, `.note`)
 * cannot restyle its text.
 *
 * Text widths are estimated from the character count (no font metrics without a browser): titles and long
 * factor labels are wrapped on those estimates, with room to spare, so that nothing is cut off.
 *
 * @example
 * const svg = sensitivityChart(summary, { scenario: 'kingpin-targeting', outcome: 'homicides5y', locale: 'es' });
 */

export interface ChartOptions {
  locale?: Locale;
  /** SVG width in px (default 760). */
  width?: number;
}

const DEFAULT_WIDTH = 760;
const FONT = 11;
/**
 * Average advance of a character, as a share of the font size (bold a little wider): above that of Liberation
 * Sans and Segoe UI on ordinary text (about 0.45–0.5), so that estimated widths err on the wide side.
 */
const CHAR = 0.54;
const CHAR_BOLD = 0.6;
const TITLE_SIZE = 16;
const TITLE_LINE = 20;
const SUB_SIZE = 12;
const SUB_LINE = 16;
const INK = '#1a1a1a';
const MUTED = '#545454';
const GRID = '#e3e3e3';
const FULL_RANGE = '#d9d9d9';

const TEXT = {
  en: {
    sensTitle: (policy: string, outcome: string) => `${policy}: the assumptions that move ${outcome}`,
    sensMorris:
      'Morris μ*: mean absolute effect of moving the factor across its range (bar), with its bootstrap 95% interval',
    sensSobol:
      'Sobol indices: total effect ST (bar) and first-order effect S1 (dot), each with its bootstrap 95% interval',
    sensTop: (shown: number, all: number) => `the ${shown} most influential of ${all} factors`,
    assumptionNote: '* an Atalaya assumption (no published estimate)',
    noRows: 'No sensitivity indices for this policy and outcome.',
    st: 'ST (total)',
    s1: 'S1 (first order)',
    ci: '95% interval',
    muStar: 'μ*',
    matrixTitle: (outcome: string) => `How often one policy beats another: ${outcome}`,
    matrixSub:
      'Each cell: share of experiments in which the row’s policy gives a lower (better) value than the column’s',
    matrixColumns: 'Columns are numbered as the rows',
    regretTitle: (outcome: string) => `Regret: how far each policy falls from the best one, ${outcome}`,
    regretSub:
      'Regret in an experiment: the policy’s difference minus the best policy’s (status quo included)',
    regretMedian: 'median',
    regretP90: '90th percentile',
    regretMax: 'maximum',
    best: (share: string) => `best in ${share}`,
    primTitle: (question: string) => `Where it holds: ${question}`,
    primCaption: (box: number, coverage: string, density: string, base: string, mass: string) =>
      `Box ${box}: coverage ${coverage} (of the cases of interest, the share inside the box), density ${density} (of the experiments inside the box, the share of interest; ${base} overall), ${mass} of all experiments`,
    primFull: 'range explored',
    primBox: 'inside the box',
    primNone: 'The box restricts no factor.',
    primAgainst: (direction: 'lower' | 'higher', base: string) =>
      `${direction === 'lower' ? 'below' : 'above'} ${base}`,
    primThreshold: (direction: 'lower' | 'higher', threshold: string, base: string) =>
      `${direction === 'lower' ? 'below' : 'above'} ${threshold} against ${base}`,
    trajTitle: (question: string) => `The coverage–density trade-off: ${question}`,
    trajSub: (box: number) =>
      `Box ${box} as PRIM peeled it: each dot is a candidate box, from all the experiments (coverage 100%) to ever narrower ones, joined in order and coloured by the number of factors it restricts. PRIM takes the densest one that still covers enough of the cases (ringed), then widens and simplifies it into the final box (diamond).`,
    trajLater: (box: number) =>
      `Box ${box} was sought among the experiments outside the earlier boxes: the dots’ shares are among those; the final box’s and the base rate, among all the experiments.`,
    trajNone: 'This box has no peeling trajectory (a summary written before trajectories were recorded).',
    trajX: 'Coverage: share of the cases of interest inside the box →',
    trajY: '↑ Density: share of the box’s experiments that are cases of interest',
    trajFactors: (n: number) => (n === 1 ? '1 factor' : `${n} factors`),
    trajChosen: 'Chosen step',
    trajFinal: 'Final box',
    trajPoint: (coverage: string, density: string) => `coverage ${coverage}, density ${density}`,
    trajBase: (base: string) => `base rate ${base}`,
    trajRestricted: 'Factors restricted:',
    trajKeyChosen: 'chosen step',
    trajKeyFinal: 'final box (widened, simplified)',
    trajKeyBase: 'base rate (all experiments)',
  },
  es: {
    sensTitle: (policy: string, outcome: string) => `${policy}: los supuestos que mueven ${outcome}`,
    sensMorris:
      'μ* de Morris: efecto absoluto medio de mover el factor a lo largo de su rango (barra), con su intervalo bootstrap de 95%',
    sensSobol:
      'Índices de Sobol: efecto total ST (barra) y de primer orden S1 (punto), cada uno con su intervalo bootstrap de 95%',
    sensTop: (shown: number, all: number) => `los ${shown} factores más influyentes de ${all}`,
    assumptionNote: '* supuesto de Atalaya (sin estimación publicada)',
    noRows: 'No hay índices de sensibilidad para esta política y este resultado.',
    st: 'ST (total)',
    s1: 'S1 (primer orden)',
    ci: 'intervalo de 95%',
    muStar: 'μ*',
    matrixTitle: (outcome: string) => `Con qué frecuencia una política supera a otra: ${outcome}`,
    matrixSub:
      'Cada celda: proporción de experimentos en que la política de la fila da un valor menor (mejor) que la de la columna',
    matrixColumns: 'Las columnas llevan el número de las filas',
    regretTitle: (outcome: string) =>
      `Arrepentimiento: cuánto se aleja cada política de la mejor, ${outcome}`,
    regretSub:
      'Arrepentimiento en un experimento: la diferencia de la política menos la de la mejor (statu quo incluido)',
    regretMedian: 'mediana',
    regretP90: 'percentil 90',
    regretMax: 'máximo',
    best: (share: string) => `la mejor en ${share}`,
    primTitle: (question: string) => `Dónde se cumple: ${question}`,
    primCaption: (box: number, coverage: string, density: string, base: string, mass: string) =>
      `Caja ${box}: cobertura ${coverage} (de los casos de interés, la proporción dentro de la caja), densidad ${density} (de los experimentos dentro de la caja, la proporción de interés; ${base} en total), ${mass} de todos los experimentos`,
    primFull: 'rango explorado',
    primBox: 'dentro de la caja',
    primNone: 'La caja no restringe ningún factor.',
    primAgainst: (direction: 'lower' | 'higher', base: string) =>
      `${direction === 'lower' ? 'por debajo' : 'por encima'} del ${base}`,
    primThreshold: (direction: 'lower' | 'higher', threshold: string, base: string) =>
      `${direction === 'lower' ? 'por debajo' : 'por encima'} de ${threshold} respecto al ${base}`,
    trajTitle: (question: string) => `Cobertura frente a densidad: ${question}`,
    trajSub: (box: number) =>
      `La caja ${box} según la fue recortando PRIM: cada punto es una caja candidata, desde todos los experimentos (cobertura 100%) hasta otras cada vez más estrechas, unidas en orden y coloreadas según el número de factores que restringen. PRIM toma la más densa que aún cubre suficientes casos (con anillo) y luego la amplía y simplifica hasta la caja final (rombo).`,
    trajLater: (box: number) =>
      `La caja ${box} se buscó entre los experimentos fuera de las cajas anteriores: las proporciones de los puntos se refieren a ellos; las de la caja final y la tasa base, a todos los experimentos.`,
    trajNone:
      'Esta caja no tiene trayectoria de recorte (un resumen escrito antes de que se registraran las trayectorias).',
    trajX: 'Cobertura: proporción de los casos de interés dentro de la caja →',
    trajY: '↑ Densidad: proporción de los experimentos de la caja que son casos de interés',
    trajFactors: (n: number) => (n === 1 ? '1 factor' : `${n} factores`),
    trajChosen: 'Paso elegido',
    trajFinal: 'Caja final',
    trajPoint: (coverage: string, density: string) => `cobertura ${coverage}, densidad ${density}`,
    trajBase: (base: string) => `tasa base ${base}`,
    trajRestricted: 'Factores restringidos:',
    trajKeyChosen: 'paso elegido',
    trajKeyFinal: 'caja final (ampliada, simplificada)',
    trajKeyBase: 'tasa base (todos los experimentos)',
  },
} as const;

// ── Names and numbers shared with the report and the dashboard ──────────────────────────────────────────

function tag(locale: Locale): string {
  return locale === 'es' ? 'es-MX' : 'en-US';
}

/** A number with a fixed count of decimals in the locale ("1,234.5"; "–" when not finite). */
export function fixed(v: number, digits: number, locale: Locale): string {
  if (!Number.isFinite(v)) return '–';
  return v.toLocaleString(tag(locale), { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Three significant digits, for factor values whose units range from 1e-8 to 1e5. */
export function sig3(v: number, locale: Locale): string {
  if (!Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) {
    const [m, e] = v.toExponential(2).split('e');
    return `${fixed(Number(m), 2, locale)}×10${superscript(Number(e))}`;
  }
  return v.toLocaleString(tag(locale), { maximumSignificantDigits: 3 });
}

function superscript(n: number): string {
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return `${n < 0 ? '⁻' : ''}${[...String(Math.abs(n))].map((d) => digits[Number(d)]).join('')}`;
}

/** A share of experiments, whole percent ("38%"); "<1%" and ">99%" rather than a misleading 0% or 100%. */
export function share(x: number, locale: Locale): string {
  if (!Number.isFinite(x)) return '–';
  if (x > 0 && x < 0.005) return '<1%';
  if (x < 1 && x > 0.995) return '>99%';
  return `${fixed(x * 100, 0, locale)}%`;
}

/** An outcome's value without sign (regret, μ*): percent of the status quo, or the unit's number. */
export function outcomeAmount(v: number, outcome: OutcomeInfo | undefined, locale: Locale): string {
  if (!Number.isFinite(v)) return '–';
  if (!outcome || outcome.scale === 'relative') {
    const a = Math.abs(v * 100);
    return `${v < 0 ? '−' : ''}${fixed(a, a === 0 || a >= 10 ? 0 : 1, locale)}%`;
  }
  // Exactly zero (no members left to lose, say) without decimals: "0 persons", not "0.00 persons".
  const a = Math.abs(v);
  return `${v < 0 ? '−' : ''}${fixed(a, a === 0 ? 0 : a < 10 ? 2 : a < 100 ? 1 : 0, locale)} ${outcome.unit}`;
}

/** Trailing zeros of the decimals dropped ("0.50 US$ bn" → "0.5 US$ bn", "0.0%" → "0%"); both locales write a decimal point. */
function trimZeros(s: string): string {
  return s.replace(/(\.\d*?)0+(?=\D*$)/, '$1').replace(/\.(?=\D*$)/, '');
}

/** An axis tick in the outcome's units, without needless zeros. */
function axisAmount(v: number, outcome: OutcomeInfo | undefined, locale: Locale): string {
  return trimZeros(outcomeAmount(v, outcome, locale));
}

/** A difference against the status quo with its sign ("−12%", "+0.8 US$ bn"). */
export function outcomeChange(v: number, outcome: OutcomeInfo | undefined, locale: Locale): string {
  // JSON has no NaN: an unmeasured difference arrives as null, which Math.abs would turn into 0.
  if (!Number.isFinite(v)) return '–';
  const s = outcomeAmount(Math.abs(v), outcome, locale);
  if (!Number.isFinite(v) || /^[0.,]+(%|\s|$)/.test(s)) return s;
  return `${v < 0 ? '−' : '+'}${s}`;
}

/** The baseline's name when the summary does not list it among its scenarios (it lists the policies). */
const BASELINE_NAME = { en: 'Status quo', es: 'Statu quo' } as const;

export function scenarioName(summary: ExploreSummary, id: string, locale: Locale): string {
  const s = summary.scenarios.find((x) => x.id === id);
  if (!s && id === summary.baseline && id === 'status-quo') return BASELINE_NAME[locale];
  return (s && ((locale === 'es' && s.title_es) || s.title)) || id;
}

export function outcomeInfo(summary: ExploreSummary, id: OutcomeId): OutcomeInfo | undefined {
  return summary.outcomes.find((o) => o.id === id);
}

export function outcomeName(summary: ExploreSummary, id: OutcomeId, locale: Locale): string {
  return outcomeInfo(summary, id)?.label[locale] ?? id;
}

export function factorInfo(summary: ExploreSummary, id: string): FactorInfo | undefined {
  return summary.factors.find((f) => f.id === id);
}

/** Homicides at 5 years when the summary has it (the report's headline), else the first outcome it has. */
export function headlineOutcome(summary: ExploreSummary): OutcomeId | undefined {
  const present = new Set<OutcomeId>([
    ...summary.robustness.map((r) => r.outcome),
    ...summary.regret.map((r) => r.outcome),
    ...summary.sensitivity.map((r) => r.outcome),
  ]);
  const order: OutcomeId[] = ['homicides5y', 'homicides10y', 'homicides3y', 'homicides1y'];
  return (
    order.find((o) => present.has(o)) ??
    summary.outcomes.map((o) => o.id).find((o) => present.has(o)) ??
    [...present][0]
  );
}

/** The policies compared with the status quo, in the summary's order. */
export function policyIds(summary: ExploreSummary): string[] {
  return summary.scenarios.map((s) => s.id).filter((id) => id !== summary.baseline);
}

export type SensitivityIndex = 'morris' | 'sobol';

/** Sobol when the rows have total indices (and the design was Sobol's, or there is no μ*), else Morris. */
export function sensitivityIndex(summary: ExploreSummary, rows: SensitivityRow[]): SensitivityIndex {
  const hasST = rows.some((r) => Number.isFinite(r.ST));
  const hasMu = rows.some((r) => Number.isFinite(r.muStar));
  if (hasST && (summary.method === 'sobol' || !hasMu)) return 'sobol';
  return 'morris';
}

/** A policy's factors for one outcome, most influential first (μ* or ST), ties by the design's order. */
export function rankedFactors(
  summary: ExploreSummary,
  scenario: string,
  outcome: OutcomeId,
  index: SensitivityIndex = sensitivityIndex(
    summary,
    summary.sensitivity.filter((r) => r.scenario === scenario && r.outcome === outcome),
  ),
): SensitivityRow[] {
  const key = (r: SensitivityRow) => (index === 'sobol' ? r.ST : r.muStar) ?? Number.NaN;
  const order = (id: string) => summary.parameters.indexOf(id);
  return summary.sensitivity
    .filter((r) => r.scenario === scenario && r.outcome === outcome && Number.isFinite(key(r)))
    .sort((a, b) => key(b) - key(a) || order(a.parameter) - order(b.parameter));
}

// ── Layout helpers ────────────────────────────────────────────────────────────────────────────────────

/** Greedy word wrap to `max` characters a line; a word longer than a line is cut where it must be. */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  // Only plain spaces break: a no-break space keeps a marker (" *") with its word.
  for (const word of text.split(/[ \t\n]+/).filter(Boolean)) {
    let w = word;
    while ([...w].length > max) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push([...w].slice(0, max).join(''));
      w = [...w].slice(max).join('');
    }
    const next = line ? `${line} ${w}` : w;
    if ([...next].length > max && line) {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/**
 * A last line of one short word ("5" of "Homicides, year 5") takes the word before it along, when the line
 * above keeps at least two words and the last line still fits in `max` characters.
 */
export function withoutOrphan(lines: string[], max: number): string[] {
  const out = [...lines];
  const last = out.at(-1) ?? '';
  if (out.length < 2 || last.includes(' ') || [...last].length > 10) return out;
  const words = out[out.length - 2].split(' ');
  const moved = `${words.at(-1)} ${last}`;
  if (words.length < 3 || [...moved].length > max) return out;
  out[out.length - 2] = words.slice(0, -1).join(' ');
  out[out.length - 1] = moved;
  return out;
}

function charsFit(px: number, size: number, bold = false): number {
  return Math.max(8, Math.floor(px / (size * (bold ? CHAR_BOLD : CHAR))));
}

function textWidth(text: string, size = FONT): number {
  return [...text].length * size * CHAR;
}

/** The top of a chart: title lines (bold), then subtitle lines; returns the markup and the height used. */
function heading(width: number, title: string, subtitles: string[]): { markup: string; height: number } {
  const inner = width - 2 * MARGIN;
  const parts: string[] = [];
  let y = MARGIN + TITLE_SIZE - 2;
  for (const line of withoutOrphan(
    wrap(title, charsFit(inner, TITLE_SIZE, true)),
    charsFit(inner, TITLE_SIZE, true),
  )) {
    parts.push(
      `<text class="ex-title" x="${MARGIN}" y="${y}" font-size="${TITLE_SIZE}" font-weight="700" fill="${INK}">${escapeHtml(line)}</text>`,
    );
    y += TITLE_LINE;
  }
  y += 2;
  for (const sub of subtitles) {
    for (const line of withoutOrphan(wrap(sub, charsFit(inner, SUB_SIZE)), charsFit(inner, SUB_SIZE))) {
      parts.push(
        `<text class="ex-subtitle" x="${MARGIN}" y="${y - 4}" font-size="${SUB_SIZE}" fill="${MUTED}">${escapeHtml(line)}</text>`,
      );
      y += SUB_LINE;
    }
  }
  return { markup: parts.join(''), height: y - TITLE_SIZE + 8 };
}

function svgDocument(width: number, height: number, title: string, body: string): string {
  const h = Math.ceil(height);
  return (
    `<svg xmlns="${SVG_NS}" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" role="img" ` +
    `aria-label="${escapeHtml(title)}" font-family="${escapeHtml(FONT_FAMILY)}" font-size="${FONT}">` +
    `<title>${escapeHtml(title)}</title>` +
    `<rect width="${width}" height="${h}" fill="#ffffff"></rect>${body}</svg>`
  );
}

/** Multi-line text: one <tspan> a line, the block centred on `y`. */
function lines(x: number, y: number, text: string[], attrs: string, lineHeight = 13): string {
  const top = y - ((text.length - 1) * lineHeight) / 2;
  return `<text x="${round1(x)}" y="${round1(top + 4)}" ${attrs}>${text
    .map((t, k) => `<tspan x="${round1(x)}" dy="${k === 0 ? 0 : lineHeight}">${escapeHtml(t)}</tspan>`)
    .join('')}</text>`;
}

/** Round ticks covering [lo, hi]: 1, 2 or 5 × a power of ten, about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  }
  return ticks;
}

/**
 * `niceTicks`, plus one tick when the data run on past the last by more than a tenth of a step: otherwise a
 * bar or an interval would reach far beyond the axis's last label and grid line.
 */
function coveringTicks(lo: number, hi: number, count = 5): number[] {
  const ticks = niceTicks(lo, hi, count);
  if (ticks.length < 2) return ticks;
  const step = ticks[1] - ticks[0];
  const last = ticks.at(-1)!;
  if (hi - last > step * 0.1) ticks.push(Number((last + step).toPrecision(12)));
  return ticks;
}

function linear(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v: number) => round1(r0 + (v - d0) * k);
}

/** A bottom axis with grid lines over the plot's height. */
function xAxis(
  ticks: number[],
  x: (v: number) => number,
  top: number,
  bottom: number,
  format: (v: number) => string,
): string {
  return ticks
    .map(
      (t) =>
        `<line x1="${x(t)}" x2="${x(t)}" y1="${top}" y2="${bottom}" stroke="${t === 0 ? '#9a9a9a' : GRID}"></line>` +
        `<text x="${x(t)}" y="${bottom + 14}" text-anchor="middle" fill="${MUTED}">${escapeHtml(format(t))}</text>`,
    )
    .join('');
}

// ── Sensitivity ───────────────────────────────────────────────────────────────────────────────────────

export interface SensitivityChartOptions extends ChartOptions {
  scenario: string;
  outcome: OutcomeId;
  /** Factors shown, most influential first (default 10). */
  top?: number;
  /** Which indices to draw (default: Sobol's when the rows have them and the design was Sobol's). */
  index?: SensitivityIndex;
}

const ROW = 30;
const BAR = 12;

/**
 * The factors that move one policy's difference against the status quo on one outcome, most influential
 * first: Morris μ* with its bootstrap interval, or Sobol ST as a bar and S1 as a dot, each with its interval.
 * Factor labels are wrapped on two lines at most, in a column as wide as they need (up to 40% of the chart).
 */
export function sensitivityChart(summary: ExploreSummary, options: SensitivityChartOptions): string {
  const locale = options.locale ?? 'en';
  const width = options.width ?? DEFAULT_WIDTH;
  const T = TEXT[locale];
  const all = summary.sensitivity.filter(
    (r) => r.scenario === options.scenario && r.outcome === options.outcome,
  );
  const index = options.index ?? sensitivityIndex(summary, all);
  const ranked = rankedFactors(summary, options.scenario, options.outcome, index);
  const rows = ranked.slice(0, options.top ?? 10);
  const outcome = outcomeInfo(summary, options.outcome);
  const title = T.sensTitle(
    scenarioName(summary, options.scenario, locale),
    outcomeName(summary, options.outcome, locale),
  );
  const subtitle = [
    `${index === 'sobol' ? T.sensSobol : T.sensMorris}; ${T.sensTop(rows.length, ranked.length)}.`,
  ];
  const head = heading(width, title, subtitle);
  if (rows.length === 0) {
    const body = `${head.markup}<text x="${MARGIN}" y="${head.height + 14}" fill="${MUTED}">${escapeHtml(T.noRows)}</text>`;
    return svgDocument(width, head.height + 30, title, body);
  }

  const labelOf = (r: SensitivityRow) => {
    const f = factorInfo(summary, r.parameter);
    return `${f?.label ?? r.parameter}${f?.assumption ? '\u00a0*' : ''}`;
  };
  const labelMax = Math.floor((width - 2 * MARGIN) * 0.4);
  const perLine = charsFit(labelMax, FONT);
  const wrapped = rows.map((r) => wrap(labelOf(r), perLine).slice(0, 2));
  // A label longer than two lines loses its end; the factors table of the report has it whole.
  wrapped.forEach((w, k) => {
    const full = wrap(labelOf(rows[k]), perLine);
    if (full.length > 2) w[1] = `${[...w[1]].slice(0, perLine - 1).join('')}…`;
  });
  const labelWidth = Math.min(labelMax, Math.max(...wrapped.flat().map((l) => textWidth(l))) + 10);
  const x0 = MARGIN + labelWidth;
  const valueRoom = 52;
  const x1 = width - MARGIN - valueRoom;

  const v = (r: SensitivityRow) => {
    if (index === 'sobol') {
      return {
        main: r.ST ?? Number.NaN,
        lo: r.ST_low ?? r.ST ?? Number.NaN,
        hi: r.ST_high ?? r.ST ?? Number.NaN,
        dot: r.S1,
        dotLo: r.S1_low ?? r.S1,
        dotHi: r.S1_high ?? r.S1,
      };
    }
    const conf = r.muStarConf ?? 0;
    return {
      main: r.muStar ?? Number.NaN,
      // μ* is a mean of absolute values: its interval stops at zero.
      lo: Math.max(0, (r.muStar ?? Number.NaN) - conf),
      hi: (r.muStar ?? Number.NaN) + conf,
    };
  };
  const values = rows.map(v);
  const finite = (xs: (number | undefined)[]) => xs.filter((x): x is number => Number.isFinite(x));
  const lo = Math.min(0, ...finite(values.flatMap((d) => [d.lo, d.dotLo])));
  const hi = Math.max(1e-9, ...finite(values.flatMap((d) => [d.hi, d.main, d.dotHi])));
  const ticks = coveringTicks(lo, hi, 5);
  const domain: [number, number] = [Math.min(lo, ticks[0]), Math.max(hi, ticks.at(-1)!)];
  const x = linear(domain, [x0, x1]);
  const fmt = (n: number) => (index === 'sobol' ? fixed(n, 2, locale) : outcomeAmount(n, outcome, locale));
  const tickFmt = (n: number) =>
    index === 'sobol' ? trimZeros(fixed(n, 2, locale)) : axisAmount(n, outcome, locale);

  const top = head.height + 8;
  const bottom = top + rows.length * ROW;
  const parts: string[] = [head.markup, xAxis(ticks, x, top, bottom, tickFmt)];
  rows.forEach((r, k) => {
    const cy = top + k * ROW + ROW / 2;
    const d = values[k];
    parts.push(
      `<g class="ex-factor" data-factor="${escapeHtml(r.parameter)}">`,
      lines(x0 - 8, cy, wrapped[k], `text-anchor="end" fill="${INK}"`),
    );
    if (Number.isFinite(d.main)) {
      const [a, b] = [x(Math.min(0, d.main)), x(Math.max(0, d.main))];
      parts.push(
        `<rect x="${a}" y="${round1(cy - BAR / 2)}" width="${round1(Math.max(0.5, b - a))}" height="${BAR}" fill="${COLORS.band}" fill-opacity="0.55"></rect>`,
      );
    }
    if (Number.isFinite(d.lo) && Number.isFinite(d.hi)) {
      parts.push(
        `<line class="ex-ci" x1="${x(d.lo)}" x2="${x(d.hi)}" y1="${cy}" y2="${cy}" stroke="${COLORS.median}" stroke-width="1.5"></line>`,
        `<line x1="${x(d.lo)}" x2="${x(d.lo)}" y1="${cy - 4}" y2="${cy + 4}" stroke="${COLORS.median}" stroke-width="1.5"></line>`,
        `<line x1="${x(d.hi)}" x2="${x(d.hi)}" y1="${cy - 4}" y2="${cy + 4}" stroke="${COLORS.median}" stroke-width="1.5"></line>`,
      );
    }
    if (d.dot !== undefined && Number.isFinite(d.dot)) {
      const dy = cy + BAR / 2 + 3;
      if (Number.isFinite(d.dotLo) && Number.isFinite(d.dotHi)) {
        parts.push(
          `<line class="ex-ci-s1" x1="${x(d.dotLo!)}" x2="${x(d.dotHi!)}" y1="${dy}" y2="${dy}" stroke="${COLORS.higher}" stroke-width="1"></line>`,
        );
      }
      parts.push(
        `<circle class="ex-s1" cx="${x(d.dot)}" cy="${dy}" r="3.5" fill="${COLORS.higher}" stroke="#ffffff" stroke-width="0.8"></circle>`,
      );
    }
    const end = Math.max(d.hi, d.main, d.dotHi ?? Number.NEGATIVE_INFINITY);
    parts.push(
      `<text class="ex-value" x="${round1(Math.min(x1, x(end)) + 6)}" y="${cy + 4}" fill="${INK}">${escapeHtml(fmt(d.main))}</text>`,
      '</g>',
    );
  });

  // Legend and the assumption note under the axis.
  let y = bottom + 34;
  const key: string[] = [];
  let kx = MARGIN;
  const item = (swatch: string, text: string) => {
    key.push(
      `<g transform="translate(${round1(kx)},${y - 9})">${swatch}<text x="26" y="10" fill="${MUTED}">${escapeHtml(text)}</text></g>`,
    );
    kx += 26 + textWidth(text) + 18;
  };
  item(
    `<rect x="0" y="2" width="20" height="9" fill="${COLORS.band}" fill-opacity="0.55"></rect>`,
    index === 'sobol' ? T.st : T.muStar,
  );
  item(`<line x1="0" x2="20" y1="6.5" y2="6.5" stroke="${COLORS.median}" stroke-width="1.5"></line>`, T.ci);
  if (index === 'sobol') {
    item(`<circle cx="10" cy="6.5" r="3.5" fill="${COLORS.higher}"></circle>`, T.s1);
  }
  parts.push(`<g class="ex-legend">${key.join('')}</g>`);
  if (rows.some((r) => factorInfo(summary, r.parameter)?.assumption)) {
    y += 18;
    parts.push(
      `<text class="ex-note" x="${MARGIN}" y="${y}" fill="${MUTED}">${escapeHtml(T.assumptionNote)}</text>`,
    );
  }
  return svgDocument(width, y + MARGIN, title, parts.join(''));
}

// ── Robustness of the ranking ─────────────────────────────────────────────────────────────────────────

export interface RobustnessMatrixOptions extends ChartOptions {
  outcome: OutcomeId;
}

/** The colour a share `t` of the way from `a` to `b` (both "#rrggbb"). */
function mix(a: string, b: string, t: number): string {
  const ch = (s: string, i: number) => Number.parseInt(s.slice(1 + 2 * i, 3 + 2 * i), 16);
  return `#${[0, 1, 2]
    .map((i) =>
      Math.round(ch(a, i) + (ch(b, i) - ch(a, i)) * t)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** Red (row worse) through white (a toss-up) to blue (row better), for a share in [0, 1]. */
export function shareColor(v: number): string {
  const t = Math.min(1, Math.max(0, v));
  return t < 0.5 ? mix(COLORS.higher, '#f7f7f7', t / 0.5) : mix('#f7f7f7', COLORS.lower, (t - 0.5) / 0.5);
}

/** The scenarios of a set of rows: the baseline first, then the summary's order, then any others as met. */
export function orderedIds(summary: ExploreSummary, ids: Iterable<string>): string[] {
  const seen = new Set(ids);
  const known = [summary.baseline, ...summary.scenarios.map((s) => s.id)].filter(
    (id, k, all) => seen.has(id) && all.indexOf(id) === k,
  );
  return [...known, ...[...seen].filter((id) => !known.includes(id))];
}

/**
 * A heat map of the pairwise comparisons on one outcome: row a, column b, the share of experiments in which
 * a's difference against the status quo is lower than b's, printed as a percentage. Columns carry the rows'
 * numbers, so that long policy names are never squeezed over a narrow column.
 */
export function robustnessMatrix(summary: ExploreSummary, options: RobustnessMatrixOptions): string {
  const locale = options.locale ?? 'en';
  const width = options.width ?? DEFAULT_WIDTH;
  const T = TEXT[locale];
  const rows = summary.robustness.filter((r) => r.outcome === options.outcome);
  const cell = new Map(rows.map((r) => [`${r.a}\u0000${r.b}`, r.shareABetter]));
  // Rows and columns from the most to the least robust option: the mean share of options it beats.
  const listed = orderedIds(
    summary,
    rows.flatMap((r) => [r.a, r.b]),
  );
  const strength = (a: string) => {
    const shares = listed.flatMap((b) => (a === b ? [] : [cell.get(`${a}\u0000${b}`) ?? 0]));
    return shares.reduce((x, y) => x + y, 0) / Math.max(1, shares.length);
  };
  const ids = [...listed].sort((a, b) => strength(b) - strength(a));
  const title = T.matrixTitle(outcomeName(summary, options.outcome, locale));
  const n = ids.length;
  const labelMax = Math.floor((width - 2 * MARGIN) * 0.42);
  const perLine = charsFit(labelMax, FONT);
  const names = ids.map((id, k) =>
    wrap(`${k + 1}. ${scenarioName(summary, id, locale)}`, perLine).slice(0, 2),
  );
  const labelWidth = Math.min(labelMax, Math.max(40, ...names.flat().map((l) => textWidth(l))) + 12);
  const cellW = Math.max(40, Math.min(90, Math.floor((width - 2 * MARGIN - labelWidth) / Math.max(1, n))));
  // Many options: the chart grows wider rather than cutting off the last columns.
  const total = Math.max(width, 2 * MARGIN + labelWidth + n * cellW);
  const head = heading(total, title, [T.matrixSub]);
  const cellH = 34;
  const x0 = MARGIN + labelWidth;
  const top = head.height + 22;
  const parts: string[] = [head.markup];
  ids.forEach((_, j) => {
    parts.push(
      `<text class="ex-col" x="${round1(x0 + j * cellW + cellW / 2)}" y="${top - 8}" text-anchor="middle" font-weight="600" fill="${INK}">${j + 1}</text>`,
    );
  });
  ids.forEach((a, i) => {
    const y = top + i * cellH;
    parts.push(lines(x0 - 8, y + cellH / 2, names[i], `text-anchor="end" fill="${INK}"`));
    ids.forEach((b, j) => {
      const x = x0 + j * cellW;
      const value = cell.get(`${a}\u0000${b}`);
      if (a === b || value === undefined || !Number.isFinite(value)) {
        parts.push(
          `<rect x="${x}" y="${y}" width="${cellW - 2}" height="${cellH - 2}" fill="#f0f0f0"></rect>`,
          `<text x="${round1(x + (cellW - 2) / 2)}" y="${y + cellH / 2 + 3}" text-anchor="middle" fill="#9a9a9a">–</text>`,
        );
        return;
      }
      const light = Math.abs(value - 0.5) > 0.32;
      parts.push(
        `<g class="ex-cell" data-a="${escapeHtml(a)}" data-b="${escapeHtml(b)}">`,
        `<rect x="${x}" y="${y}" width="${cellW - 2}" height="${cellH - 2}" fill="${shareColor(value)}"></rect>`,
        `<text x="${round1(x + (cellW - 2) / 2)}" y="${y + cellH / 2 + 3}" text-anchor="middle" font-weight="600" fill="${light ? '#ffffff' : INK}">${escapeHtml(share(value, locale))}</text>`,
        '</g>',
      );
    });
  });
  let y = top + n * cellH + 18;
  parts.push(
    `<text class="ex-note" x="${MARGIN}" y="${y}" fill="${MUTED}">${escapeHtml(T.matrixColumns)}</text>`,
  );
  // The colour key: five steps from "never" to "always".
  y += 14;
  [0, 0.25, 0.5, 0.75, 1].forEach((v, k) => {
    const x = MARGIN + k * 58;
    parts.push(
      `<rect x="${x}" y="${y}" width="54" height="14" fill="${shareColor(v)}" stroke="#d0d0d0" stroke-width="0.5"></rect>`,
      `<text x="${x + 27}" y="${y + 26}" text-anchor="middle" fill="${MUTED}">${escapeHtml(share(v, locale))}</text>`,
    );
  });
  y += 30;
  return svgDocument(total, y + MARGIN, title, parts.join(''));
}

// ── Regret ────────────────────────────────────────────────────────────────────────────────────────────

export interface RegretChartOptions extends ChartOptions {
  outcome: OutcomeId;
}

/**
 * Regret distributions on one outcome, one row per policy (status quo included), least regret first: a bar
 * to the 90th percentile, a dot at the median, a tick at the maximum, and the share of experiments in which
 * the policy is the best.
 */
export function regretChart(summary: ExploreSummary, options: RegretChartOptions): string {
  const locale = options.locale ?? 'en';
  const width = options.width ?? DEFAULT_WIDTH;
  const T = TEXT[locale];
  const outcome = outcomeInfo(summary, options.outcome);
  const order = orderedIds(
    summary,
    summary.regret.map((r) => r.scenario),
  );
  const rows = summary.regret
    .filter((r) => r.outcome === options.outcome)
    .sort((a, b) => a.p90 - b.p90 || a.p50 - b.p50 || order.indexOf(a.scenario) - order.indexOf(b.scenario));
  const title = T.regretTitle(outcomeName(summary, options.outcome, locale));
  const head = heading(width, title, [T.regretSub]);
  const labelMax = Math.floor((width - 2 * MARGIN) * 0.36);
  const perLine = charsFit(labelMax, FONT);
  const names = rows.map((r) => wrap(scenarioName(summary, r.scenario, locale), perLine).slice(0, 2));
  const labelWidth = Math.min(labelMax, Math.max(40, ...names.flat().map((l) => textWidth(l))) + 10);
  const bestTexts = rows.map((r) => T.best(share(r.shareBest, locale)));
  const bestRoom = Math.max(...bestTexts.map((t) => textWidth(t)), 40) + 12;
  const x0 = MARGIN + labelWidth;
  const x1 = width - MARGIN - bestRoom;
  const hi = Math.max(1e-9, ...rows.map((r) => r.max).filter(Number.isFinite));
  const ticks = coveringTicks(0, hi, 5);
  const x = linear([0, Math.max(hi, ticks.at(-1)!)], [x0, x1]);
  const top = head.height + 8;
  const bottom = top + Math.max(1, rows.length) * ROW;
  const parts: string[] = [head.markup, xAxis(ticks, x, top, bottom, (v) => axisAmount(v, outcome, locale))];
  rows.forEach((r, k) => {
    const cy = top + k * ROW + ROW / 2;
    parts.push(
      `<g class="ex-regret" data-scenario="${escapeHtml(r.scenario)}">`,
      lines(x0 - 8, cy, names[k], `text-anchor="end" fill="${INK}"`),
      `<line x1="${x(0)}" x2="${x(r.max)}" y1="${cy}" y2="${cy}" stroke="#9a9a9a" stroke-width="1"></line>`,
      `<rect x="${x(0)}" y="${cy - 5}" width="${round1(Math.max(0.5, x(r.p90) - x(0)))}" height="10" fill="${COLORS.band}" fill-opacity="0.35"></rect>`,
      `<line x1="${x(r.max)}" x2="${x(r.max)}" y1="${cy - 6}" y2="${cy + 6}" stroke="${INK}" stroke-width="1.5"></line>`,
      `<circle cx="${x(r.p50)}" cy="${cy}" r="4.5" fill="${COLORS.median}" stroke="#ffffff" stroke-width="1"></circle>`,
      `<text class="ex-best" x="${round1(x1 + 12)}" y="${cy + 4}" fill="${INK}">${escapeHtml(bestTexts[k])}</text>`,
      '</g>',
    );
  });
  const y = bottom + 34;
  let kx = MARGIN;
  const key: string[] = [];
  const item = (swatch: string, text: string) => {
    key.push(
      `<g transform="translate(${round1(kx)},${y - 9})">${swatch}<text x="26" y="10" fill="${MUTED}">${escapeHtml(text)}</text></g>`,
    );
    kx += 26 + textWidth(text) + 18;
  };
  item(`<circle cx="10" cy="6.5" r="4" fill="${COLORS.median}"></circle>`, T.regretMedian);
  item(
    `<rect x="0" y="2" width="20" height="9" fill="${COLORS.band}" fill-opacity="0.35"></rect>`,
    T.regretP90,
  );
  item(`<line x1="10" x2="10" y1="1" y2="12" stroke="${INK}" stroke-width="1.5"></line>`, T.regretMax);
  parts.push(`<g class="ex-legend">${key.join('')}</g>`);
  return svgDocument(width, y + MARGIN, title, parts.join(''));
}

// ── PRIM boxes ────────────────────────────────────────────────────────────────────────────────────────

export interface PrimChartOptions extends ChartOptions {
  /** Index of the question in `summary.prim`. */
  question: number;
  /** Index of the box in the question's peeling trajectory (default 0, the first box). */
  box?: number;
}

/**
 * A PRIM question in the reader's language, from its fields rather than the summary's English sentence:
 * "Kingpin targeting: Homicides, first 5 years, below the status quo".
 */
export function primQuestion(summary: ExploreSummary, answer: PrimAnswer, locale: Locale): string {
  const T = TEXT[locale];
  const outcome = outcomeInfo(summary, answer.outcome);
  const base = scenarioName(summary, summary.baseline, locale);
  const where =
    answer.threshold === 0
      ? T.primAgainst(answer.direction, base)
      : T.primThreshold(answer.direction, trimZeros(outcomeChange(answer.threshold, outcome, locale)), base);
  return `${scenarioName(summary, answer.scenario, locale)}: ${outcomeName(summary, answer.outcome, locale)}, ${where}`;
}

/** The caption of a PRIM box: coverage, density against the base rate, mass. */
export function primCaption(answer: PrimAnswer, box: PrimBox, k: number, locale: Locale): string {
  return TEXT[locale].primCaption(
    k + 1,
    share(box.coverage, locale),
    share(box.density, locale),
    share(answer.baseRate, locale),
    share(box.mass, locale),
  );
}

/**
 * One PRIM box: for each factor the box restricts, a "range bar": the factor's explored range (grey, its 5%
 * to 95% values) and the box's [lo, hi] over it (blue), with both ends written out in the factor's units.
 */
export function primBoxChart(summary: ExploreSummary, options: PrimChartOptions): string {
  const locale = options.locale ?? 'en';
  const width = options.width ?? DEFAULT_WIDTH;
  const T = TEXT[locale];
  const answer = summary.prim[options.question];
  if (!answer)
    throw new Error(`no PRIM question ${options.question} (the summary has ${summary.prim.length})`);
  const k = options.box ?? 0;
  const box = answer.boxes[k];
  if (!box) throw new Error(`no box ${k} for the question "${answer.question}"`);
  const title = T.primTitle(primQuestion(summary, answer, locale));
  const head = heading(width, title, [primCaption(answer, box, k, locale)]);
  const order = (id: string) => {
    const i = summary.parameters.indexOf(id);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const restricted = Object.entries(box.limits).sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b));
  const labelMax = Math.floor((width - 2 * MARGIN) * 0.4);
  const perLine = charsFit(labelMax, FONT);
  const labelOf = (id: string) => {
    const f = factorInfo(summary, id);
    return `${f?.label ?? id}${f?.assumption ? '\u00a0*' : ''}`;
  };
  const names = restricted.map(([id]) => wrap(labelOf(id), perLine).slice(0, 3));
  const labelWidth = Math.min(labelMax, Math.max(40, ...names.flat().map((l) => textWidth(l))) + 10);
  // Ends of the range below the bar, the box's own ends above it: nothing reaches into the label column.
  const x0 = MARGIN + labelWidth + 12;
  const x1 = width - MARGIN - 12;
  const rowH = 52;
  const top = head.height + 8;
  const parts: string[] = [head.markup];
  if (restricted.length === 0) {
    parts.push(`<text x="${MARGIN}" y="${top + 14}" fill="${MUTED}">${escapeHtml(T.primNone)}</text>`);
  }
  restricted.forEach(([id, [lo, hi]], i) => {
    const f = factorInfo(summary, id);
    const low = f?.low ?? lo;
    const high = f?.high ?? hi;
    const domain: [number, number] = [Math.min(low, lo), Math.max(high, hi)];
    if (domain[1] === domain[0]) domain[1] = domain[0] + 1;
    const x = linear(domain, [x0, x1]);
    const cy = top + i * rowH + rowH / 2;
    const tolerance = Math.abs(high - low) * 1e-3;
    const narrow = x(hi) - x(lo) < 70;
    const boxEnd = (v: number, anchor: 'start' | 'middle' | 'end') =>
      `<text x="${x(v)}" y="${cy - 11}" text-anchor="${anchor}" fill="${COLORS.median}" font-weight="600">${escapeHtml(sig3(v, locale))}</text>`;
    // Only the ends the box moves are labelled: an end at the range's own end restricts nothing.
    const ends =
      hi - lo <= tolerance
        ? [boxEnd(lo, 'middle')]
        : [
            lo > low + tolerance ? boxEnd(lo, narrow ? 'end' : 'start') : '',
            hi < high - tolerance ? boxEnd(hi, narrow ? 'start' : 'end') : '',
          ];
    parts.push(
      `<g class="ex-limit" data-factor="${escapeHtml(id)}">`,
      lines(MARGIN + labelWidth, cy, names[i], `text-anchor="end" fill="${INK}"`),
      `<rect class="ex-full" x="${x(low)}" y="${cy - 4}" width="${round1(Math.max(0.5, x(high) - x(low)))}" height="8" fill="${FULL_RANGE}"></rect>`,
      `<rect class="ex-box" x="${x(lo)}" y="${cy - 6}" width="${round1(Math.max(2, x(hi) - x(lo)))}" height="12" fill="${COLORS.lower}" fill-opacity="0.8"></rect>`,
      `<text x="${x(low)}" y="${cy + 18}" fill="${MUTED}" font-size="10">${escapeHtml(sig3(low, locale))}</text>`,
      `<text x="${x(high)}" y="${cy + 18}" text-anchor="end" fill="${MUTED}" font-size="10">${escapeHtml(sig3(high, locale))}</text>`,
      ...ends,
      '</g>',
    );
  });
  let y = top + Math.max(1, restricted.length) * rowH + 14;
  const key = [
    `<rect x="${MARGIN}" y="${y - 9}" width="20" height="8" fill="${FULL_RANGE}"></rect>`,
    `<text x="${MARGIN + 26}" y="${y}" fill="${MUTED}">${escapeHtml(T.primFull)}</text>`,
  ];
  const x2 = MARGIN + 26 + textWidth(T.primFull) + 18;
  key.push(
    `<rect x="${round1(x2)}" y="${y - 11}" width="20" height="12" fill="${COLORS.lower}" fill-opacity="0.8"></rect>`,
    `<text x="${round1(x2 + 26)}" y="${y}" fill="${MUTED}">${escapeHtml(T.primBox)}</text>`,
  );
  parts.push(`<g class="ex-legend">${key.join('')}</g>`);
  if (restricted.some(([id]) => factorInfo(summary, id)?.assumption)) {
    y += 18;
    parts.push(
      `<text class="ex-note" x="${MARGIN}" y="${y}" fill="${MUTED}">${escapeHtml(T.assumptionNote)}</text>`,
    );
  }
  return svgDocument(width, y + MARGIN, title, parts.join(''));
}

// ── PRIM peeling trajectory ───────────────────────────────────────────────────────────────────────────

/**
 * Steps coloured from pale green (few factors restricted) to dark blue (many): peeling narrows the box as it
 * goes. ColorBrewer's YlGnBu without its palest yellow, which a dot on white would lose.
 */
const RESTRICTED_RAMP = ['#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#0c2c84'];

function rampColor(t: number): string {
  const at = Math.min(1, Math.max(0, t)) * (RESTRICTED_RAMP.length - 1);
  const i = Math.min(RESTRICTED_RAMP.length - 2, Math.floor(at));
  return mix(RESTRICTED_RAMP[i], RESTRICTED_RAMP[i + 1], at - i);
}
/** The final box: a hue apart from the steps' blues. */
const FINAL = '#d95f02';
const PLOT_MIN = 200;
const PLOT_MAX = 340;

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * Where a w × h callout for the point (px, py) goes: of six positions around the point (above, below, beside),
 * at three distances, the one inside `bounds`, clear of the `taken` rectangles, covering the fewest dots; the
 * nearest wins ties.
 */
function placeCallout(
  px: number,
  py: number,
  size: { w: number; h: number },
  bounds: Rect,
  taken: Rect[],
  dots: [number, number][],
): Rect {
  const { w, h } = size;
  let best: Rect = { x: px + 8, y: py - 8 - h, w, h };
  let bestScore = Number.POSITIVE_INFINITY;
  [8, 26, 48].forEach((gap, far) => {
    const candidates: Rect[] = [
      { x: px + gap, y: py - gap - h, w, h },
      { x: px - gap - w, y: py - gap - h, w, h },
      { x: px + gap, y: py + gap, w, h },
      { x: px - gap - w, y: py + gap, w, h },
      { x: px + gap + 4, y: py - h / 2, w, h },
      { x: px - gap - 4 - w, y: py - h / 2, w, h },
    ];
    for (const r of candidates) {
      const outside =
        r.x < bounds.x ||
        r.y < bounds.y ||
        r.x + r.w > bounds.x + bounds.w ||
        r.y + r.h > bounds.y + bounds.h;
      const covered = dots.filter(
        ([x, y]) => x > r.x - 4 && x < r.x + r.w + 4 && y > r.y - 4 && y < r.y + r.h + 4,
      ).length;
      const score =
        (outside ? 1000 : 0) + 500 * taken.filter((t) => overlaps(r, t)).length + 10 * covered + 5 * far;
      if (score < bestScore) [best, bestScore] = [r, score];
    }
  });
  return best;
}

/** Legend items flowed left to right, onto a new row when the next one would pass `right`. */
function flowLegend(
  items: { swatch: string; swatchWidth: number; text: string; bold?: boolean }[],
  left: number,
  right: number,
  y: number,
): { markup: string; y: number } {
  const parts: string[] = [];
  let [kx, ky] = [left, y];
  for (const item of items) {
    const textX = item.swatchWidth > 0 ? item.swatchWidth + 6 : 0;
    const w = textX + textWidth(item.text) * (item.bold ? CHAR_BOLD / CHAR : 1);
    if (kx > left && kx + w > right) [kx, ky] = [left, ky + 20];
    parts.push(
      `<g transform="translate(${round1(kx)},${ky - 9})">${item.swatch}<text x="${textX}" y="10" fill="${item.bold ? INK : MUTED}"${item.bold ? ' font-weight="600"' : ''}>${escapeHtml(item.text)}</text></g>`,
    );
    kx += w + (item.swatchWidth > 0 && item.swatchWidth < 20 ? 12 : 18);
  }
  return { markup: parts.join(''), y: ky };
}

/**
 * The coverage–density trade-off of PRIM's peeling for one box (Bryant & Lempert 2010, fig. 3): one dot per
 * step of the trajectory, from the whole space in play (coverage 100%) to the narrowest box, joined in order
 * and coloured by the number of factors the step restricts; the step PRIM chose ringed, the final box (after
 * pasting and simplifying: the box's own coverage and density) as a diamond, and the base rate as a dashed
 * line. Both shares run over [0, 1], so that charts of different questions read alike.
 *
 * A later box's trajectory is computed among the experiments the earlier boxes left, its final box among all
 * of them (prim.ts): the subtitle says so. A box without a trajectory (a summary from before they were
 * recorded) gives the title and a note.
 *
 * @example
 * const svg = primTrajectoryChart(summary, { question: 0, locale: 'es' });
 */
export function primTrajectoryChart(summary: ExploreSummary, options: PrimChartOptions): string {
  const locale = options.locale ?? 'en';
  const width = options.width ?? DEFAULT_WIDTH;
  const T = TEXT[locale];
  const answer = summary.prim[options.question];
  if (!answer)
    throw new Error(`no PRIM question ${options.question} (the summary has ${summary.prim.length})`);
  const k = options.box ?? 0;
  const box = answer.boxes[k];
  if (!box) throw new Error(`no box ${k} for the question "${answer.question}"`);
  const title = T.trajTitle(primQuestion(summary, answer, locale));
  const steps = (box.trajectory ?? []).filter(
    (s) => Number.isFinite(s.coverage) && Number.isFinite(s.density),
  );
  if (steps.length === 0) {
    const head = heading(width, title, []);
    const body = `${head.markup}<text class="ex-note" x="${MARGIN}" y="${head.height + 14}" fill="${MUTED}">${escapeHtml(T.trajNone)}</text>`;
    return svgDocument(width, head.height + 30, title, body);
  }

  const head = heading(width, title, [T.trajSub(k + 1), ...(k > 0 ? [T.trajLater(k + 1)] : [])]);
  const parts: string[] = [head.markup];
  // The y axis's title above the plot, as a line of text rather than turned on its side.
  const yTitle = wrap(T.trajY, charsFit(width - 2 * MARGIN, FONT));
  yTitle.forEach((line, i) => {
    parts.push(
      `<text class="ex-axis" x="${MARGIN}" y="${head.height + 8 + i * 14}" fill="${MUTED}">${escapeHtml(line)}</text>`,
    );
  });
  const top = head.height + 14 + yTitle.length * 14;
  // Room on the left for "100%"; on the right for the dots at coverage 100%.
  const x0 = MARGIN + 34;
  const x1 = width - MARGIN - 10;
  const bottom = top + Math.round(Math.min(PLOT_MAX, Math.max(PLOT_MIN, (x1 - x0) * 0.45)));
  const x = linear([0, 1], [x0, x1]);
  const y = linear([0, 1], [bottom, top]);
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  parts.push(
    ticks
      .map(
        (t) =>
          `<line x1="${x0}" x2="${x1}" y1="${y(t)}" y2="${y(t)}" stroke="${t === 0 ? '#9a9a9a' : GRID}"></line>` +
          `<text x="${x0 - 6}" y="${y(t) + 4}" text-anchor="end" fill="${MUTED}">${escapeHtml(share(t, locale))}</text>`,
      )
      .join(''),
    xAxis(ticks, x, top, bottom, (t) => share(t, locale)),
  );
  const xTitle = wrap(T.trajX, charsFit(x1 - x0, FONT));
  xTitle.forEach((line, i) => {
    parts.push(
      `<text class="ex-axis" x="${x1}" y="${bottom + 32 + i * 14}" text-anchor="end" fill="${MUTED}">${escapeHtml(line)}</text>`,
    );
  });

  // The base rate, labelled at the left, where the trajectory (which starts at coverage 100%) seldom is.
  const base = answer.baseRate;
  const taken: Rect[] = [];
  if (Number.isFinite(base)) {
    const by = y(Math.min(1, Math.max(0, base)));
    const text = T.trajBase(share(base, locale));
    const ty = base > 0.9 ? by + 14 : by - 5;
    parts.push(
      `<line class="ex-base" x1="${x0}" x2="${x1}" y1="${by}" y2="${by}" stroke="${COLORS.reference}" stroke-width="1.2" stroke-dasharray="4,3"></line>`,
      `<text x="${x0 + 4}" y="${ty}" fill="${MUTED}">${escapeHtml(text)}</text>`,
    );
    taken.push({ x: x0, y: ty - 11, w: textWidth(text) + 8, h: 14 });
  }

  const maxRestricted = Math.max(1, ...steps.map((s) => s.restricted));
  const color = (n: number) => rampColor(n / maxRestricted);
  const dots = steps.map((s): [number, number] => [x(s.coverage), y(s.density)]);
  parts.push(
    `<polyline class="ex-path" points="${dots.map(([a, b]) => `${a},${b}`).join(' ')}" fill="none" stroke="#9a9a9a" stroke-width="1"></polyline>`,
  );
  const chosen = box.chosen !== undefined ? steps[box.chosen] : undefined;
  const finalAt: [number, number] = [x(box.coverage), y(box.density)];
  const chosenAt = chosen && dots[box.chosen!];
  if (chosenAt && Math.hypot(chosenAt[0] - finalAt[0], chosenAt[1] - finalAt[1]) > 8) {
    parts.push(
      `<line x1="${chosenAt[0]}" y1="${chosenAt[1]}" x2="${finalAt[0]}" y2="${finalAt[1]}" stroke="${FINAL}" stroke-width="1" stroke-dasharray="2,2"></line>`,
    );
  }
  steps.forEach((s, i) => {
    const tip = `${i}: ${T.trajFactors(s.restricted)}, ${T.trajPoint(share(s.coverage, locale), share(s.density, locale))}`;
    parts.push(
      `<circle class="ex-step" data-step="${i}" data-restricted="${s.restricted}" cx="${dots[i][0]}" cy="${dots[i][1]}" r="3.5" fill="${color(s.restricted)}" stroke="#ffffff" stroke-width="0.8"><title>${escapeHtml(tip)}</title></circle>`,
    );
  });
  const finalRestricted = Object.keys(box.limits).length;
  if (chosen && chosenAt) {
    parts.push(
      `<circle class="ex-chosen" cx="${chosenAt[0]}" cy="${chosenAt[1]}" r="7" fill="none" stroke="${INK}" stroke-width="1.5"></circle>`,
    );
    taken.push({ x: chosenAt[0] - 8, y: chosenAt[1] - 8, w: 16, h: 16 });
  }
  const [fx, fy] = finalAt;
  parts.push(
    `<path class="ex-final" d="M${fx},${round1(fy - 6.5)}L${round1(fx + 6.5)},${fy}L${fx},${round1(fy + 6.5)}L${round1(fx - 6.5)},${fy}Z" fill="${FINAL}" stroke="#ffffff" stroke-width="1"></path>`,
  );
  taken.push({ x: fx - 7, y: fy - 7, w: 14, h: 14 });

  // Callouts: the chosen step first (it sits where the dots are densest), then the final box.
  const bounds: Rect = { x: x0, y: top, w: x1 - x0, h: bottom - top };
  const callout = (cls: string, at: [number, number], label: string, text: string, ink: string) => {
    const size = { w: Math.max(textWidth(label) * (CHAR_BOLD / CHAR), textWidth(text)) + 10, h: 33 };
    const r = placeCallout(at[0], at[1], size, bounds, taken, dots);
    taken.push(r);
    const nx = Math.min(Math.max(at[0], r.x), r.x + r.w);
    const ny = Math.min(Math.max(at[1], r.y), r.y + r.h);
    const leader =
      Math.hypot(nx - at[0], ny - at[1]) > 11
        ? `<line x1="${at[0]}" y1="${at[1]}" x2="${round1(nx)}" y2="${round1(ny)}" stroke="${MUTED}" stroke-width="0.8"></line>`
        : '';
    parts.push(
      `<g class="${cls}">${leader}`,
      `<rect x="${round1(r.x)}" y="${round1(r.y)}" width="${round1(r.w)}" height="${r.h}" fill="#ffffff" fill-opacity="0.88"></rect>`,
      `<text x="${round1(r.x + 5)}" y="${round1(r.y + 13)}" font-weight="600" fill="${ink}">${escapeHtml(label)}</text>`,
      `<text x="${round1(r.x + 5)}" y="${round1(r.y + 27)}" fill="${INK}">${escapeHtml(text)}</text>`,
      '</g>',
    );
  };
  if (chosen && chosenAt) {
    callout(
      'ex-chosen-label',
      chosenAt,
      `${T.trajChosen} (${T.trajFactors(chosen.restricted)})`,
      T.trajPoint(share(chosen.coverage, locale), share(chosen.density, locale)),
      INK,
    );
  }
  callout(
    'ex-final-label',
    finalAt,
    `${T.trajFinal} (${T.trajFactors(finalRestricted)})`,
    T.trajPoint(share(box.coverage, locale), share(box.density, locale)),
    FINAL,
  );

  // Key: the colours of the counts present (a few evenly spaced ones when there are many), then the marks.
  const counts = [...new Set(steps.map((s) => s.restricted))].sort((a, b) => a - b);
  const shown =
    counts.length <= 8 ? counts : niceTicks(0, maxRestricted, 5).filter((v) => Number.isInteger(v));
  const colourKey = flowLegend(
    [
      { swatch: '', swatchWidth: 0, text: T.trajRestricted },
      ...shown.map((n) => ({
        swatch: `<circle cx="5" cy="6.5" r="4.5" fill="${color(n)}"></circle>`,
        swatchWidth: 10,
        text: String(n),
      })),
    ],
    MARGIN,
    width - MARGIN,
    bottom + 32 + xTitle.length * 14 + 12,
  );
  const marks = flowLegend(
    [
      {
        swatch: `<circle cx="10" cy="6.5" r="5.5" fill="none" stroke="${INK}" stroke-width="1.5"></circle>`,
        swatchWidth: 20,
        text: T.trajKeyChosen,
      },
      {
        swatch: `<path d="M10,0.5L16,6.5L10,12.5L4,6.5Z" fill="${FINAL}"></path>`,
        swatchWidth: 20,
        text: T.trajKeyFinal,
      },
      {
        swatch: `<line x1="0" x2="20" y1="6.5" y2="6.5" stroke="${COLORS.reference}" stroke-width="1.2" stroke-dasharray="4,3"></line>`,
        swatchWidth: 20,
        text: T.trajKeyBase,
      },
    ],
    MARGIN,
    width - MARGIN,
    colourKey.y + 22,
  );
  parts.push(`<g class="ex-legend">${colourKey.markup}${marks.markup}</g>`);
  return svgDocument(width, marks.y + MARGIN, title, parts.join(''));
}
