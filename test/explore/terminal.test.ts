import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderExploreTerminal } from '../../src/explore/terminal.js';
import type { ExploreSummary } from '../../src/explore/types.js';
import { golden } from '../helpers/golden.js';

/** The terminal summary of real runs (test/fixtures/explore: an LHS and a Morris sweep), as golden text. */
const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/explore/${name}`, import.meta.url), 'utf8')) as ExploreSummary;

describe('explore terminal summary', () => {
  it('matches the golden tables in English and Spanish', () => {
    golden('explore-terminal-lhs.en.txt', renderExploreTerminal(load('summary-small.json')));
    golden(
      'explore-terminal-morris.es.txt',
      renderExploreTerminal(load('summary-morris.json'), { locale: 'es' }),
    );
  });

  it('orders policies by their median effect and names what drives them', () => {
    const s = load('summary-morris.json');
    const text = renderExploreTerminal(s, { outcome: 'homicides5y' });
    const medians = s.effects.filter((e) => e.outcome === 'homicides5y').sort((a, b) => a.p50 - b.p50);
    const at = medians.map((e) => text.indexOf(s.scenarios.find((x) => x.id === e.scenario)!.title));
    expect(at.every((p, i) => p > 0 && (i === 0 || p > at[i - 1]))).toBe(true);
    const top = s.sensitivity
      .filter((r) => r.scenario === medians[0].scenario && r.outcome === 'homicides5y')
      .sort((a, b) => (b.muStar ?? 0) - (a.muStar ?? 0))[0];
    expect(text).toContain(top.parameter);
  });
});
