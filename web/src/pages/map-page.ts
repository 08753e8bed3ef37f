import { ApiError, apiGet } from '../api.js';
import type { DataStatus } from '../api-types.js';
import { el } from '../dom.js';
import { t } from '../i18n/locale.js';
import { showAreaDetail } from '../map/area-detail.js';
import { type Choropleth, createChoropleth } from '../map/choropleth.js';
import { colorScale } from '../map/color-scale.js';
import { loadProjected } from '../map/geometry.js';
import {
  MEASURE_IDS,
  type Measure,
  type MeasureId,
  type MeasureLayer,
  measures,
  type SeriesChoice,
} from '../map/measures.js';
import { type MapMessage, tm } from '../map/messages.js';
import { createTimeSlider } from '../map/time-slider.js';
import { createTooltip } from '../map/tooltip.js';
import type { Page } from '../page.js';
import {
  AREA_LEVELS,
  chooseSeries,
  freshnessOf,
  seriesKey as key,
  latestVintages,
  newerPresent,
  openingMonth,
  todayMonth,
} from '../present.js';
import { href, replaceParams } from '../router.js';
import { showStaleWarning, staleWarningNode } from '../stale-warning.js';

/**
 * The map: a series of the cache (municipal or state) coloured by a measure — the month's rate per 100,000,
 * its change on a year earlier, the next month's forecast or the probability of escalation — with a time
 * slider for the monthly measures, hover for the value, click or search for the area's series, forecast
 * and events. The address keeps the state: `?series=ID&level=…&measure=…&month=YYYY-MM&area=CODE`.
 *
 * Without an address, the map opens on the present: the municipal homicide series with the newest month
 * (`present` of /api/data/status), on that month (provisional months are marked). A month more than six
 * months before the server's today is shown with a warning (`p.stale-warning`) that links to the present
 * when the cache has it.
 */
/** The default when the status names no present (an older server, or no homicide series). */
const DEFAULT_SERIES = 'inegi.homicides';
type Level = (typeof AREA_LEVELS)[number];

export const mapPage: Page = (root, params) => {
  let alive = true;
  const status = el('p', { class: 'status' }, t('loading'));
  const controls = el('div', { class: 'controls map-controls' });
  const sliderBox = el('div', { class: 'controls' });
  const staleBox = staleWarningNode();
  const mapBox = el('div', { class: 'map-box' });
  const legend = el('div', { class: 'legend' });
  const detail = el('aside', { class: 'detail', hidden: '' });
  root.append(
    el('h1', {}, tm('title')),
    el('p', { class: 'hint' }, tm('hint')),
    controls,
    sliderBox,
    staleBox,
    status,
    el('div', { class: 'map-layout' }, el('div', {}, legend, mapBox), detail),
  );
  const tooltip = createTooltip(mapBox);
  const all = measures(tm);
  const maps = new Map<string, Promise<Choropleth>>();
  let disposeSlider = () => {};
  let shown: MeasureLayer = { values: new Map(), names: new Map(), caption: '' };
  let map: Choropleth | undefined;
  let series: SeriesChoice;
  let measure: Measure;
  let month = '';
  let dataStatus: DataStatus | undefined;

  const fail = (err: unknown) => {
    if (!alive) return;
    status.textContent = `${t('error')}: ${(err as Error).message}`;
    status.classList.add('error');
  };

  /** One choropleth per level, projected once and kept: switching series never re-projects. */
  const mapFor = (level: Level) => {
    let pending = maps.get(level);
    if (!pending) {
      pending = loadProjected(level).then(createChoropleth);
      maps.set(level, pending);
    }
    return pending;
  };

  /** Draw the chosen series and measure: the right map, the legend, the slider, the first colours. */
  let generation = 0;
  const apply = async () => {
    // A newer choice supersedes this one: every await is followed by this check.
    const mine = ++generation;
    const stale = () => !alive || mine !== generation;
    const [sr, ms] = [series, measure];
    disposeSlider();
    disposeSlider = () => {};
    sliderBox.replaceChildren();
    const available = ms.available(sr);
    const months = available && ms.monthly ? ms.months(sr) : [];
    // The month the map opens on (the present's, for the present series), which also sets the scale of
    // the monthly measures, and the origin of the forecast ones.
    const opening = openingMonth(dataStatus, sr);
    const lastMonth = months.length === 0 || months.includes(opening) ? opening : months.at(-1)!;
    status.classList.remove('error');
    status.textContent = t('loading');
    // Geometry and values are fetched together, and the map is attached only once coloured: painting
    // 2,469 uncoloured paths first costs a frame (bench/dashboard-map.ts).
    const [next, reference] = await Promise.all([
      mapFor(sr.level as Level),
      // Monthly measures share one scale, set by the last month, so that months compare.
      available ? ms.load(sr, lastMonth) : undefined,
    ]);
    if (stale()) return;
    const attach = () => {
      if (next.svg.parentNode === mapBox) return;
      mapBox.replaceChildren(next.svg, tooltip.node);
      next.focus(undefined);
    };
    map = next;
    if (!reference) {
      legend.replaceChildren();
      showStaleWarning(staleBox, undefined);
      status.textContent = tm('unavailable');
      next.recolor(() => colorScale([]).fill(undefined));
      attach();
      return;
    }
    const scale = colorScale(reference.values.values(), ms.scale);
    legend.replaceChildren(
      scale.legend(tm(`${ms.id}Label` as MapMessage)),
      ms.monthly ? el('p', { class: 'note' }, tm('scaleNote')) : '',
    );
    const show = async (m: string) => {
      const layer = m === lastMonth ? reference : await ms.load(sr, m);
      if (stale() || m !== month) return;
      shown = layer;
      next.recolor((code) => scale.fill(layer.values.get(code)));
      attach();
      const provisional = ms.monthly && sr.incompleteMonths.includes(m);
      status.textContent = provisional ? `${layer.caption} (${t('preliminary')})` : layer.caption;
      warnIfStale(sr, layer.dataMonth);
      fillSearch(layer.names);
      // For bench/dashboard-map.ts: when the map shows a month (the first one: the page is interactive).
      performance.mark('atalaya:map-month', { detail: m });
    };
    if (!ms.monthly) {
      month = lastMonth;
      replaceParams({ month: undefined });
      return show(month);
    }
    if (!months.includes(month)) month = lastMonth;
    const slider = createTimeSlider(months, month, (m) => {
      performance.mark('atalaya:map-month-asked', { detail: m });
      month = m;
      replaceParams({ month: m });
      show(m).catch(fail);
    });
    disposeSlider = slider.dispose;
    sliderBox.append(slider.node);
    await show(month);
  };

  /** The stale warning for the month shown, with a link to the present of the level when it is newer. */
  const warnIfStale = (sr: SeriesChoice, dataMonth: string | undefined) => {
    if (!dataMonth || !dataStatus) return showStaleWarning(staleBox, undefined);
    const level = sr.level as Level;
    const newer = newerPresent(dataStatus, level, dataMonth);
    showStaleWarning(
      staleBox,
      freshnessOf(dataMonth, todayMonth(dataStatus)),
      newer && {
        label: `${newer.series.title} (${tm(level)})`,
        month: newer.month,
        href: href('map', { series: newer.series.id, level }),
      },
    );
  };

  // Controls: series, measure, search.
  const seriesSelect = el('select', { id: 'map-series' });
  const measureSelect = el('select', { id: 'map-measure' });
  for (const id of MEASURE_IDS)
    measureSelect.append(el('option', { value: id }, tm(`measure_${id}` as MapMessage)));
  const search = el('input', {
    id: 'map-search',
    type: 'search',
    list: 'map-areas',
    placeholder: tm('searchPlaceholder'),
    autocomplete: 'off',
  });
  const areaList = el('datalist', { id: 'map-areas' });
  controls.append(
    el('label', { for: 'map-series' }, tm('series')),
    seriesSelect,
    el('label', { for: 'map-measure' }, tm('measure')),
    measureSelect,
    el('label', { for: 'map-search' }, tm('search')),
    search,
    areaList,
  );
  let listed = 0;
  const fillSearch = (names: Map<string, string>) => {
    if (names.size === listed) return;
    listed = names.size;
    areaList.replaceChildren(
      ...[...names].map(([code, name]) => el('option', { value: `${name} (${code})` })),
    );
  };

  const openArea = (code: string) => {
    replaceParams({ area: code });
    map?.focus(code);
    showAreaDetail(detail, series, { code, name: shown.names.get(code) ?? code }, () => {
      replaceParams({ area: undefined });
      map?.focus(undefined);
    });
  };

  search.addEventListener('change', () => {
    const query = search.value.trim();
    if (!query) return;
    const code = /\((\d{2}|\d{5})\)$/.exec(query)?.[1] ?? findArea(shown.names, query);
    if (code && shown.names.has(code)) {
      search.setCustomValidity('');
      openArea(code);
    } else {
      search.setCustomValidity(tm('notFound', { query }));
      search.reportValidity();
    }
  });

  mapBox.addEventListener('mousemove', (e) => {
    const code = map?.codeAt(e.target);
    if (!code) return tooltip.hide();
    const value = shown.values.get(code);
    tooltip.show(e, [
      shown.names.get(code) ?? code,
      `${tm('code')}: ${code}`,
      `${tm('value')}: ${value === undefined ? t('noData') : measure.format(value)}`,
    ]);
  });
  mapBox.addEventListener('mouseleave', () => tooltip.hide());
  mapBox.addEventListener('click', (e) => {
    const code = map?.codeAt(e.target);
    if (code) openArea(code);
  });

  (async () => {
    // The geometry is the largest download and its drawing the longest step: start it at once.
    mapFor(params.get('level') === 'state' ? 'state' : 'municipality').catch(() => {});
    const answer = await apiGet<DataStatus>('/api/data/status');
    const choices = latestVintages(
      (answer.series ?? []).filter((s) => (AREA_LEVELS as readonly string[]).includes(s.level)),
    );
    const chosen = chooseSeries(
      choices,
      answer,
      { series: params.get('series'), level: params.get('level') },
      DEFAULT_SERIES,
    );
    if (!chosen) throw new ApiError(409, answer.hint ?? t('noData'));
    if (!alive) return;
    dataStatus = answer;
    // Readable names (the id and release on hover), municipal series first.
    for (const level of AREA_LEVELS) {
      for (const s of choices.filter((c) => c.level === level)) {
        seriesSelect.append(
          el(
            'option',
            { value: key(s), title: `${s.id} · ${s.vintage}` },
            `${s.title} (${tm(s.level as MapMessage)})`,
          ),
        );
      }
    }
    series = chosen;
    seriesSelect.value = key(series);
    const wantedMeasure = params.get('measure') as MeasureId | null;
    measure = all[wantedMeasure && MEASURE_IDS.includes(wantedMeasure) ? wantedMeasure : 'rate'];
    measureSelect.value = measure.id;
    month = params.get('month') ?? '';

    seriesSelect.addEventListener('change', () => {
      series = choices.find((s) => key(s) === seriesSelect.value) ?? series;
      replaceParams({ series: series.id, level: series.level, area: undefined });
      detail.hidden = true;
      apply().catch(fail);
    });
    measureSelect.addEventListener('change', () => {
      measure = all[measureSelect.value as MeasureId];
      replaceParams({ measure: measure.id });
      apply().catch(fail);
    });
    await apply();
    const focus = params.get('area');
    if (focus && alive) openArea(focus);
  })().catch(fail);

  return () => {
    alive = false;
    disposeSlider();
  };
};

/** An area by its exact code or name (accents and case ignored), if exactly one fits. */
function findArea(names: Map<string, string>, query: string): string | undefined {
  if (names.has(query)) return query;
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const q = fold(query);
  const hits = [...names].filter(([, name]) => fold(name) === q);
  return hits.length === 1 ? hits[0][0] : undefined;
}
