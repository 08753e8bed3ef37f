import { METRICS, type MetricId } from '../sim/metrics.js';
import type { Difference, QuantilePoint, ScenarioSummary, Summary } from '../sim/summary.js';
import { EXCLUDES_ZERO, escapeHtml } from './charts.js';
import { formatMetric, type Locale, percent } from './format.js';

/**
 * The plain-language reading of a comparison: a few sentences built only from the numbers of the summary
 * (and the observed series passed in). Output is plain text; the HTML report escapes it.
 */

export type Horizon = Summary['horizons'][number];

/** A sentence as plain text and as HTML (scenario names in <strong>). */
export interface Finding {
  text: string;
  html: string;
}

// Scenario names are wrapped in two private-use characters while sentences are built, then turned into
// <strong> (HTML) or dropped (text). The characters are removed from titles first.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKS = /[\uE000\uE001]/g;

function named(name: string): string {
  return `${OPEN}${name.replace(MARKS, '')}${CLOSE}`;
}

function finding(sentence: string): Finding {
  return {
    text: sentence.replace(MARKS, ''),
    html: escapeHtml(sentence).replaceAll(OPEN, '<strong>').replaceAll(CLOSE, '</strong>'),
  };
}

/** Relative changes below this (in absolute value) are read as "about the same". */
export const SMALL_CHANGE = 0.01;
/** Side effects are mentioned when they move a metric by at least this fraction. */
export const SIDE_EFFECT = 0.05;
/** Metrics read as side effects (trade-offs or co-benefits). */
export const SIDE_METRICS: MetricId[] = ['usOverdoseDeaths', 'extortion', 'tradeCost', 'cooperation'];

export function scenarioTitle(s: ScenarioSummary, locale: Locale): string {
  return locale === 'es' && s.title_es ? s.title_es : s.title;
}

/** The horizon the report reads: 5 years after the start, else the last one. */
export function reportHorizon(summary: Summary): Horizon | undefined {
  return summary.horizons.find((h) => h.years === 5) ?? summary.horizons.at(-1);
}

/** The scenario the others are compared with. */
export function baselineOf(summary: Summary): ScenarioSummary | undefined {
  const id = summary.scenarios.find((s) => s.versusBaseline)?.versusBaseline?.baseline;
  return summary.scenarios.find((s) => s.id === id) ?? summary.scenarios.find((s) => !s.versusBaseline);
}

export function valueAt(s: ScenarioSummary, id: MetricId, t: string | number): QuantilePoint | undefined {
  return s.metrics[id]?.series.find((p) => p.t === t);
}

export function diffAt(s: ScenarioSummary, id: MetricId, t: string | number): Difference | undefined {
  return s.versusBaseline?.metrics[id]?.find((d) => d.t === t);
}

/** Percent with one decimal below 10%, none above: "−2.4%", "−30%"; exactly zero is "0%". */
export function pct(fraction: number, locale: Locale): string {
  if (fraction === 0) return percent(0, locale, 0);
  return percent(fraction, locale, Math.abs(fraction) < 0.0995 ? 1 : 0);
}

/**
 * How sentences name the baseline. Spanish contracts the article with "a" and "de" ("al statu quo",
 * "del statu quo"), so each form is spelled out; other baselines are quoted by title.
 */
export interface BaseNames {
  /** "the status quo" / "el statu quo" / “Title”. */
  noun: string;
  /** After "a": "al statu quo" / "a “Title”" (Spanish; same as noun in English). */
  a: string;
  /** After "de": "del statu quo" / "de “Title”" (Spanish; "of the status quo" in English). */
  de: string;
  /** Capitalised title, for legends. */
  title: string;
}

export function baseNames(base: ScenarioSummary | undefined, locale: Locale): BaseNames {
  const title = base ? scenarioTitle(base, locale) : '';
  if (base?.id === 'status-quo') {
    return locale === 'es'
      ? { noun: 'el statu quo', a: 'al statu quo', de: 'del statu quo', title }
      : { noun: 'the status quo', a: 'the status quo', de: 'of the status quo', title };
  }
  const q = `“${title}”`;
  return locale === 'es'
    ? { noun: q, a: `a ${q}`, de: `de ${q}`, title }
    : { noun: q, a: q, de: `of ${q}`, title };
}

/** Share as a whole percentage without sign: 0.8 → "80%". */
export function share(fraction: number, locale: Locale): string {
  return percent(fraction, locale, 0).replace(/^[+−]/, '');
}

/**
 * Whether a relative difference is meaningful: when the baseline is 0 (e.g. no trade cost under the
 * status quo) the relative difference is undefined (NaN, or 0 in older summaries) and only the absolute
 * difference says something.
 */
export function relativeIsDefined(
  baseline: ScenarioSummary | undefined,
  id: MetricId,
  t: string | number,
  d?: Difference,
): boolean {
  const b = baseline ? valueAt(baseline, id, t) : undefined;
  return b?.p50 !== 0 && (!d || Number.isFinite(d.p50));
}

/** Scenarios in reading order: the baseline, then by median homicide change at the horizon, then the rest. */
export function rankScenarios(summary: Summary, metric: MetricId = 'homicides'): ScenarioSummary[] {
  const h = reportHorizon(summary);
  const base = baselineOf(summary);
  const ranked = summary.scenarios
    .filter((s) => s !== base && h && Number.isFinite(diffAt(s, metric, h.t)?.p50))
    .sort((a, b) => diffAt(a, metric, h!.t)!.p50 - diffAt(b, metric, h!.t)!.p50);
  const rest = summary.scenarios.filter((s) => s !== base && !ranked.includes(s));
  return [...(base ? [base] : []), ...ranked, ...rest];
}

function list(items: string[], locale: Locale): string {
  if (items.length <= 1) return items.join('');
  const and = locale === 'es' ? ' y ' : ' and ';
  return `${items.slice(0, -1).join(', ')}${and}${items.at(-1)}`;
}

function whole(v: number, locale: Locale): string {
  return Math.round(v).toLocaleString(locale === 'es' ? 'es-MX' : 'en-US');
}

/** Metric names as they read inside a sentence. */
const IN_SENTENCE: Partial<Record<MetricId, { en: string; es: string }>> = {
  usOverdoseDeaths: { en: 'US overdose deaths', es: 'muertes por sobredosis en EE. UU.' },
  extortion: { en: 'extortions', es: 'extorsiones' },
  tradeCost: { en: 'trade cost', es: 'costo comercial' },
  fiscalCost: { en: 'fiscal cost', es: 'costo fiscal' },
  cooperation: { en: 'US–Mexico cooperation', es: 'cooperación México–EE. UU.' },
};

function metricLabel(id: MetricId, locale: Locale): string {
  return IN_SENTENCE[id]?.[locale] ?? METRICS[id].label[locale];
}

export interface ReadingOptions {
  locale?: Locale;
  /** Observed national homicides (the last year is quoted next to the projection). */
  observed?: { year: number; value: number }[];
}

/** 2–6 sentences: the status-quo projection, what lowers and raises homicides, side effects, the caveat. */
export function keyFindings(summary: Summary, options: ReadingOptions = {}): Finding[] {
  const locale = options.locale ?? 'en';
  const es = locale === 'es';
  const h = reportHorizon(summary);
  const base = baselineOf(summary);
  const out: string[] = [];
  const B = baseNames(base, locale);
  const title = (s: ScenarioSummary) => named(scenarioTitle(s, locale));
  const homicides = (v: number) => formatMetric('homicides', v, locale);

  if (h && base) {
    const v = valueAt(base, 'homicides', h.t);
    if (v) {
      const last = options.observed?.at(-1);
      const obs = last
        ? es
          ? `, frente a ${whole(last.value, locale)} registrados por el INEGI en ${last.year}`
          : `, against ${whole(last.value, locale)} recorded by INEGI in ${last.year}`
        : '';
      const who =
        base.id === 'status-quo'
          ? es
            ? 'Con el statu quo'
            : 'Under the status quo'
          : es
            ? `Con ${title(base)}`
            : `Under ${title(base)}`;
      out.push(
        es
          ? `${who}, el modelo proyecta ${homicides(v.p50)} homicidios en ${h.t} (intervalo de 90%: ${homicides(v.p05)}–${homicides(v.p95)})${obs}.`
          : `${who}, the model projects ${homicides(v.p50)} homicides in ${h.t} (90% interval ${homicides(v.p05)}–${homicides(v.p95)})${obs}.`,
      );
    }
  }

  const compared = h
    ? summary.scenarios
        .filter((s) => s !== base)
        .map((s) => ({ s, d: diffAt(s, 'homicides', h.t)! }))
        .filter((x) => Number.isFinite(x.d?.p50))
        .sort((a, b) => a.d.p50 - b.d.p50 || a.s.id.localeCompare(b.s.id))
    : [];

  if (h && compared.length > 0) {
    // A change counts when the median moves by 1% or more, or when the whole 90% interval is on one side.
    const lower = compared.filter(
      (x) => x.d.p50 <= -SMALL_CHANGE || (x.d.p95 <= -EXCLUDES_ZERO && x.d.p50 < 0),
    );
    const higher = compared
      .filter((x) => x.d.p50 >= SMALL_CHANGE || (x.d.p05 >= EXCLUDES_ZERO && x.d.p50 > 0))
      .reverse();
    const small = compared.filter((x) => !lower.includes(x) && !higher.includes(x));

    if (lower.length > 0) {
      const { s, d } = lower[0];
      const fewer = Math.abs(d.absolute);
      out.push(
        es
          ? `${title(s)} es el escenario que más reduce los homicidios: ${pct(d.p50, locale)} respecto ${B.a} en ${h.t} (intervalo de 90%: ${pct(d.p05, locale)} a ${pct(d.p95, locale)}), unos ${homicides(fewer)} homicidios menos; es menor en ${share(d.probLower, locale)} de las corridas pareadas.`
          : `${title(s)} lowers homicides the most: ${pct(d.p50, locale)} against ${B.noun} in ${h.t} (90% interval ${pct(d.p05, locale)} to ${pct(d.p95, locale)}), about ${homicides(fewer)} fewer homicides; it is lower in ${share(d.probLower, locale)} of paired runs.`,
      );
      const next = lower.slice(1, 3).map((x) => `${title(x.s)} (${pct(x.d.p50, locale)})`);
      if (next.length > 0) {
        const more = lower.length - 3;
        const tail =
          more > 0 ? (es ? `; otros ${more} lo reducen menos` : `; ${more} more lower it by less`) : '';
        out.push(es ? `Le siguen ${list(next, locale)}${tail}.` : `Next come ${list(next, locale)}${tail}.`);
      }
    } else {
      out.push(
        es
          ? `Ningún escenario reduce la mediana de homicidios en 1% o más respecto ${B.a} en ${h.t}.`
          : `No scenario lowers median homicides by 1% or more against ${B.noun} in ${h.t}.`,
      );
    }

    if (higher.length > 0) {
      const shown = higher.slice(0, 3);
      const items = shown.map((x) => `${title(x.s)} (${pct(x.d.p50, locale)})`);
      const more = higher.length - shown.length;
      const tail = more > 0 ? (es ? ` y otros ${more}` : ` and ${more} more`) : '';
      const one = shown.length === 1;
      const never = shown.every((x) => x.d.probLower === 0);
      const shareList = shown.map((x) => share(x.d.probLower, locale));
      const same = shareList.every((x) => x === shareList[0]);
      const shares = same ? shareList[0] : list(shareList, locale);
      const each = one
        ? ''
        : same
          ? es
            ? ' cada uno'
            : ' each'
          : es
            ? ', respectivamente'
            : ', respectively';
      const odds = never
        ? es
          ? `${one ? 'nunca es menor' : 'ninguno es menor'} que ${B.noun} en las corridas pareadas`
          : one
            ? `it is lower than ${B.noun} in none of the paired runs`
            : `none of them is lower than ${B.noun} in any paired run`
        : es
          ? `${one ? 'es menor' : 'son menores'} que ${B.noun} en solo ${shares} de las corridas pareadas${each}`
          : `${one ? 'it is' : 'they are'} lower than ${B.noun} in only ${shares} of paired runs${each}`;
      const why = explainRise(higher[0].s, h.t, locale, !one);
      out.push(
        es
          ? `Aumentan los homicidios con ${list(items, locale)}${tail}: ${odds}.${why ? ` ${why}` : ''}`
          : `Homicides rise under ${list(items, locale)}${tail}: ${odds}.${why ? ` ${why}` : ''}`,
      );
    }

    if (small.length > 0 && out.length < 4) {
      const names = small.slice(0, 4).map((x) => title(x.s));
      const more = small.length - names.length;
      const tail = more > 0 ? (es ? ` y otros ${more}` : ` and ${more} more`) : '';
      out.push(
        es
          ? `${small.length === 1 ? 'Un escenario cambia' : `${small.length} escenarios cambian`} la mediana de homicidios menos de 1%, con un intervalo de 90% que incluye el cero: ${list(names, locale)}${tail}.`
          : `${small.length === 1 ? 'One scenario changes' : `${small.length} scenarios change`} median homicides by less than 1%, with a 90% interval that includes zero: ${list(names, locale)}${tail}.`,
      );
    }

    const side = sideEffects(summary, base, h.t, locale);
    if (side) out.push(side);
  }

  const runs = whole(summary.runs, locale);
  out.push(
    es
      ? `Son resultados de un modelo bajo los supuestos citados abajo (Prieto-Curiel, Campedelli y Hope 2023, ampliado), no pronósticos: los intervalos reflejan la incertidumbre de parámetros y eventos en ${runs} corridas, no los errores de la estructura del modelo.`
      : `These are model results under the assumptions cited below (Prieto-Curiel, Campedelli & Hope 2023, extended), not forecasts: the intervals reflect parameter and event uncertainty over ${runs} runs, not errors in the model’s structure.`,
  );
  return out.map(finding);
}

/** Why homicides rise in the model, from the paired changes of conflict deaths, members and groups. */
function explainRise(
  s: ScenarioSummary,
  t: string | number,
  locale: Locale,
  name = true,
): string | undefined {
  const es = locale === 'es';
  const conflict = diffAt(s, 'conflictDeaths', t);
  const members = diffAt(s, 'members', t);
  const groups = diffAt(s, 'groups', t);
  if (!conflict || !members) return undefined;
  const who = named(scenarioTitle(s, locale));
  const splits =
    groups && groups.p50 >= SMALL_CHANGE
      ? es
        ? `; el número de grupos cambia ${pct(groups.p50, locale)}`
        : `; the number of groups changes by ${pct(groups.p50, locale)}`
      : '';
  if (conflict.p50 >= SMALL_CHANGE && members.p50 < SMALL_CHANGE) {
    return es
      ? `En el modelo, el aumento${name ? ` con ${who}` : ''} viene del conflicto entre grupos y no de más integrantes: las muertes por conflicto cambian ${pct(conflict.p50, locale)} y los integrantes ${pct(members.p50, locale)}${splits}.`
      : `In the model, the rise${name ? ` under ${who}` : ''} comes from conflict between groups, not from more members: conflict deaths change by ${pct(conflict.p50, locale)} and members by ${pct(members.p50, locale)}${splits}.`;
  }
  if (members.p50 >= SMALL_CHANGE) {
    return es
      ? `En el modelo, ${name ? `con ${who} ` : ''}hay más integrantes (${pct(members.p50, locale)}) y las muertes por conflicto cambian ${pct(conflict.p50, locale)}${splits}.`
      : `In the model, ${name ? who : 'it'} leaves more members (${pct(members.p50, locale)}) and conflict deaths change by ${pct(conflict.p50, locale)}${splits}.`;
  }
  return es
    ? `${name ? `Con ${who}, las` : 'Las'} muertes por conflicto cambian ${pct(conflict.p50, locale)} y los integrantes ${pct(members.p50, locale)}${splits}.`
    : `${name ? `Under ${who}, conflict` : 'Conflict'} deaths change by ${pct(conflict.p50, locale)} and members by ${pct(members.p50, locale)}${splits}.`;
}

/** Formatted change of a side metric, or undefined when it moves by less than SIDE_EFFECT. */
export function sideChange(
  s: ScenarioSummary,
  base: ScenarioSummary | undefined,
  id: MetricId,
  t: string | number,
  locale: Locale,
): { text: string; size: number } | undefined {
  const d = diffAt(s, id, t);
  if (!d) return undefined;
  if (!relativeIsDefined(base, id, t, d)) {
    // Baseline at zero: quote the absolute change, large when it is 5% of the scenario's own level.
    const level = valueAt(s, id, t)?.p50 ?? 0;
    if (d.absolute === 0 || Math.abs(d.absolute) < SIDE_EFFECT * Math.abs(level)) return undefined;
    const sign = d.absolute > 0 ? '+' : '−';
    return { text: `${sign}${formatMetric(id, Math.abs(d.absolute), locale)}`, size: 1 };
  }
  if (Math.abs(d.p50) < SIDE_EFFECT) return undefined;
  return { text: pct(d.p50, locale), size: Math.abs(d.p50) };
}

function sideEffects(
  summary: Summary,
  base: ScenarioSummary | undefined,
  t: string | number,
  locale: Locale,
): string | undefined {
  const es = locale === 'es';
  const rows = summary.scenarios
    .filter((s) => s !== base)
    .map((s) => {
      const items = SIDE_METRICS.flatMap((id) => {
        const c = sideChange(s, base, id, t, locale);
        return c ? [{ id, ...c }] : [];
      });
      return { s, items, size: Math.max(0, ...items.map((i) => i.size)) };
    })
    .filter((r) => r.items.length > 0)
    .sort((a, b) => b.size - a.size || a.s.id.localeCompare(b.s.id));
  if (rows.length === 0) return undefined;
  const shown = rows
    .slice(0, 3)
    .map(
      (r) =>
        `${named(scenarioTitle(r.s, locale))}: ${r.items.map((i) => `${metricLabel(i.id, locale)} ${i.text}`).join(', ')}`,
    );
  const more = rows.length - shown.length;
  const tail = more > 0 ? (es ? `; otros ${more} en la tabla` : `; ${more} more in the table`) : '';
  return es
    ? `Otros efectos de más de 5% en ${t}: ${shown.join('; ')}${tail}.`
    : `Other effects of more than 5% in ${t}: ${shown.join('; ')}${tail}.`;
}
