import { apiGet } from '../api.js';
import type { AreaEventsAnswer, ForecastAnswer, SeriesAnswer } from '../api-types.js';
import { areaSeriesChart, type ChartEvent } from '../charts/area-series.js';
import { el } from '../dom.js';
import { formatMonth, t } from '../i18n/locale.js';
import type { SeriesChoice } from './measures.js';
import { type MapMessage, tm } from './messages.js';

/**
 * The side panel of an area: its monthly counts, the forecast fan when the series is municipal, and the
 * dated events of the territory layers (rules on the chart, a list with sources below). Each part draws
 * when it arrives; an answer for an area no longer shown is dropped.
 */
export function showAreaDetail(
  detail: HTMLElement,
  series: SeriesChoice,
  area: { code: string; name: string },
  onClose: () => void,
): void {
  const { code } = area;
  const chart = el('div', { class: 'chart' }, t('loading'));
  const note = el('p', { class: 'note' });
  const eventList = el('div', { class: 'events' });
  const close = el('button', { type: 'button', class: 'close' }, t('close'));
  close.addEventListener('click', () => {
    detail.hidden = true;
    delete detail.dataset.code;
    onClose();
  });
  detail.replaceChildren(
    close,
    el('h2', {}, `${area.name} (${code})`),
    el('p', {}, `${tm('seriesTitle')} · ${series.title}`),
    chart,
    note,
    eventList,
  );
  detail.hidden = false;
  detail.dataset.code = code;
  const current = () => detail.dataset.code === code;
  const width = Math.max(320, Math.min(640, detail.clientWidth - 16));

  const history = apiGet<SeriesAnswer>(`/api/series/${series.id}`, { level: series.level, area: code });
  const events = apiGet<AreaEventsAnswer>('/api/territory/events', { area: code }).then(
    (a) => a.events,
    () => [],
  );
  const forecast =
    series.level === 'municipality'
      ? apiGet<ForecastAnswer>('/api/forecast', { series: series.id, area: code })
      : undefined;

  let drawn: { rows: SeriesAnswer['rows']; fan: ForecastAnswer['forecasts']; marks: ChartEvent[] } = {
    rows: [],
    fan: [],
    marks: [],
  };
  const redraw = (part: Partial<typeof drawn>) => {
    drawn = { ...drawn, ...part };
    chart.replaceChildren(areaSeriesChart(drawn.rows, drawn.fan, width, drawn.marks));
  };

  history
    .then(async (h) => {
      if (!current()) return;
      redraw({ rows: h.rows });
      const list = await events;
      if (!current()) return;
      redraw({
        marks: list.map((e) => ({
          month: e.date.slice(0, 7),
          here: e.groups.length > 0,
          label: eventLabel(e),
        })),
      });
      eventList.replaceChildren(...eventItems(list, h.rows[0]?.period, h.rows.at(-1)?.period));
      if (!forecast) return;
      note.textContent = tm('forecastLoading');
      await forecast.then(
        (f) => {
          if (!current()) return;
          redraw({ fan: f.forecasts });
          note.textContent = `${tm('forecast')} · ${f.model}, ${formatMonth(f.asOf)}`;
        },
        (err: Error) => {
          if (current()) note.textContent = `${tm('forecastUnavailable')}: ${err.message}`;
        },
      );
    })
    .catch((err: Error) => {
      if (current()) chart.textContent = `${t('error')}: ${err.message}`;
    });
}

type AreaEvent = AreaEventsAnswer['events'][number];

function kindLabel(kind: string): string {
  return tm(`kind_${kind.replaceAll('-', '_')}` as MapMessage);
}

function eventLabel(e: AreaEvent): string {
  const who = e.other ? `${e.group} / ${e.other}` : e.group;
  return `${e.date} · ${kindLabel(e.kind)} · ${who}${e.what ? ` — ${e.what}` : ''}`;
}

/** The events within the series' months (the chart shows no others), those concerning the area first. */
function eventItems(list: AreaEvent[], first?: string, last?: string): Node[] {
  const shown = list.filter((e) => (!first || e.date >= first) && (!last || e.date.slice(0, 7) <= last));
  const heading = el('h3', {}, tm('events'));
  if (shown.length === 0) return [heading, el('p', { class: 'note' }, tm('noEvents'))];
  const ordered = [
    ...shown.filter((e) => e.groups.length > 0),
    ...shown.filter((e) => e.groups.length === 0),
  ];
  const items = ordered.map((e) =>
    el(
      'li',
      { class: e.groups.length > 0 ? 'here' : 'context' },
      el('strong', {}, `${e.date} · ${kindLabel(e.kind)}`),
      ` ${e.other ? `${e.group} / ${e.other}` : e.group}`,
      e.what ? ` — ${e.what}` : '',
      e.groups.length > 0
        ? el('span', { class: 'concerns' }, ` (${tm('eventsHere', { groups: e.groups.join(', ') })})`)
        : '',
      el('br'),
      el('small', {}, `${tm('source')}: ${e.source}`),
    ),
  );
  return [heading, el('p', { class: 'note' }, tm('eventsIntro')), el('ul', {}, ...items)];
}
