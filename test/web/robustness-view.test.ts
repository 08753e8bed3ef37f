// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExploreSummary } from '../../src/explore/types.js';
import { setLang } from '../../web/src/i18n/locale.js';
import { drawRobustness } from '../../web/src/scenarios/robustness-view.js';

/** The dashboard's "How robust is this?" results, drawn from real sweeps (test/fixtures/explore). */
const load = (name: string) =>
  JSON.parse(readFileSync(resolve('test/fixtures/explore', name), 'utf8')) as ExploreSummary;

function draw(summary: ExploreSummary): HTMLElement {
  const root = document.createElement('div');
  root.append(drawRobustness(summary));
  return root;
}

afterEach(() => setLang('en'));

describe('drawRobustness', () => {
  it('shows the matrix, one sensitivity chart per policy and why a Morris sweep has no PRIM boxes', () => {
    const s = load('summary-morris.json');
    setLang('en');
    const root = draw(s);
    const figures = [...root.querySelectorAll('figure svg')];
    // The matrix, then a tornado for each policy.
    expect(figures).toHaveLength(1 + s.scenarios.length);
    expect(figures[0].getAttribute('aria-label')).toMatch(/How often one policy beats another/);
    const best = s.regret.filter((r) => r.outcome === s.outcome).sort((a, b) => b.shareBest - a.shareBest)[0];
    const title = s.scenarios.find((x) => x.id === best.scenario)?.title ?? 'Status quo';
    expect(root.querySelector('.robustness-finding')?.textContent).toContain(title);
    expect(root.textContent).toMatch(/Latin hypercube|LHS|lhs/);
  });

  it('draws the PRIM boxes of a Latin hypercube, in Spanish too', () => {
    const s = load('summary-small.json');
    setLang('es');
    const root = draw(s);
    const boxed = s.prim.filter((q) => q.boxes.length > 0).length;
    const prim = [...root.querySelectorAll('figure svg')].filter((svg) =>
      svg.querySelector('title')?.textContent?.includes(s.scenarios[0].title_es ?? '@'),
    );
    expect(boxed).toBeGreaterThan(0);
    expect(root.querySelectorAll('figure svg').length).toBe(1 + boxed);
    expect(root.textContent).toContain('Statu quo');
    expect(prim.length).toBeLessThanOrEqual(boxed);
  });
});
