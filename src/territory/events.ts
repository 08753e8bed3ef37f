import { groupKey } from './groups.js';
import type { TerritoryLayer } from './layer.js';
import type { ResolvedLayer } from './load.js';
import { type Shock, shockMonth } from './shocks.js';

/**
 * The dated events (leader removals, splits, rivalry onsets) of a territory layer, each with the groups of
 * the layer it concerns in one area: what the dashboard marks on an area's time series, and what
 * `contestation` turns into shock scores. Events are organisation-level and mostly national in reach, so
 * all are kept by default (as context) and `groups` says which concern a group in the area. A group counts
 * as "in" the area if the layer ever places it there, or — for a municipality without entries of its own —
 * in its state (as `Presence` inherits); layers rarely cover every month an event happened in, so the date
 * of the entry is not required to match the event's.
 */
export interface AreaEvent extends Shock {
  /** The layer's groups in this area the event concerns (empty: context only). */
  groups: string[];
}

export interface AreaEventsOptions {
  /** First and last month kept (`YYYY-MM`, inclusive). */
  from?: string;
  to?: string;
  /** Keep only the events that concern a group in the area (default false). */
  onlyHere?: boolean;
}

export function areaEvents(
  resolved: ResolvedLayer,
  area: string,
  options: AreaEventsOptions = {},
): AreaEvent[] {
  const here = groupsIn(resolved.layer, area);
  const byKey = new Map<string, string>();
  for (const g of here) byKey.set(groupKey(g), g);
  const from = options.from ? shockMonth(options.from) : Number.NEGATIVE_INFINITY;
  const to = options.to ? shockMonth(options.to) : Number.POSITIVE_INFINITY;
  const events: AreaEvent[] = [];
  for (const e of resolved.shocks) {
    const t = shockMonth(e.date);
    if (t < from || t > to) continue;
    const named = [e.group, e.other].filter((g): g is string => !!g);
    const groups = named
      .map((g) => (here.has(g) ? g : byKey.get(groupKey(g))))
      .filter((g): g is string => g !== undefined);
    if (options.onlyHere && groups.length === 0) continue;
    events.push({ ...e, groups: [...new Set(groups)] });
  }
  return events.sort((a, b) => a.date.localeCompare(b.date) || a.group.localeCompare(b.group));
}

/** Groups the layer ever places in an area (see the module comment for municipalities and states). */
function groupsIn(layer: TerritoryLayer, area: string): Set<string> {
  const own = layer.entries.filter((e) => e.area === area);
  if (area.length === 5 && own.length === 0) {
    return new Set(layer.entries.filter((e) => e.area === area.slice(0, 2)).map((e) => e.group));
  }
  const inside = area.length === 2 ? layer.entries.filter((e) => e.area.slice(0, 2) === area) : [];
  return new Set([...own, ...inside].map((e) => e.group));
}
