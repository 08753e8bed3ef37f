import { ApiError, apiGet } from '../api.js';
import type { AreaLevel, DataStatus, Hotspot, HotspotsAnswer, StatusSeries } from '../api-types.js';
import { el } from '../dom.js';
import { createHotspotMap, HOTSPOT_COLOURS, type HotspotColour } from '../hotspots/hotspot-map.js';
import { type HotspotMessage, th } from '../hotspots/messages.js';
import { type HotspotTable, hotspotTable } from '../hotspots/table.js';
import { formatMonth, formatNumber, formatPercent, t } from '../i18n/locale.js';
import { HOTSPOT_TOP, hotspotsQuery, monthRates } from '../map/measures.js';
import type { Page } from '../page.js';
import {
  AREA_LEVELS,
  freshnessOf,
  homicideChoices,
  isAreaLevel,
  newerPresent,
  openingMonth,
  originMonths,
  todayMonth,
} from '../present.js';
import { href, replaceParams } from '../router.js';
import { showStaleWarning, staleWarningNode } from '../stale-warning.js';

/**
 * Hot spots: the areas ranked by /api/hotspots for the month after the data month, with their own map.
 * Pickers choose the homicide series (those the status's `present` lists), the level and the month of
 * data (the forecast origin); without an address the page opens on the present — the municipal series
 * with the newest month, from that month. The address keeps the state:
 * `?series=ID&level=…&month=YYYY-MM&colour=rate|expected`. The query is the one the map's forecast layer
 * asks (`hotspotsQuery`), so that the server fits the model once for both.
 *
 * The map and the table are linked: the pointer over a row (or a click on it) outlines the area on the
 * map; a click on an area marks its row and scrolls to it when the area is ranked.
 */
export const hotspotsPage: Page = (root, params) => {
  let alive = true;
  const seriesSelect = el('select', { id: 'hotspots-series' });
  const levelSelect = el('select', { id: 'hotspots-level' });
  const monthSelect = el('select', { id: 'hotspots-month' });
  const colourSelect = el('select', { id: 'hotspots-colour' });
  for (const c of HOTSPOT_COLOURS)
    colourSelect.append(el('option', { value: c }, th(`colour_${c}` as HotspotMessage)));
  const controls = el(
    'div',
    { class: 'controls map-controls' },
    el('label', { for: 'hotspots-series' }, th('series')),
    seriesSelect,
    el('label', { for: 'hotspots-level' }, th('level')),
    levelSelect,
    el('label', { for: 'hotspots-month' }, th('month')),
    monthSelect,
    el('label', { for: 'hotspots-colour' }, th('colour')),
    colourSelect,
  );
  const source = el('p', { class: 'data-source' });
  const stale = staleWarningNode();
  const status = el('p', { class: 'status' }, t('loading'));
  const selection = el('p', { class: 'note selection', hidden: '' });
  const tableBox = el('div', { class: 'table-wrap' });
  const warnings = el('ul', { class: 'warnings' });
  let table: HotspotTable | undefined;
  let selected: string | undefined;

  const hotMap = createHotspotMap({ top: HOTSPOT_TOP, onSelect: (code) => select(code) });
  root.append(
    el('h1', {}, t('hotspotsTitle')),
    el('p', { class: 'hint' }, th('hint')),
    controls,
    source,
    stale,
    status,
    el('div', { class: 'hotspots-layout' }, el('div', {}, hotMap.node, selection), tableBox),
    warnings,
  );

  let dataStatus: DataStatus;
  let choices: Record<AreaLevel, StatusSeries[]> = { municipality: [], state: [] };
  let level: AreaLevel = 'municipality';
  let series: StatusSeries;
  let month = '';
  let colour: HotspotColour = params.get('colour') === 'expected' ? 'expected' : 'rate';
  let shown: HotspotsAnswer | undefined;
  let shownNames = new Map<string, string>();

  /** Mark an area in the table and on the map (a click on either). */
  function select(code: string | undefined): void {
    selected = code;
    hotMap.highlight(code);
    const ranked = table?.select(code) ?? false;
    if (!code || !shown || ranked) {
      selection.hidden = true;
      return;
    }
    // An area outside the table: say so under the map, with its expected count.
    const row = shown.all.find((r) => r.area === code);
    selection.textContent = [
      code,
      row
        ? th('expectedLine', {
            target: formatMonth(shown.target),
            value: formatNumber(row.expected, 1),
            p05: formatNumber(row.p05, 0),
            p95: formatNumber(row.p95, 0),
          })
        : t('noData'),
      th('unranked', { top: String(HOTSPOT_TOP) }),
    ].join(' · ');
    selection.hidden = false;
  }

  const fillSeries = () => {
    seriesSelect.replaceChildren(
      ...choices[level].map((s) => el('option', { value: s.id, title: `${s.id} · ${s.vintage}` }, s.title)),
    );
    seriesSelect.value = series.id;
  };
  const fillMonths = () => {
    monthSelect.replaceChildren(
      ...originMonths(series).map((m) =>
        el(
          'option',
          { value: m },
          series.incompleteMonths.includes(m) ? `${formatMonth(m)} (${t('preliminary')})` : formatMonth(m),
        ),
      ),
    );
    monthSelect.value = month;
  };
  /** The series of the level the address or the present names, on the month the address names or its newest. */
  const setSeries = (id: string | null | undefined, wantedMonth?: string | null) => {
    const list = choices[level];
    series =
      list.find((s) => s.id === id) ??
      list.find((s) => s.id === dataStatus.present?.[level]?.series) ??
      list[0];
    const months = originMonths(series);
    month = wantedMonth && months.includes(wantedMonth) ? wantedMonth : openingMonth(dataStatus, series);
    fillSeries();
    fillMonths();
  };

  let generation = 0;
  const load = async () => {
    const mine = ++generation;
    const current = () => alive && mine === generation;
    const [lv, sr, m] = [level, series, month];
    status.classList.remove('error');
    status.textContent = t('loading');
    showStaleWarning(stale, freshnessOf(m, todayMonth(dataStatus)), newerLink(lv, m));
    let answer: HotspotsAnswer;
    let names: Map<string, string>;
    try {
      [answer, names] = await Promise.all([
        apiGet<HotspotsAnswer>('/api/hotspots', hotspotsQuery(sr, m)),
        // Names of the unranked areas, for the map's tooltip (the map page asks the same month).
        monthRates(sr, m).then(
          (r) => r.names,
          () => new Map<string, string>(),
        ),
      ]);
    } catch (err) {
      if (!current()) return;
      shown = undefined;
      source.textContent = '';
      tableBox.replaceChildren();
      warnings.replaceChildren();
      hotMap.clear();
      throw err;
    }
    if (!current()) return;
    shown = answer;
    shownNames = names;
    const fresh = answer.freshness ?? freshnessOf(answer.asOf, todayMonth(dataStatus));
    source.textContent = th('source', {
      title: answer.title ?? sr.title,
      id: answer.series,
      vintage: answer.vintage,
      asOf: formatMonth(answer.asOf),
      target: formatMonth(answer.target),
      model: answer.model,
    });
    showStaleWarning(stale, fresh, newerLink(lv, answer.asOf));
    status.replaceChildren(
      th(lv === 'state' ? 'introState' : 'introMunicipality', {
        target: formatMonth(answer.target),
        asOf: formatMonth(answer.asOf),
      }),
      ' ',
      `${t('nationalExpected')}: ${formatNumber(answer.nationalExpected, 0)}. `,
      t('top10Share', { share: formatPercent(answer.top10.share, 0) }),
    );
    table = hotspotTable(answer.hotspots, {
      level: lv,
      link: (h: Hotspot) => href('map', { series: sr.id, level: lv, month: answer.asOf, area: h.area }),
      onHover: (code) => hotMap.highlight(code ?? selected),
      onSelect: (code) => select(code),
    });
    tableBox.replaceChildren(table.node);
    // The page words the stale warning itself (above, in the page's language): the server's is left out.
    const staleText = `${answer.title} (${answer.series}, release ${answer.vintage}) ends `;
    const rest = answer.warnings.filter((w) => !w.startsWith(staleText));
    warnings.replaceChildren(...rest.map((w) => el('li', {}, w)));
    await hotMap.draw(lv, answer, names, colour);
    if (!current()) return;
    select(selected && answer.all.some((r) => r.area === selected) ? selected : undefined);
  };

  /** A link to the present of the level when it is newer than the month shown. */
  const newerLink = (lv: AreaLevel, m: string) => {
    const newer = newerPresent(dataStatus, lv, m);
    return (
      newer && {
        label: newer.series.title,
        month: newer.month,
        href: href('hotspots', { series: newer.series.id, level: lv }),
      }
    );
  };

  const fail = (err: unknown) => {
    if (!alive) return;
    status.textContent = `${t('error')}: ${(err as Error).message}`;
    status.classList.add('error');
  };
  const reload = () => {
    replaceParams({ series: series.id, level, month, colour: colour === 'rate' ? undefined : colour });
    load().catch(fail);
  };

  (async () => {
    const answer = await apiGet<DataStatus>('/api/data/status');
    if (!alive) return;
    dataStatus = answer;
    choices = {
      municipality: homicideChoices(answer, 'municipality'),
      state: homicideChoices(answer, 'state'),
    };
    const levels = AREA_LEVELS.filter((l) => choices[l].length > 0);
    if (levels.length === 0) throw new ApiError(409, answer.hint ?? t('noData'));
    for (const l of levels) levelSelect.append(el('option', { value: l }, th(l)));
    const wantedLevel = params.get('level');
    level = isAreaLevel(wantedLevel) && levels.includes(wantedLevel) ? wantedLevel : levels[0];
    levelSelect.value = level;
    colourSelect.value = colour;
    setSeries(params.get('series'), params.get('month'));

    levelSelect.addEventListener('change', () => {
      level = levelSelect.value as AreaLevel;
      selected = undefined;
      setSeries(undefined);
      reload();
    });
    seriesSelect.addEventListener('change', () => {
      selected = undefined;
      setSeries(seriesSelect.value);
      reload();
    });
    monthSelect.addEventListener('change', () => {
      month = monthSelect.value;
      reload();
    });
    colourSelect.addEventListener('change', () => {
      colour = colourSelect.value as HotspotColour;
      replaceParams({ colour: colour === 'rate' ? undefined : colour });
      if (shown) hotMap.draw(level, shown, shownNames, colour).catch(fail);
    });
    await load();
  })().catch(fail);

  return () => {
    alive = false;
  };
};
