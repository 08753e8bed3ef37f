import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { areaEvents } from '../../src/territory/events.js';
import type { TerritoryLayer } from '../../src/territory/layer.js';
import type { ResolvedLayer } from '../../src/territory/load.js';
import type { Shock } from '../../src/territory/shocks.js';
import { call } from '../server/helpers.js';

const entry = (area: string, group: string) => ({
  area,
  group,
  start: '2010-01',
  confidence: 0.8,
  source: 'test',
});
const shock = (date: string, group: string, other?: string): Shock => ({
  date,
  group,
  other,
  kind: other ? 'rivalry-onset' : 'leader-removal',
  strength: 1,
  source: 'test',
});

/** Chihuahua (08) has group A; Juárez (08037) has entries of its own (B); Chihuahua city (08019) has none. */
const layer: TerritoryLayer = {
  name: 'test',
  source: 'test',
  entries: [entry('08', 'Cártel A'), entry('08037', 'B'), entry('25', 'C')],
};
const resolved: ResolvedLayer = {
  layer,
  rivalries: [],
  notes: [],
  shocks: [
    shock('2016-01-08', 'A'),
    shock('2012-05', 'B'),
    shock('2014-02-22', 'C', 'B'),
    shock('2019-10', 'D'),
  ],
};

describe('areaEvents', () => {
  it('keeps every event as context and says which concern a group in the area', () => {
    const events = areaEvents(resolved, '08019');
    expect(events.map((e) => e.date)).toEqual(['2012-05', '2014-02-22', '2016-01-08', '2019-10']);
    // 08019 has no entries of its own: it inherits its state's group, matched by name key ("Cártel A" ~ "A").
    expect(events.map((e) => e.groups)).toEqual([[], [], ['Cártel A'], []]);
  });

  it('a municipality with entries of its own does not inherit its state', () => {
    const here = areaEvents(resolved, '08037', { onlyHere: true });
    expect(here.map((e) => [e.date, e.groups])).toEqual([
      ['2012-05', ['B']],
      ['2014-02-22', ['B']],
    ]);
  });

  it('a state has its own groups and those of its municipalities; from/to bound the months', () => {
    const state = areaEvents(resolved, '08', { onlyHere: true });
    expect(state.map((e) => e.groups)).toEqual([['B'], ['B'], ['Cártel A']]);
    expect(areaEvents(resolved, '08', { onlyHere: true, from: '2013-01', to: '2015-12' })).toHaveLength(1);
    expect(areaEvents(resolved, '25', { onlyHere: true }).map((e) => e.groups)).toEqual([['C']]);
  });
});

describe('GET /api/territory/events', () => {
  const app = createApp({ home: mkdtempSync(join(tmpdir(), 'atalaya-events-')) });
  afterAll(() => app.close());

  it('lists the built-in 2006–2011 events, and those of groups placed in the area', async () => {
    const res = await call(app, 'GET', '/api/territory/events?area=08037&layer=historical');
    expect(res.status).toBe(200);
    const events = res.json.events as { date: string; group: string; groups: string[]; layer: string }[];
    // The 2006–2011 list of src/territory/historical.ts: four leadership removals.
    expect(events.map((e) => e.date)).toEqual(['2008-10-26', '2009-12-16', '2010-11-05', '2011-06-21']);
    expect(new Set(events.map((e) => e.layer))).toEqual(new Set(['historical-2006-2011']));
  });

  it('names the field at fault', async () => {
    const bad = await call(app, 'GET', '/api/territory/events?area=8');
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('area');
    const layerBad = await call(app, 'GET', '/api/territory/events?area=08&layer=cartels');
    expect(layerBad.json.field).toBe('layer');
  });
});
