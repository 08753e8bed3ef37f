import { ApiError, apiGet } from '../api.js';
import type { DataStatus, ForecastAnswer, SeriesAnswer } from '../api-types.js';
import { areaSeriesChart } from '../charts/area-series.js';
import { el } from '../dom.js';
import { formatMonth, formatNumber, t } from '../i18n/locale.js';
import { createChoropleth } from '../map/choropleth.js';
import { colorScale } from '../map/color-scale.js';
import { loadAreas } from '../map/geometry.js';
import { createTimeSlider } from '../map/time-slider.js';
import { createTooltip } from '../map/tooltip.js';
import { monthRange } from '../months.js';
import type { Page } from '../page.js';
import { replaceParams } from '../router.js';

/**
 * The map: municipal homicide rates per 100,000 for one month (slider), hover for the value, click for the
 * municipality's monthly series with its forecast. `?area=CODE` focuses a municipality, `?month=` a month.
 */
const SERIES = 'inegi.homicides';

export const mapPage: Page = (root, params) => {
  let alive = true;
  const status = el('p', { class: 'status' }, t('loading'));
  const controls = el('div', { class: 'controls' });
  const mapBox = el('div', { class: 'map-box' });
  const legend = el('div', { class: 'legend' });
  const detail = el('aside', { class: 'detail', hidden: '' });
  root.append(
    el('h1', {}, t('mapTitle')),
    el('p', { class: 'hint' }, t('mapHint')),
    controls,
    status,
    el('div', { class: 'map-layout' }, el('div', {}, legend, mapBox), detail),
  );
  let disposeSlider = () => {};

  (async () => {
    const [statusAnswer, areas, states] = await Promise.all([
      apiGet<DataStatus>('/api/data/status'),
      loadAreas('municipality'),
      loadAreas('state').catch(() => []),
    ]);
    const info = statusAnswer.series?.find((s) => s.id === SERIES && s.level === 'municipality');
    if (!info) throw new ApiError(409, statusAnswer.hint ?? `${SERIES}?`);
    const months = monthRange(info.first, info.last);
    const wanted = params.get('month');
    let month = wanted && months.includes(wanted) ? wanted : info.last;
    if (!alive) return;

    const map = createChoropleth(areas, states);
    const tooltip = createTooltip(mapBox);
    mapBox.append(map.svg, tooltip.node);
    const latest = await monthValues(info.last);
    const scale = colorScale(latest.values.values());
    legend.replaceChildren(scale.legend(t('mapRateLabel')));
    let shown = latest;

    const show = async (m: string) => {
      const answer = await monthValues(m);
      if (!alive || m !== month) return;
      shown = answer;
      map.recolor((code) => scale.fill(answer.values.get(code)));
      status.textContent = `${formatMonth(m)} · ${t('mapRateLabel')}`;
      // For bench/dashboard-map.ts: when the map shows a month (the first one: the page is interactive).
      performance.mark('atalaya:map-month', { detail: m });
    };
    await show(month);
    const slider = createTimeSlider(months, month, (m) => {
      performance.mark('atalaya:map-month-asked', { detail: m });
      month = m;
      replaceParams({ month: m });
      show(m).catch(fail);
    });
    disposeSlider = slider.dispose;
    controls.append(slider.node);

    map.svg.addEventListener('mousemove', (e) => {
      const code = map.codeAt(e.target);
      if (!code) return tooltip.hide();
      const value = shown.values.get(code);
      tooltip.show(e, [
        shown.names.get(code) ?? code,
        `${t('code')}: ${code}`,
        `${t('value')}: ${value === undefined ? t('noData') : formatNumber(value, 2)}`,
      ]);
    });
    map.svg.addEventListener('mouseleave', () => tooltip.hide());
    map.svg.addEventListener('click', (e) => {
      const code = map.codeAt(e.target);
      if (code) openArea(code, shown.names.get(code) ?? code);
    });

    const openArea = (code: string, name: string) => {
      replaceParams({ area: code });
      map.focus(code);
      showDetail(detail, code, name, () => {
        replaceParams({ area: undefined });
        map.focus(undefined);
      });
    };
    const focus = params.get('area');
    if (focus) openArea(focus, shown.names.get(focus) ?? focus);
  })().catch(fail);

  function fail(err: unknown) {
    if (!alive) return;
    status.textContent = `${t('error')}: ${(err as Error).message}`;
    status.classList.add('error');
  }

  return () => {
    alive = false;
    disposeSlider();
  };
};

/** Rates per 100,000 of every municipality in one month (one request per month, kept by apiGet). */
async function monthValues(month: string) {
  const answer = await apiGet<SeriesAnswer>(`/api/series/${SERIES}`, {
    level: 'municipality',
    per100k: true,
    from: month,
    to: month,
  });
  const values = new Map<string, number>();
  const names = new Map<string, string>();
  for (const r of answer.rows) {
    if (Number.isFinite(r.value)) values.set(r.area, r.value);
    names.set(r.area, r.name);
  }
  return { values, names };
}

/** The side panel: the municipality's monthly counts, then the forecast fan when the server has one. */
function showDetail(detail: HTMLElement, code: string, name: string, onClose: () => void): void {
  const chart = el('div', { class: 'chart' }, t('loading'));
  const note = el('p', { class: 'note' });
  const close = el('button', { type: 'button', class: 'close' }, t('close'));
  close.addEventListener('click', () => {
    detail.hidden = true;
    onClose();
  });
  detail.replaceChildren(
    close,
    el('h2', {}, `${name} (${code})`),
    el('p', {}, t('seriesTitle')),
    chart,
    note,
  );
  detail.hidden = false;
  const width = Math.max(320, Math.min(640, detail.clientWidth - 16));
  const history = apiGet<SeriesAnswer>(`/api/series/${SERIES}`, { level: 'municipality', area: code });
  history
    .then((h) => {
      if (detail.dataset.code !== code) return;
      chart.replaceChildren(areaSeriesChart(h.rows, [], width));
      note.textContent = t('forecastLoading');
      return apiGet<ForecastAnswer>('/api/forecast', { series: SERIES, area: code }).then(
        (f) => {
          if (detail.dataset.code !== code) return;
          chart.replaceChildren(areaSeriesChart(h.rows, f.forecasts, width));
          note.textContent = `${t('forecast')} · ${f.model}, ${formatMonth(f.asOf)}`;
        },
        (err: Error) => {
          if (detail.dataset.code === code) note.textContent = `${t('forecastUnavailable')}: ${err.message}`;
        },
      );
    })
    .catch((err: Error) => {
      if (detail.dataset.code === code) chart.textContent = `${t('error')}: ${err.message}`;
    });
  detail.dataset.code = code;
}
