import { describe, expect, it } from 'vitest';
import { buildAudit } from '../../src/audit/audit.js';
import { trendBreakAnalysis } from '../../src/audit/breaks.js';
import { checkClaim } from '../../src/audit/claim.js';
import { daysIn } from '../../src/audit/periods.js';
import { HOMICIDE } from '../../src/audit/reclassification.js';
import { sourceGap } from '../../src/audit/source-gap.js';
import { renderAuditReport } from '../../src/report/audit/page.js';
import { breaksText, claimText, gapText } from '../../src/report/audit/terminal.js';
import { golden } from '../helpers/golden.js';
import { month, syntheticPanel } from './synthetic.js';

/**
 * What users see of the multiple breaks, the base sensitivity and the source gap: the terminal views as
 * goldens (test/golden/audit-*.txt, REGEN=1 rewrites them) and the HTML sections, in English and Spanish,
 * on a synthetic panel with planted breaks (the page's charts are checked in test/report/audit-html.test.ts).
 */
const noise = (...k: number[]) => {
  let h = 0x9e3779b9;
  for (const x of k) {
    h = Math.imul(h ^ x, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return ((h >>> 0) / 2 ** 32) * 2 - 1;
};

// Sinaloa (25): 1.5 a day, 4.5 from 2024-07; Guanajuato (11): ×2.2 from 2018-01, ×0.75 from 2021-01;
// elsewhere 2 a day with ±4% noise. September 2024 is a spike (+15%) outside Guanajuato. INEGI: 5% more than SESNSP.
const rate = (s: string, m: number) => {
  let r = 2;
  if (s === '25') r = m >= month('2024-07') ? 4.5 : 1.5;
  if (s === '11') r = 3 * (m >= month('2018-01') ? 2.2 : 1) * (m >= month('2021-01') ? 0.75 : 1);
  if (m === month('2024-09') && s !== '11') r *= 1.15;
  return r * (1 + 0.04 * noise(Number(s), m));
};
const panel = syntheticPanel([
  {
    id: HOMICIDE,
    vintage: '2025-06',
    first: '2015-01',
    last: '2025-06',
    incomplete: ['2025-05', '2025-06'],
    value: (s, m) => Math.round(rate(s, m) * daysIn(m)),
  },
  {
    id: 'inegi.homicides',
    vintage: '2022-12',
    first: '2010-01',
    last: '2022-12',
    value: (s, m) => Math.round(rate(s, m) * daysIn(m) * 1.05),
  },
]);
const claim = { series: 'homicidio-doloso', from: '2024-09', to: '2025-06', change: '-25%' };

describe('terminal views (goldens)', () => {
  it('breaks: every break, grouped by place and ordered by month, with intervals', () => {
    const a = trendBreakAnalysis(panel);
    expect(a.breaks.filter((b) => b.place === '11').map((b) => b.month)).toEqual(['2018-01', '2021-01']);
    expect(a.breaks.filter((b) => b.place === '25').map((b) => b.month)).toEqual(['2024-07']);
    // Share jumps need the other violent-death categories, not in this panel (see methods.test.ts).
    golden('audit-breaks.en.txt', breaksText(a.breaks, [], 'homicidio-doloso', a.places));
  });

  it('gap: the files used, the complete years and the shortfall against the published totals', () => {
    golden('audit-gap.en.txt', gapText(sourceGap(panel)));
  });

  it('claim: the change against other base periods, base-sensitive', () => {
    const r = checkClaim(panel, claim);
    expect(r.sensitivity!.sensitive).toBe(true);
    golden('audit-claim.en.txt', claimText(r));
  });
});

describe('HTML sections (report and dashboard)', () => {
  const audit = buildAudit(panel, { claim });
  const GENERATED = '2026-05-01T12:00:00Z';
  const en = renderAuditReport(audit, { generatedAt: GENERATED });
  const es = renderAuditReport(audit, { locale: 'es', generatedAt: GENERATED });
  const sectionOf = (html: string, id: string) => {
    const start = html.indexOf(`<section id="${id}"`);
    return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start));
  };

  it('the breaks table groups every place’s breaks (one tbody each), the list names them all', () => {
    const breaks = sectionOf(en, 'breaks');
    golden('audit-breaks-section.es.html', sectionOf(es, 'breaks'));
    // Guanajuato's two breaks in one group, the second row with its name muted.
    expect(breaks).toMatch(
      /<tbody><tr><th scope="row">Guanajuato<\/th><td>Jan 2018<\/td>[\s\S]*?<tr><th scope="row"><span class="again">Guanajuato<\/span><\/th><td>Jan 2021<\/td>/,
    );
    expect(breaks).toContain('<h3 id="all-breaks">Every break, by place</h3>');
    expect(breaks).toMatch(/<li><strong>Sinaloa<\/strong>: Jul 2024 \(Jul 2024\)<\/li>/);
    expect(breaks).toContain('* the 12 months after include months the release flags as incomplete.');
    expect(sectionOf(es, 'breaks')).toContain('Todos los quiebres, por lugar');
    // The state panel draws and names both of Guanajuato's breaks.
    expect(sectionOf(en, 'states')).toMatch(
      /<strong>Guanajuato<\/strong>[^<]*breaks Jan 2018: [^;]+; Jan 2021: /,
    );
    expect(sectionOf(es, 'states')).toMatch(/quiebres ene 2018: /);
  });

  it('the claim section shows the base sensitivity in the page’s language', () => {
    golden('audit-claim-section.en.html', sectionOf(en, 'claim'));
    const c = sectionOf(es, 'claim');
    expect(c).toContain('Frente a otros periodos base');
    expect(c).toContain('Depende de la base elegida');
    expect(c).toContain('3 meses antes de la base');
    expect(c).toContain('difiere sustancialmente');
  });

  it('the gap section names the files and the shortfall against the published totals', () => {
    const g = sectionOf(en, 'source-gap');
    expect(g).toContain(
      'Files: SESNSP synthetic.csv (release 2025-06); INEGI synthetic.csv (release 2022-12).',
    );
    expect(g).toContain('INEGI: the state file, the one with state totals');
    expect(g).toContain('INEGI’s state totals, summed, against INEGI’s published national totals');
    expect(g).toContain('36,687');
    expect(sectionOf(es, 'source-gap')).toContain('frente a los totales nacionales publicados por el INEGI');
  });
});
