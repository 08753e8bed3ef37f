import type { AreaLevel, HotspotsAnswer } from '../api-types.js';
import { el } from '../dom.js';
import { formatMonth, formatNumber, t } from '../i18n/locale.js';
import { type Choropleth, createChoropleth } from '../map/choropleth.js';
import { colorScale } from '../map/color-scale.js';
import { loadProjected } from '../map/geometry.js';
import { createTooltip } from '../map/tooltip.js';
import { th } from './messages.js';

/**
 * The Hot spots page's own map: every area of the answer coloured by its expected rate (or count) for the
 * target month, with the map page's geometry and colour scale. The tooltip gives the expected count with
 * its 90% interval; `highlight` outlines an area (a table row under the pointer), and a click on an area
 * calls `onSelect` (the page marks its row).
 */
export type HotspotColour = 'rate' | 'expected';
export const HOTSPOT_COLOURS: readonly HotspotColour[] = ['rate', 'expected'];

type AreaRow = HotspotsAnswer['all'][number];

/** The value an area is coloured by. */
export function colourValue(r: AreaRow, colour: HotspotColour): number {
  return colour === 'rate' ? r.ratePer100k : r.expected;
}

/** The tooltip of an area: name, code, expected count with its interval, rate, and its rank if ranked. */
export function areaLines(
  answer: Pick<HotspotsAnswer, 'target' | 'hotspots'>,
  row: AreaRow | undefined,
  code: string,
  name: string | undefined,
  top: number,
): string[] {
  const lines = [name ?? code, `${th('code')}: ${code}`];
  if (!row) return [...lines, t('noData')];
  const rank = answer.hotspots.find((h) => h.area === code)?.rank;
  return [
    ...lines,
    th('expectedLine', {
      target: formatMonth(answer.target),
      value: formatNumber(row.expected, 1),
      p05: formatNumber(row.p05, 0),
      p95: formatNumber(row.p95, 0),
    }),
    th('rateLine', { value: formatNumber(row.ratePer100k, 1) }),
    rank ? th('rankLine', { rank: String(rank) }) : th('unranked', { top: String(top) }),
  ];
}

export interface HotspotMap {
  node: HTMLElement;
  /** Colour the level's map by the answer (geometry fetched once per level). */
  draw(
    level: AreaLevel,
    answer: HotspotsAnswer,
    names: Map<string, string>,
    colour: HotspotColour,
  ): Promise<void>;
  /** Grey every area (no answer). */
  clear(): void;
  highlight(code: string | undefined): void;
}

export function createHotspotMap(options: { top: number; onSelect: (code: string) => void }): HotspotMap {
  const legend = el('div', { class: 'legend' });
  const box = el('div', { class: 'map-box' });
  const node = el('div', { class: 'hotspots-map' }, el('h2', {}, th('mapTitle')), legend, box);
  const tooltip = createTooltip(box);
  const maps = new Map<AreaLevel, Promise<Choropleth>>();
  let map: Choropleth | undefined;
  let shown: { answer: HotspotsAnswer; byArea: Map<string, AreaRow>; names: Map<string, string> } | undefined;
  let highlighted: string | undefined;

  const mapFor = (level: AreaLevel) => {
    let pending = maps.get(level);
    if (!pending) {
      pending = loadProjected(level).then(createChoropleth);
      // A failed download is asked again next time.
      pending.catch(() => maps.delete(level));
      maps.set(level, pending);
    }
    return pending;
  };

  box.addEventListener('mousemove', (e) => {
    const code = map?.codeAt(e.target);
    if (!code || !shown) return tooltip.hide();
    tooltip.show(
      e,
      areaLines(shown.answer, shown.byArea.get(code), code, shown.names.get(code), options.top),
    );
  });
  box.addEventListener('mouseleave', () => tooltip.hide());
  box.addEventListener('click', (e) => {
    const code = map?.codeAt(e.target);
    if (code) options.onSelect(code);
  });

  return {
    node,
    async draw(level, answer, names, colour) {
      const next = await mapFor(level);
      const byArea = new Map(answer.all.map((r) => [r.area, r]));
      const scale = colorScale(
        answer.all.map((r) => colourValue(r, colour)),
        'magnitude',
      );
      next.recolor((code) => {
        const r = byArea.get(code);
        return scale.fill(r ? colourValue(r, colour) : undefined);
      });
      legend.replaceChildren(
        scale.legend(
          colour === 'rate' ? th('rateLegend') : th('expectedLegend', { target: formatMonth(answer.target) }),
        ),
      );
      // Names: the ranked rows' and the series' (for the unranked areas).
      const allNames = new Map(names);
      for (const h of answer.hotspots) allNames.set(h.area, h.name);
      shown = { answer, byArea, names: allNames };
      if (next !== map || next.svg.parentNode !== box) {
        map = next;
        box.replaceChildren(next.svg, tooltip.node);
      }
      next.highlight(highlighted);
    },
    clear() {
      shown = undefined;
      legend.replaceChildren();
      map?.recolor(() => colorScale([]).fill(undefined));
    },
    highlight(code) {
      highlighted = code;
      map?.highlight(code);
    },
  };
}
