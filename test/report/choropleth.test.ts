import * as Plot from '@observablehq/plot';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { JSDOM } from 'jsdom';
import { topology as buildTopology } from 'topojson-server';
import type { Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import { type ChoroplethOptions, renderChoropleth, svgToPng } from '../../src/report/choropleth.js';

/** A unit square in degrees with its south-west corner at (lon, lat), in central Mexico. */
function square(id: string, lon: number, lat: number): Feature<Polygon, { id: string }> {
  const ring = [
    [lon, lat],
    [lon, lat + 1],
    [lon + 1, lat + 1],
    [lon + 1, lat],
    [lon, lat],
  ];
  return { type: 'Feature', properties: { id }, geometry: { type: 'Polygon', coordinates: [ring] } };
}

function collection(features: Feature<Polygon>[]): FeatureCollection<Polygon> {
  return { type: 'FeatureCollection', features };
}

/** Four squares in a 2×2 grid, codes given north-west, north-east, south-west, south-east. */
function grid(codes: [string, string, string, string]): Topology {
  const [nw, ne, sw, se] = codes;
  const features = [square(nw, -102, 21), square(ne, -101, 21), square(sw, -102, 20), square(se, -101, 20)];
  return buildTopology({ municipios: collection(features) }, 1e5);
}

/** Two "states": 01 the northern row, 02 the southern one. */
const TOPOLOGY = grid(['01001', '01002', '02001', '02002']);

function options(overrides: Partial<ChoroplethOptions> = {}): ChoroplethOptions {
  return {
    topology: TOPOLOGY,
    values: new Map([
      ['01001', 0],
      ['01002', 50],
      ['02001', 100],
    ]),
    color: { type: 'linear', scheme: 'blues', domain: [0, 100] },
    labels: [
      { code: '02001', text: 'Tijuana' },
      { code: '01002', text: 'Juárez' },
    ],
    title: 'Homicide rate',
    legendLabel: 'Per 100k',
    width: 600,
    ...overrides,
  };
}

/** Parse as XML: throws on markup that is not well-formed. */
function parse(svg: string): Document {
  return new JSDOM(svg, { contentType: 'image/svg+xml' }).window.document;
}

function hex(color: string): string {
  const [r, g, b] = (color.match(/\d+/g) ?? []).map(Number);
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Absolute vertices of each subpath of "M x,y l dx,dy … z" path data. */
function subpaths(d: string): [number, number][][] {
  return d
    .split('M')
    .filter(Boolean)
    .map((part) => {
      const nums = (part.replace(/[lz]/g, ' ').match(/-?(\d+\.?\d*|\.\d+)/g) ?? []).map(Number);
      const points: [number, number][] = [[nums[0], nums[1]]];
      for (let i = 2; i + 1 < nums.length; i += 2) {
        const [x, y] = points[points.length - 1];
        points.push([x + nums[i], y + nums[i + 1]]);
      }
      return points;
    });
}

function statesPath(topology: Topology): string {
  return parse(renderChoropleth(options({ topology, labels: [] })))
    .querySelector('path.states')!
    .getAttribute('d')!;
}

function vertexCount(d: string): number {
  return subpaths(d).reduce((n, p) => n + p.length, 0);
}

describe('renderChoropleth', () => {
  const svg = renderChoropleth(options());
  const doc = parse(svg);

  it('is a standalone, accessible SVG sized to the requested width', () => {
    const root = doc.documentElement;
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(root.getAttribute('role')).toBe('img');
    expect(root.getAttribute('aria-label')).toBe('Homicide rate');
    expect(root.querySelector(':scope > title')?.textContent).toBe('Homicide rate');
    expect(root.getAttribute('width')).toBe('600');
    expect(root.getAttribute('viewBox')).toMatch(/^0 0 600 \d+$/);
  });

  it('draws one path per municipality, filled from the colour scale, grey without data', () => {
    const paths = [...doc.querySelectorAll('g.municipalities > path')];
    expect(paths).toHaveLength(4);
    const fills = new Map(
      paths.map((p) => [p.querySelector('title')!.textContent!.slice(0, 5), p.getAttribute('fill')]),
    );
    const scale = Plot.scale({ color: { type: 'linear', scheme: 'blues', domain: [0, 100], clamp: true } });
    expect(fills.get('01001')).toBe(hex(String(scale.apply(0))));
    expect(fills.get('01002')).toBe(hex(String(scale.apply(50))));
    expect(fills.get('02001')).toBe(hex(String(scale.apply(100))));
    expect(fills.get('02002')).toBe('#d9d9d9');
    expect(new Set(fills.values()).size).toBe(4);
  });

  it('fits the map to the width and keeps the north up', () => {
    const points = [...doc.querySelectorAll('g.municipalities > path')].flatMap((p) =>
      subpaths(p.getAttribute('d')!).flat(),
    );
    const xs = points.map(([x]) => x);
    expect(Math.min(...xs)).toBeCloseTo(16, 0);
    expect(Math.max(...xs)).toBeCloseTo(600 - 16, 0);
    const north = doc.querySelector('g.municipalities > path:nth-child(1)')!.getAttribute('d')!;
    const south = doc.querySelector('g.municipalities > path:nth-child(3)')!.getAttribute('d')!;
    const meanY = (d: string) => {
      const p = subpaths(d)[0];
      return p.reduce((s, [, y]) => s + y, 0) / p.length;
    };
    expect(meanY(north)).toBeLessThan(meanY(south));
  });

  it('draws state borders on top, merged from the codes when no state topology is given', () => {
    const order = [...doc.documentElement.children].map((e) => e.getAttribute('class'));
    expect(order.indexOf('states')).toBeGreaterThan(order.indexOf('municipalities'));
    const one = vertexCount(statesPath(grid(['01001', '01002', '01003', '01004'])));
    const two = vertexCount(statesPath(TOPOLOGY));
    const four = vertexCount(statesPath(grid(['01001', '02001', '03001', '04001'])));
    // Outline only < outline and the east-west border < every inner border.
    expect(one).toBeGreaterThan(0);
    expect(two).toBeGreaterThan(one);
    expect(four).toBeGreaterThan(two);
  });

  it('uses the state topology for the borders when given', () => {
    const states = buildTopology({
      state: collection([square('01', -102, 21), square('02', -102, 20), square('03', -101, 20)]),
    });
    const d = parse(renderChoropleth(options({ states })))
      .querySelector('path.states')!
      .getAttribute('d')!;
    expect(d).not.toBe(statesPath(TOPOLOGY));
    expect(vertexCount(d)).toBeGreaterThan(0);
  });

  it('marks the labelled municipalities with numbers and lists them', () => {
    const markers = [...doc.querySelectorAll('g.markers g.marker')];
    expect(markers.map((m) => m.textContent)).toEqual(['1', '2']);
    // Marker 1 sits inside its municipality (02001, the south-west square).
    const [mx, my] = (markers[0].getAttribute('transform')!.match(/-?[\d.]+/g) ?? []).map(Number);
    const sw = [...doc.querySelectorAll('g.municipalities > path')].find((p) =>
      p.querySelector('title')!.textContent!.startsWith('02001'),
    )!;
    const ring = subpaths(sw.getAttribute('d')!)[0];
    expect(mx).toBeGreaterThan(Math.min(...ring.map(([x]) => x)));
    expect(mx).toBeLessThan(Math.max(...ring.map(([x]) => x)));
    expect(my).toBeGreaterThan(Math.min(...ring.map(([, y]) => y)));
    expect(my).toBeLessThan(Math.max(...ring.map(([, y]) => y)));
    const list = doc.querySelector('g.label-list')!;
    expect(list.querySelectorAll('g.marker')).toHaveLength(2);
    expect(list.textContent).toContain('1Tijuana');
    expect(list.textContent).toContain('2Juárez');
  });

  it('keeps markers of neighbouring municipalities apart', () => {
    const labels = ['01001', '01002', '02001', '02002'].map((code) => ({ code, text: code }));
    // At 60 px the squares are 14 px wide: the markers (16 px across) must move off their anchors.
    const tiny = parse(renderChoropleth(options({ labels, width: 60 })));
    const centres = [...tiny.querySelectorAll('g.markers g.marker')].map((m) =>
      (m.getAttribute('transform')!.match(/-?[\d.]+/g) ?? []).map(Number),
    );
    expect(centres).toHaveLength(4);
    expect(tiny.querySelectorAll('g.markers line').length).toBeGreaterThan(0);
    for (let i = 0; i < centres.length; i++)
      for (let j = i + 1; j < centres.length; j++)
        expect(
          Math.hypot(centres[i][0] - centres[j][0], centres[i][1] - centres[j][1]),
        ).toBeGreaterThanOrEqual(16);
  });

  it('has a colour legend and a no-data key only when something is missing', () => {
    const legend = doc.querySelector('g.color-legend svg.legend')!;
    expect(legend.textContent).toContain('Per 100k');
    expect(legend.querySelectorAll('rect').length).toBeGreaterThan(10);
    expect(doc.querySelector('g.no-data')!.textContent).toBe('No data');
    const es = parse(renderChoropleth(options({ locale: 'es' })));
    expect(es.querySelector('g.no-data')!.textContent).toBe('Sin datos');
    const custom = parse(renderChoropleth(options({ noDataLabel: 'Sin pronóstico' })));
    expect(custom.querySelector('g.no-data')!.textContent).toBe('Sin pronóstico');
    const full = new Map([...options().values, ['02002', 10]]);
    expect(parse(renderChoropleth(options({ values: full }))).querySelector('g.no-data')).toBeNull();
  });

  it('marks the top of the legend as open-ended when values exceed the domain', () => {
    const over = new Map([...options().values, ['02002', 250]]);
    const legend = parse(
      renderChoropleth(options({ values: over, format: (v) => v.toFixed(0) })),
    ).querySelector('g.color-legend')!.textContent!;
    expect(legend).toContain('≥ 100');
    expect(doc.querySelector('g.color-legend')!.textContent).not.toContain('≥');
  });

  it('supports sqrt, log and quantile scales', () => {
    const values = new Map([
      ['01001', 1],
      ['01002', 10],
      ['02001', 100],
      ['02002', 1000],
    ]);
    for (const type of ['sqrt', 'log', 'quantile'] as const) {
      const out = parse(renderChoropleth(options({ values, color: { type } })));
      const fills = [...out.querySelectorAll('g.municipalities > path')].map((p) => p.getAttribute('fill'));
      expect(
        fills.every((f) => /^#[0-9a-f]{6}$/.test(f ?? '')),
        type,
      ).toBe(true);
      expect(new Set(fills).size, type).toBe(4);
      expect(out.querySelector('g.color-legend')!.textContent, type).not.toMatch(/NaN|undefined/);
    }
  });

  it('merges quantile classes that ties leave empty', () => {
    const values = new Map([
      ['01001', 0],
      ['01002', 0],
      ['02001', 0],
      ['02002', 10],
    ]);
    const out = parse(renderChoropleth(options({ values, color: { type: 'quantile' } })));
    const fills = new Set(
      [...out.querySelectorAll('g.municipalities > path')].map((p) => p.getAttribute('fill')),
    );
    expect(fills.size).toBe(2);
    const swatches = [...out.querySelectorAll('g.color-legend svg.legend > rect')].map((r) =>
      r.getAttribute('fill'),
    );
    expect(new Set(swatches)).toEqual(fills);
  });

  it('escapes hostile text', () => {
    const hostile = '<script>alert("x")</script> & Co';
    const out = renderChoropleth(
      options({ title: hostile, legendLabel: hostile, labels: [{ code: '01001', text: hostile }] }),
    );
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    const parsed = parse(out);
    expect(parsed.querySelector('g.label-list')!.textContent).toContain(hostile);
    expect(parsed.querySelector('script')).toBeNull();
  });

  it('gives the same bytes for the same input', () => {
    expect(renderChoropleth(options())).toBe(svg);
  });
});

describe('svgToPng', () => {
  it('renders a PNG of the requested width', () => {
    const png = svgToPng(renderChoropleth(options()), { width: 400 });
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
    expect(view.getUint32(16)).toBe(400);
    expect(view.getUint32(20)).toBeGreaterThan(0);
  });

  it('keeps the SVG size without a width', () => {
    const png = svgToPng(renderChoropleth(options()));
    expect(new DataView(png.buffer, png.byteOffset, png.byteLength).getUint32(16)).toBe(600);
  });
});
