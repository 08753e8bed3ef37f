import type { Band, NowcastResult } from '../sim/assimilate/nowcast.js';
import { fixed, monthName, section, table, whole, withCode } from './audit/context.js';
import {
  escapeHtml,
  type MonthBand,
  midMonthOf,
  monthlyBandChart,
  monthlyBandMax,
  type SwatchKind,
  swatch,
  timeOf,
} from './charts.js';
import { createDocument } from './document.js';
import type { Locale } from './format.js';
import { formatDate, type PageSection, renderPage } from './page.js';

/**
 * `atalaya nowcast --report`: the nowcast as one self-contained HTML page (inline CSS and SVG, no script, no
 * network), built on the shell and the charts of the other reports. Same input and `generatedAt` → same bytes.
 */
export interface NowcastReportInput {
  result: NowcastResult;
  /** The observed series used: release, where it came from, its newest month. */
  source: { release: string; kind: string; lastMonth: string };
  /** Months still incomplete in the release (filtered as missing); those outside the run are left out. */
  incompleteMonths: string[];
  /** The groups simulated: the 150-group files (with their citation) or the built-in description. */
  groups: { kind: 'files' | 'builtin'; citation: string };
  warnings?: string[];
}

export interface NowcastReportOptions {
  locale?: Locale;
  /** ISO date or timestamp shown in the footer (default: now). */
  generatedAt?: string;
  title?: string;
}

type SettingKey = keyof NowcastResult['settings'];

const TEXT = {
  en: {
    title: 'The present: the simulator filtered through the observed homicides',
    subtitle: 'Nowcast of intentional-homicide victims in Mexico, by state and month',
    nav: 'Contents',
    data: 'Data',
    sourceKind: (kind: string) => (kind === 'cache' ? 'data cache' : 'built-in table'),
    dataLine: (release: string, kind: string) =>
      `SESNSP victims of intentional homicide by state: ${release} (${kind})`,
    months: 'Months',
    monthsLine: (from: string, to: string, n: string) => `${from} to ${to} (${n} months)`,
    incomplete: 'Still incomplete',
    incompleteLine: (months: string) => `${months}: filtered as missing, shown as counted so far`,
    noIncomplete: 'none in this run',
    groups: 'Groups',
    groupsFiles: (citation: string) => `${citation} (the 150-group files)`,
    groupsBuiltin: "Atalaya's built-in description of the groups",
    run: (particles: string, seed: string) => `${particles} particles, seed ${seed}`,
    presentTitle: 'The present',
    present: (month: string, p50: string, p05: string, p95: string) =>
      `${month}: ${p50} homicide victims a day [90%: ${p05}–${p95}]`,
    driverNow: (p50: string, p05: string, p95: string) =>
      `Recruitment driver now ${p50}× the published model's recruitment [90%: ${p05}–${p95}].`,
    parametersNow: (kappa: string, h: string) =>
      `Parameters now (median [90%]): κ ${kappa} homicides per conflict death; h ${h} homicides per 100,000 a year not tied to the groups. What the counts made of the priors; estimates and profiles: atalaya calibrate nowcast.`,
    howTitle: 'How to read this',
    how: 'A particle filter runs many copies of the simulator (particles), each with its own parameters and a recruitment driver, one month at a time, and weighs them by how well they predict each month’s count by state. The filtered band is where a month’s count should fall given the counts up to and including that month (a check of fit, not of prediction: atalaya calibrate holdout checks that); the smoothed band uses every count. Bands hold 90% of the weighted draws; the line is their median.',
    national: 'National, victims a month',
    nationalIntro:
      'Observed victims a month (dots) against the filtered band and its median; dashed lines: the smoothed band (given every count; coarser far back, where the final particles’ lineages coalesce). Open dots: months still incomplete, filtered as missing and shown as counted so far.',
    nationalAria: 'National homicide victims a month: observed and filtered 90% band',
    legendObserved: 'Observed',
    legendOpen: 'Observed, still incomplete',
    legendBand: 'Filtered band (90%)',
    legendMedian: 'Filtered median',
    legendSmoothed: 'Smoothed band (90%)',
    coverage: (inside: string, counted: string, share: string) =>
      `${inside} of the ${counted} complete observed months (${share}) lie inside the filtered 90% band.`,
    pointTitle: (month: string, value: string, band: string, open: boolean) =>
      `${month}: ${value} observed${open ? ' (incomplete)' : ''} · filtered ${band}`,
    states: 'By state',
    statesIntro:
      'Victims a month in each state (dots) over its filtered band, ordered by the observed total of the last 12 months. The years are the same in every panel; each has its own vertical scale.',
    stateAria: (name: string) => `${name}: homicide victims a month, observed and filtered 90% band`,
    stateCaption: (observed: string, filtered: string) =>
      `last 12 months: ${observed} observed, ${filtered} filtered median`,
    filter: 'How the filter met the data',
    essTitle: 'Effective sample size',
    essIntro: (median: string, lowest: string, particles: string, ll: string) =>
      `The number of particles that effectively carry each month’s weight, before resampling (dashed line: all ${particles}). Median ${median}, lowest ${lowest}. Log-likelihood of the counts: ${ll}.`,
    essAria: 'Effective sample size of the particle filter by month',
    driverTitle: 'Recruitment driver',
    driverIntro:
      'The recruitment driver by month: a multiplier of the published model’s recruitment (dashed line: 1, the published model), median and filtered 90% band.',
    driverAria: 'Recruitment driver by month: median and filtered 90% band',
    settings: 'Settings',
    settingsIntro:
      'The filter’s settings in this run (src/sim/assimilate/settings.ts says why each was chosen). The noise scales are estimated by iterated filtering, with profile likelihoods, in atalaya calibrate nowcast.',
    setting: 'Setting',
    value: 'Value',
    meaning: 'Meaning',
    meanings: {
      recruitStart:
        'Recruitment driver at the first month: log-uniform prior (1 = the published model’s recruitment)',
      recruitSd: 'Monthly log step of the recruitment driver',
      levelSd: 'Monthly log step of each state’s level (its slow drift against the model)',
      commonSd: 'Monthly log step of the national intensity factor (what moves every state at once)',
      transientSd: 'Scatter of a month’s national count that does not persist',
      levelPriorSd: 'Prior spread of a state’s log level at the first month (wide: the model may be off 10×)',
      observationSd: 'Scatter of a month’s log count beyond Poisson noise (reporting, local events)',
      kappa: 'κ, homicides per conflict death: log-uniform prior',
      nonCartelRate: 'h, homicides per 100,000 a year not tied to the groups: uniform prior',
    } as Record<SettingKey, string>,
    warnings: 'Warnings',
    generated: (date: string) => `Generated by Atalaya on ${date}.`,
    note: 'Model estimates under stated assumptions, from official counts that later releases revise.',
  },
  es: {
    title: 'El presente: el simulador filtrado con los homicidios observados',
    subtitle: 'Estimación del presente de las víctimas de homicidio doloso en México, por estado y mes',
    nav: 'Contenido',
    data: 'Datos',
    sourceKind: (kind: string) => (kind === 'cache' ? 'caché de datos' : 'tabla integrada'),
    dataLine: (release: string, kind: string) =>
      `Víctimas de homicidio doloso del SESNSP por estado: ${release} (${kind})`,
    months: 'Meses',
    monthsLine: (from: string, to: string, n: string) => `${from} a ${to} (${n} meses)`,
    incomplete: 'Aún incompletos',
    incompleteLine: (months: string) =>
      `${months}: filtrados como faltantes, mostrados con lo contado hasta ahora`,
    noIncomplete: 'ninguno en esta corrida',
    groups: 'Grupos',
    groupsFiles: (citation: string) => `${citation} (los archivos de 150 grupos)`,
    groupsBuiltin: 'La descripción integrada de los grupos de Atalaya',
    run: (particles: string, seed: string) => `${particles} partículas, semilla ${seed}`,
    presentTitle: 'El presente',
    present: (month: string, p50: string, p05: string, p95: string) =>
      `${month}: ${p50} víctimas de homicidio al día [90%: ${p05}–${p95}]`,
    driverNow: (p50: string, p05: string, p95: string) =>
      `El impulsor del reclutamiento hoy: ${p50}× el reclutamiento del modelo publicado [90%: ${p05}–${p95}].`,
    parametersNow: (kappa: string, h: string) =>
      `Parámetros hoy (mediana [90%]): κ ${kappa} homicidios por muerte en conflicto; h ${h} homicidios por 100 mil habitantes al año no ligados a los grupos. Lo que los conteos hicieron de las distribuciones previas; estimaciones y perfiles: atalaya calibrate nowcast.`,
    howTitle: 'Cómo leer este informe',
    how: 'Un filtro de partículas corre muchas copias del simulador (partículas), cada una con sus parámetros y un impulsor del reclutamiento, mes a mes, y las pondera según qué tan bien predicen el conteo de cada mes por estado. La banda filtrada es donde debería caer el conteo de un mes dados los conteos hasta ese mes, inclusive (una prueba de ajuste, no de predicción: atalaya calibrate holdout la hace); la banda suavizada usa todos los conteos. Las bandas contienen el 90% de los valores ponderados; la línea es su mediana.',
    national: 'Nacional, víctimas al mes',
    nationalIntro:
      'Víctimas observadas al mes (puntos) frente a la banda filtrada y su mediana; líneas punteadas: la banda suavizada (dados todos los conteos; más gruesa hacia atrás, donde los linajes de las partículas finales se unen). Puntos huecos: meses aún incompletos, filtrados como faltantes y mostrados con lo contado hasta ahora.',
    nationalAria: 'Víctimas de homicidio al mes, nacional: observadas y banda filtrada de 90%',
    legendObserved: 'Observado',
    legendOpen: 'Observado, aún incompleto',
    legendBand: 'Banda filtrada (90%)',
    legendMedian: 'Mediana filtrada',
    legendSmoothed: 'Banda suavizada (90%)',
    coverage: (inside: string, counted: string, share: string) =>
      `${inside} de los ${counted} meses observados completos (${share}) caen dentro de la banda filtrada de 90%.`,
    pointTitle: (month: string, value: string, band: string, open: boolean) =>
      `${month}: ${value} observadas${open ? ' (incompleto)' : ''} · filtrado ${band}`,
    states: 'Por estado',
    statesIntro:
      'Víctimas al mes en cada estado (puntos) sobre su banda filtrada, ordenados por el total observado de los últimos 12 meses. Los años son los mismos en todos los paneles; cada uno tiene su propia escala vertical.',
    stateAria: (name: string) => `${name}: víctimas de homicidio al mes, observadas y banda filtrada de 90%`,
    stateCaption: (observed: string, filtered: string) =>
      `últimos 12 meses: ${observed} observadas, mediana filtrada ${filtered}`,
    filter: 'Cómo el filtro encontró los datos',
    essTitle: 'Tamaño de muestra efectivo',
    essIntro: (median: string, lowest: string, particles: string, ll: string) =>
      `El número de partículas que llevan efectivamente el peso de cada mes, antes del remuestreo (línea punteada: las ${particles}). Mediana ${median}, mínimo ${lowest}. Log-verosimilitud de los conteos: ${ll}.`,
    essAria: 'Tamaño de muestra efectivo del filtro de partículas por mes',
    driverTitle: 'Impulsor del reclutamiento',
    driverIntro:
      'El impulsor del reclutamiento por mes: un multiplicador del reclutamiento del modelo publicado (línea punteada: 1, el modelo publicado), mediana y banda filtrada de 90%.',
    driverAria: 'Impulsor del reclutamiento por mes: mediana y banda filtrada de 90%',
    settings: 'Ajustes',
    settingsIntro:
      'Los ajustes del filtro en esta corrida (src/sim/assimilate/settings.ts explica por qué se eligió cada uno). Las escalas de ruido se estiman por filtrado iterado, con verosimilitudes de perfil, en atalaya calibrate nowcast.',
    setting: 'Ajuste',
    value: 'Valor',
    meaning: 'Significado',
    meanings: {
      recruitStart:
        'Impulsor del reclutamiento en el primer mes: distribución previa log-uniforme (1 = el reclutamiento del modelo publicado)',
      recruitSd: 'Paso mensual (logarítmico) del impulsor del reclutamiento',
      levelSd: 'Paso mensual (logarítmico) del nivel de cada estado (su deriva lenta frente al modelo)',
      commonSd:
        'Paso mensual (logarítmico) del factor nacional de intensidad (lo que mueve a todos los estados a la vez)',
      transientSd: 'Dispersión del conteo nacional de un mes que no persiste',
      levelPriorSd:
        'Dispersión previa del nivel logarítmico de un estado en el primer mes (amplia: el modelo puede errar 10×)',
      observationSd:
        'Dispersión del logaritmo del conteo de un mes más allá del ruido de Poisson (registro, eventos locales)',
      kappa: 'κ, homicidios por muerte en conflicto: distribución previa log-uniforme',
      nonCartelRate:
        'h, homicidios por 100 mil habitantes al año no ligados a los grupos: distribución previa uniforme',
    } as Record<SettingKey, string>,
    warnings: 'Advertencias',
    generated: (date: string) => `Generado por Atalaya el ${date}.`,
    note: 'Estimaciones de un modelo bajo supuestos explícitos, a partir de conteos oficiales que publicaciones posteriores revisan.',
  },
} as const;

type Text = (typeof TEXT)['en' | 'es'];

const CSS = `
.present{background:var(--soft);border-left:4px solid var(--blue);padding:10px 16px;margin:16px 0}
.present h2{border:0;margin:0;padding:0;font-size:1rem}
.present .now{font-size:1.35rem;font-weight:600;margin:4px 0}
.small-multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:12px 16px}
.small-multiples figure{border-top:1px solid var(--line);padding-top:4px}
.small-multiples figcaption strong{display:block;color:var(--ink);font-size:.9rem;line-height:1.25}
.pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px 28px}
table.settings th:last-child,td.meaning{text-align:left}
td.meaning{color:var(--muted)}
code{font-size:.9em}
.warnings{font-size:.85rem;color:#6b4a00;background:#fff8e1;border:1px solid #f0d68a;padding:8px 14px 8px 28px}
@media print{figure,tr{break-inside:avoid}}
`;

interface Ctx {
  input: NowcastReportInput;
  r: NowcastResult;
  locale: Locale;
  T: Text;
  doc: Document;
  xs: number[];
  xDomain: [number, number];
  incomplete: Set<string>;
}

export function renderNowcastReport(input: NowcastReportInput, options: NowcastReportOptions = {}): string {
  const locale: Locale = options.locale === 'es' ? 'es' : 'en';
  const T = TEXT[locale];
  const r = input.result;
  const xs = r.months.map(midMonthOf);
  const ctx: Ctx = {
    input,
    r,
    locale,
    T,
    doc: createDocument(),
    xs,
    xDomain: [timeOf(r.from), timeOf(r.to) + 1 / 12],
    incomplete: new Set(input.incompleteMonths.filter((m) => r.months.includes(m))),
  };
  const title = options.title ?? T.title;
  const date = formatDate(options.generatedAt ?? new Date().toISOString(), locale);
  return renderPage({
    locale,
    title,
    css: CSS,
    header: renderHeader(ctx, title, date),
    navLabel: T.nav,
    sections: [renderNational(ctx), renderStates(ctx), renderFilter(ctx), renderSettings(ctx)],
    footer: `${T.generated(date)} ${T.note}`,
  });
}

const code = (text: string) =>
  escapeHtml(text).replace(/atalaya calibrate (nowcast|holdout)/g, '<code>$&</code>');

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function bandText(b: Band, format: (v: number) => string): string {
  return `${format(b.p50)} [${format(b.p05)}–${format(b.p95)}]`;
}

function renderHeader(ctx: Ctx, title: string, date: string): string {
  const { r, T, locale, input } = ctx;
  const n = (v: number) => whole(v, locale);
  const two = (v: number) => fixed(v, 2, locale);
  const incomplete = [...ctx.incomplete].map((m) => monthName(m, locale));
  const meta = [
    [T.data, T.dataLine(input.source.release, T.sourceKind(input.source.kind))],
    [T.months, T.monthsLine(monthName(r.from, locale), monthName(r.to, locale), n(r.months.length))],
    [T.incomplete, incomplete.length > 0 ? T.incompleteLine(incomplete.join(', ')) : T.noIncomplete],
    [T.groups, input.groups.kind === 'files' ? T.groupsFiles(input.groups.citation) : T.groupsBuiltin],
  ]
    .map(([k, v]) => `<li>${escapeHtml(k)}: <strong>${escapeHtml(v)}</strong></li>`)
    .join('');
  const run = `<li>${escapeHtml(T.run(n(r.particles), String(r.seed)))}</li><li>${escapeHtml(date)}</li>`;
  const d = r.present.perDay;
  const driver = r.recruitment.at(-1)!;
  return [
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="subtitle">${escapeHtml(T.subtitle)}</p>`,
    `<ul class="meta">${meta}${run}</ul>`,
    `<section class="present" aria-labelledby="present-h"><h2 id="present-h">${escapeHtml(T.presentTitle)}</h2>`,
    `<p class="now">${escapeHtml(T.present(capitalize(monthName(r.present.month, locale)), n(d.p50), n(d.p05), n(d.p95)))}</p>`,
    `<p>${escapeHtml(T.driverNow(two(driver.p50), two(driver.p05), two(driver.p95)))}</p>`,
    `<p>${code(T.parametersNow(bandText(r.parameters.kappa, two), bandText(r.parameters.nonCartelRate, two)))}</p>`,
    '</section>',
    `<section class="how" aria-labelledby="how-h"><h2 id="how-h">${escapeHtml(T.howTitle)}</h2><p>${code(T.how)}</p></section>`,
    '</header>',
  ].join('\n');
}

function bandRows(ctx: Ctx, bands: Band[]): MonthBand[] {
  return bands.map((b, t) => ({ x: ctx.xs[t], p05: b.p05, p50: b.p50, p95: b.p95 }));
}

function legend(items: [SwatchKind, string][]): string {
  return `<div class="legend-row">${items
    .map(([kind, text]) => `<span>${swatch(kind)}${escapeHtml(text)}</span>`)
    .join('')}</div>`;
}

function renderNational(ctx: Ctx): PageSection {
  const { r, T, locale } = ctx;
  const n = (v: number) => whole(v, locale);
  const observed = r.national.observed.map((y, t) => {
    const month = r.months[t];
    const open = ctx.incomplete.has(month);
    return {
      x: ctx.xs[t],
      y,
      open,
      title: T.pointTitle(monthName(month, locale), n(y), bandText(r.national.filtered[t], n), open),
    };
  });
  const svg = monthlyBandChart(
    {
      band: bandRows(ctx, r.national.filtered),
      second: bandRows(ctx, r.national.smoothed),
      observed,
    },
    { doc: ctx.doc, locale, xDomain: ctx.xDomain, ariaLabel: T.nationalAria },
  );
  let inside = 0;
  let counted = 0;
  r.national.observed.forEach((y, t) => {
    if (!Number.isFinite(y) || ctx.incomplete.has(r.months[t])) return;
    counted++;
    const b = r.national.filtered[t];
    if (y >= b.p05 && y <= b.p95) inside++;
  });
  const share = counted > 0 ? `${fixed((100 * inside) / counted, 0, locale)}%` : '–';
  const items: [SwatchKind, string][] = [
    ['observed', T.legendObserved],
    ...(ctx.incomplete.size > 0 ? [['observedOpen', T.legendOpen] as [SwatchKind, string]] : []),
    ['band90', T.legendBand],
    ['median', T.legendMedian],
    ['secondBand', T.legendSmoothed],
  ];
  const html = [
    `<p>${escapeHtml(T.nationalIntro)}</p>`,
    legend(items),
    `<figure class="wide national">${svg}</figure>`,
    `<p class="coverage">${escapeHtml(T.coverage(n(inside), n(counted), share))}</p>`,
  ].join('\n');
  return section('national', T.national, html);
}

function renderStates(ctx: Ctx): PageSection {
  const { r, T, locale } = ctx;
  const n = (v: number) => whole(v, locale);
  const last = Math.max(0, r.months.length - 12);
  const ranked = r.states
    .map((s) => {
      let observed = 0;
      let filtered = 0;
      for (let t = last; t < r.months.length; t++) {
        if (Number.isFinite(s.observed[t])) observed += s.observed[t];
        filtered += s.filtered[t].p50;
      }
      return { s, observed, filtered };
    })
    .sort((a, b) => b.observed - a.observed || a.s.code.localeCompare(b.s.code));
  const panels = ranked.map(({ s, observed, filtered }) => {
    const panel = {
      band: bandRows(ctx, s.filtered),
      observed: s.observed.map((y, t) => ({ x: ctx.xs[t], y, open: ctx.incomplete.has(r.months[t]) })),
    };
    const svg = monthlyBandChart(panel, {
      doc: ctx.doc,
      locale,
      xDomain: ctx.xDomain,
      ariaLabel: T.stateAria(s.name),
      small: true,
      r: 1.3,
    });
    return `<figure class="state" id="state-${escapeHtml(s.code)}"><figcaption><strong>${escapeHtml(s.name)}</strong>${escapeHtml(T.stateCaption(n(observed), n(filtered)))}</figcaption>${svg}</figure>`;
  });
  const items: [SwatchKind, string][] = [
    ['observed', T.legendObserved],
    ...(ctx.incomplete.size > 0 ? [['observedOpen', T.legendOpen] as [SwatchKind, string]] : []),
    ['band90', T.legendBand],
    ['median', T.legendMedian],
  ];
  const html = [
    `<p>${escapeHtml(T.statesIntro)}</p>`,
    legend(items),
    `<div class="small-multiples">${panels.join('\n')}</div>`,
  ].join('\n');
  return section('states', T.states, html);
}

function renderFilter(ctx: Ctx): PageSection {
  const { r, T, locale } = ctx;
  const n = (v: number) => whole(v, locale);
  const sorted = [...r.ess].sort((a, b) => a - b);
  const median = sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)] : Number.NaN;
  const essPanel = { line: r.ess.map((y, t) => ({ x: ctx.xs[t], y })), rule: r.particles };
  const ess = monthlyBandChart(essPanel, {
    doc: ctx.doc,
    locale,
    xDomain: ctx.xDomain,
    yDomain: [0, r.particles * 1.04],
    ariaLabel: T.essAria,
    width: 540,
    height: 220,
  });
  const driverPanel = { band: bandRows(ctx, r.recruitment), rule: 1 };
  const driver = monthlyBandChart(driverPanel, {
    doc: ctx.doc,
    locale,
    xDomain: ctx.xDomain,
    yDomain: [0, Math.max(1.2, monthlyBandMax(driverPanel)) * 1.04],
    ariaLabel: T.driverAria,
    width: 540,
    height: 220,
    yFormat: (v) => fixed(v, 1, locale),
  });
  const html = [
    '<div class="pair">',
    `<figure class="ess"><h3>${escapeHtml(T.essTitle)}</h3><figcaption>${escapeHtml(T.essIntro(n(median), n(sorted[0] ?? Number.NaN), n(r.particles), fixed(r.logLikelihood, 1, locale).replace(/^-/, '−')))}</figcaption>${ess}</figure>`,
    `<figure class="driver"><h3>${escapeHtml(T.driverTitle)}</h3><figcaption>${escapeHtml(T.driverIntro)}</figcaption>${driver}</figure>`,
    '</div>',
  ].join('\n');
  return section('filter', T.filter, html);
}

/** A setting's value in the reader's language: a range "0.5–1.25" or a number with its own decimals. */
function settingValue(v: unknown, locale: Locale): string {
  const one = (x: unknown) =>
    typeof x === 'number'
      ? x.toLocaleString(locale === 'es' ? 'es-MX' : 'en-US', { maximumFractionDigits: 4 })
      : String(x);
  return Array.isArray(v) ? v.map(one).join('–') : one(v);
}

function renderSettings(ctx: Ctx): PageSection {
  const { r, T, locale } = ctx;
  const rows = Object.entries(r.settings).map(
    ([key, value]) =>
      `<tr><th scope="row"><code>${escapeHtml(key)}</code></th><td>${escapeHtml(settingValue(value, locale))}</td><td class="meaning">${escapeHtml(T.meanings[key as SettingKey] ?? '')}</td></tr>`,
  );
  const warnings = ctx.input.warnings ?? [];
  const html = [
    `<p>${code(T.settingsIntro)}</p>`,
    table('', [T.setting, T.value, T.meaning].map(escapeHtml), rows, 'settings'),
    warnings.length > 0
      ? `<h3>${escapeHtml(T.warnings)}</h3><ul class="warnings">${warnings.map((w) => `<li>${withCode(w)}</li>`).join('')}</ul>`
      : '',
  ].join('\n');
  return section('settings', T.settings, html);
}
