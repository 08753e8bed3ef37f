import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { Audit, MonthlyPoint } from '../../src/audit/audit.js';
import type { Break } from '../../src/audit/breaks.js';
import type { CategoryChange, Reclassification } from '../../src/audit/reclassification.js';
import { renderAuditReport } from '../../src/report/audit/page.js';

const GENERATED = '2026-05-01T12:00:00Z';
const HOMICIDE = 'sesnsp.victims.homicidio-doloso';
const CULPOSO = 'sesnsp.victims.homicidio-culposo';
const HOSTILE = '<script>alert("x")</script> & Sons';

/** Six months, the last flagged incomplete, at a given level per day. */
function points(level: number, step = -1): MonthlyPoint[] {
  return ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'].map((month, k) => ({
    month,
    perDay: level + step * k,
    incomplete: month === '2024-06',
  }));
}

function change(
  id: string,
  label: string,
  before: number,
  after: number,
  incomplete: string[],
): CategoryChange {
  return { id, label, before, after, change: after - before, relative: after / before - 1, incomplete };
}

function recl(code: string, name: string, before: number, after: number, absorbed: number): Reclassification {
  const homicide = change(HOMICIDE, 'Intentional homicide', before, after, ['2024-06']);
  const decline = Math.max(0, before - after);
  return {
    place: { code, name },
    homicide,
    others: [
      change(CULPOSO, 'Negligent homicide', 48, 48 + absorbed, ['2024-06']),
      change('sesnsp.victims.feminicidio', 'Feminicide', 2.6, 2, ['2024-06']),
    ],
    missing: [{ id: 'rnpdno.located-dead', reason: 'not imported' }],
    decline,
    absorbed,
    offsetShare: decline > 0 ? absorbed / decline : null,
    material: decline >= 0.5 && after / before - 1 <= -0.1,
  };
}

const BREAK: Break = {
  place: '14',
  name: 'Jalisco',
  month: '2018-08',
  levelShift: 0.2,
  trendBefore: 0.1,
  trendAfter: -0.05,
  deltaBic: 197.4,
  before: 5.35,
  after: 7.62,
};

function syntheticAudit(): Audit {
  const breaks: Break[] = [
    BREAK,
    ...Array.from({ length: 27 }, (_, k) => ({
      ...BREAK,
      place: '99',
      name: `Filler ${k}`,
      deltaBic: 50 - k,
    })),
  ];
  return {
    claim: {
      claim: {
        series: HOMICIDE,
        place: 'Nacional',
        from: '2024-01',
        to: '2024-06',
        change: -0.25,
        tolerance: 0.015,
        text: `${HOMICIDE} in Nacional: −25.0% from 2024-01 to 2024-06 (daily-average)`,
      },
      basis: 'daily-average',
      series: { id: HOMICIDE, vintage: '2024-06', unit: 'victims' },
      place: { code: '00', name: 'Nacional' },
      observed: { from: '2024-01', to: '2024-06', valueFrom: 86.9, valueTo: 65.6, change: 65.6 / 86.9 - 1 },
      holds: true,
      difference: 65.6 / 86.9 - 1 + 0.25,
      incomplete: ['2024-06'],
      caveats: [
        'Incomplete months used: 2024-06 (the latest months of a release are usually revised upward, so a fall may shrink).',
        'Over the same periods, categories a death could be recorded in rose (Negligent homicide +14%): together 31% of the fall in intentional homicides (an upper bound of reclassification; see `atalaya audit reclassification`).',
      ],
      caveats_es: [
        'Meses incompletos usados: 2024-06 (los últimos meses de una publicación suelen revisarse al alza, así que una baja puede reducirse).',
        'En los mismos periodos subieron categorías en las que podría registrarse una muerte (Homicidio culposo +14%): en conjunto, 31% de la baja en homicidios dolosos (una cota superior de la reclasificación; véase `atalaya audit reclassification`).',
      ],
    },
    reclassification: {
      national: recl('00', 'Nacional', 86.9, 65.6, 6.6),
      states: [recl('14', 'Jalisco', 4.8, 2.47, 1.2), recl('99', HOSTILE, 1, 1.1, 0)],
    },
    national: [
      {
        id: HOMICIDE,
        label: 'Intentional homicide',
        label_es: 'Homicidio doloso',
        vintage: '2024-06',
        points: points(86.9, -4),
      },
      {
        id: CULPOSO,
        label: 'Negligent homicide',
        label_es: 'Homicidio culposo',
        vintage: '2024-06',
        points: points(48, 0.5),
      },
    ],
    yearly: [
      {
        id: HOMICIDE,
        label: 'Intentional homicide',
        vintage: '2024-06',
        years: [
          { year: 2023, total: 29721, complete: true },
          { year: 2024, total: 12752, complete: false },
        ],
      },
    ],
    states: [
      { state: '14', name: 'Jalisco', points: points(6), break: BREAK },
      { state: '99', name: HOSTILE, points: points(1, 0.1) },
    ],
    sourceGap: {
      sesnsp: { id: HOMICIDE, vintage: '2024-06' },
      inegi: { id: 'inegi.homicides', vintage: '2022-12' },
      years: [2015, 2016],
      national: [
        { year: 2015, sesnsp: 17884, inegi: 20263, ratio: 17884 / 20263 },
        { year: 2016, sesnsp: 22541, inegi: 24613, ratio: 22541 / 24613 },
      ],
      states: [
        {
          state: '20',
          name: 'Oaxaca',
          years: [
            { year: 2015, sesnsp: 90, inegi: 314, ratio: 90 / 314 },
            { year: 2016, sesnsp: 847, inegi: 853, ratio: 847 / 853 },
          ],
        },
      ],
      flags: [{ state: '20', name: 'Oaxaca', year: 2016, ratioBefore: 0.2866, ratioAfter: 0.993, z: 13.88 }],
    },
    revisions: [
      {
        series: HOMICIDE,
        from: '2024-01',
        to: '2024-06',
        files: { from: 'v1/victims.csv.bz2', to: 'v2/victims.csv.bz2' },
        revisedCells: 40,
        netChange: -7,
        byState: [{ state: '20', name: 'Oaxaca', months: 7, net: -19, largest: -6, largestMonth: '2023-11' }],
        byMonth: [{ month: '2023-11', net: -6, states: 1 }],
        cells: [{ area: '20', month: '2023-11', before: 60, after: 54 }],
      },
    ],
    breaks,
    shareJumps: [
      {
        place: '21',
        name: 'Puebla',
        category: 'sesnsp.victims.feminicidio',
        month: '2019-01',
        share: 0.0588,
        baseline: 0.0105,
        z: 49.2,
      },
    ],
    skipped: [{ part: 'series rnpdno.located-dead', reason: 'not imported' }],
  };
}

/** The HTML of a section by id. */
function sectionOf(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start));
}

const audit = syntheticAudit();
const en = renderAuditReport(audit, { generatedAt: GENERATED });
const es = renderAuditReport(audit, { locale: 'es', generatedAt: GENERATED });

describe('renderAuditReport', () => {
  it('is a complete document in the requested language, sections in order', () => {
    expect(en.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(es.startsWith('<!DOCTYPE html>\n<html lang="es">')).toBe(true);
    const ids = [...en.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual([
      'claim',
      'national',
      'reclassification',
      'states',
      'source-gap',
      'revisions',
      'breaks',
      'methods',
    ]);
    expect(en).toContain('Generated by Atalaya on May 1, 2026.');
    expect(es).toContain('Generado por Atalaya el 1 de mayo de 2026.');
  });

  it('states the claim in words with the recomputed figures and the verdict', () => {
    const claim = sectionOf(en, 'claim');
    expect(claim).toContain(
      'Intentional homicide, victims per day, national: claimed −25% from January 2024 to June 2024',
    );
    expect(claim).toContain('<span class="badge">Holds</span>');
    expect(claim).toContain('86.9');
    expect(claim).toContain('65.6');
    expect(claim).toContain('−24.5%');
    // Observed −24.5% against −25% claimed: half a point less of a fall.
    expect(claim).toContain('+0.5');
    expect(claim).toContain('a smaller fall than claimed');
    const esClaim = sectionOf(es, 'claim');
    expect(esClaim).toContain(
      'Homicidio doloso, víctimas por día, nacional: se afirmó −25% de enero de 2024 a junio de 2024',
    );
    expect(esClaim).toContain('<span class="badge">Se sostiene</span>');
    expect(esClaim).toContain('una baja menor que la afirmada');
  });

  it('says when a claim does not hold or names no figure', () => {
    const failing = syntheticAudit();
    failing.claim.holds = false;
    failing.claim.observed.change = -0.1;
    failing.claim.difference = 0.15;
    const html = renderAuditReport(failing, { generatedAt: GENERATED });
    expect(sectionOf(html, 'claim')).toContain('<span class="badge">Does not hold</span>');
    expect(sectionOf(html, 'claim')).toContain('+15.0');
    expect(renderAuditReport(failing, { locale: 'es', generatedAt: GENERATED })).toContain(
      '<span class="badge">No se sostiene</span>',
    );
    const open = syntheticAudit();
    open.claim.holds = null;
    open.claim.claim.change = null;
    open.claim.difference = null;
    const openHtml = renderAuditReport(open, { generatedAt: GENERATED });
    expect(openHtml).toContain('<span class="badge">No claimed figure</span>');
    expect(openHtml).toContain('national: change from January 2024 to June 2024');
  });

  it('flags incomplete months in the headline, the tables and the charts', () => {
    const claim = sectionOf(en, 'claim');
    expect(claim).toMatch(/65\.6 <span class="tag inc">incomplete<\/span>/);
    expect(claim).not.toMatch(/86\.9 <span class="tag inc">/);
    expect(claim).toContain('Incomplete month used: June 2024.');
    expect(sectionOf(es, 'claim')).toContain('Mes incompleto usado: junio de 2024.');
    // 2024 is incomplete in the yearly table, 2023 is not.
    expect(sectionOf(en, 'national')).toContain('12,752*');
    expect(sectionOf(en, 'national')).not.toContain('29,721*');
    // Dashed tail and hollow dot for the incomplete month.
    expect(sectionOf(en, 'national')).toContain('stroke-dasharray="3,2.5"');
    expect(sectionOf(en, 'national')).toMatch(/<circle[^>]*>/);
  });

  it('shows the caveats in the language of the page, with the tolerance used', () => {
    const caveats = sectionOf(es, 'claim');
    expect(caveats).toContain('Meses incompletos usados: 2024-06');
    expect(caveats).toContain('(Homicidio culposo +14%): en conjunto, 31% de la baja en homicidios dolosos');
    expect(caveats).toContain('<code>atalaya audit reclassification</code>');
    expect(caveats).not.toContain('Incomplete months used');
    expect(caveats).toContain('tolerancia de 1.5 puntos porcentuales');
    expect(sectionOf(en, 'claim')).toContain('tolerance of 1.5 percentage points');
  });

  it('puts the offset share into words and lists unmeasured categories', () => {
    const r = sectionOf(en, 'reclassification');
    expect(r).toContain('Rises elsewhere amount to 31% of the fall in intentional homicides (21.3 a day)');
    expect(r).toContain('an upper bound of reclassification');
    expect(r).toContain('Located dead (RNPDNO)');
    expect(r).toContain('−21.3');
    expect(r).toContain('+6.60');
    const rs = sectionOf(es, 'reclassification');
    expect(rs).toContain('Las alzas en otras categorías equivalen al 31% de la baja');
    expect(rs).toContain('Homicidio culposo');
    expect(rs).toContain('Feminicidio');
    expect(rs).not.toContain('Negligent homicide');
  });

  it('draws one small multiple per state, with the break marked', () => {
    const states = sectionOf(en, 'states');
    expect(states.match(/<figure class="multiple">/g)).toHaveLength(audit.states.length);
    expect(states).toContain('break Aug 2018: 5.35 → 7.62 a day');
    expect(sectionOf(es, 'states')).toContain('quiebre ago 2018: 5.35 → 7.62 al día');
    expect(states).toContain('own vertical scale');
  });

  it('shows the source gap, revisions, breaks and share jumps', () => {
    const gap = sectionOf(en, 'source-gap');
    expect(gap).toContain('0.29 → 0.99');
    expect(gap).toContain('+13.9');
    expect(gap).toContain('0.88');
    const rev = sectionOf(en, 'revisions');
    expect(rev).toContain('Release January 2024 → release June 2024');
    expect(rev).toContain('40 state-months revised; net change −7 victims.');
    expect(rev).toContain('−19');
    const breaks = sectionOf(en, 'breaks');
    // Level shift of 0.2 log points ≈ +22.1%.
    expect(breaks).toContain('+22.1%');
    expect(breaks).toContain('5.35 → 7.62');
    // 28 breaks: 25 shown and a pointer to the rest.
    expect(breaks.match(/<tr><th scope="row">(Jalisco|Filler \d+)<\/th>/g)).toHaveLength(25);
    expect(breaks).toContain('3 more in the full output');
    expect(breaks).toContain('Feminicide');
    expect(breaks).toContain('1.1% → 5.9%');
  });

  it('cites the methods and names the releases and skipped parts', () => {
    const m = sectionOf(en, 'methods');
    expect(m).toContain('Kass &amp; Raftery (1995)');
    expect(m).toContain('Bai &amp; Perron (2003)');
    expect(m).toContain('Yao (1988)');
    expect(m).toContain('1.4826');
    expect(m).toContain('series rnpdno.located-dead');
    expect(m).toContain('atalaya audit report --json');
    expect(m).toMatch(/INEGI[^<]*releases: 2022-12/);
    expect(sectionOf(es, 'methods')).toContain('Métodos y fuentes');
  });

  it('has no script, no external resources and links out only to citations', () => {
    for (const html of [en, es]) {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/\ssrc=/i);
      const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
      const external = hrefs.filter((h) => !h.startsWith('#'));
      expect(external.length).toBeGreaterThan(0);
      for (const h of external) expect(h).toMatch(/^https:\/\/doi\.org\/10\./);
      expect(html).not.toMatch(/url\(/);
    }
  });

  it('escapes data text everywhere', () => {
    expect(en).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons');
    expect(en).not.toContain(HOSTILE);
    expect(es).not.toContain(HOSTILE);
  });

  it('is deterministic and every chart is well-formed SVG', () => {
    expect(renderAuditReport(syntheticAudit(), { generatedAt: GENERATED })).toBe(en);
    const svgs = [...en.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs.length).toBeGreaterThan(5);
    for (const svg of svgs) {
      const doc = new JSDOM(svg, { contentType: 'image/svg+xml' }).window.document;
      expect(doc.querySelector('parsererror')).toBeNull();
    }
    expect(en).toMatch(/<svg[^>]*aria-label="Jalisco: intentional-homicide victims per day by month"/);
  });

  it('uses Spanish labels and es-MX numbers', () => {
    expect(es).toContain('Panorama nacional');
    expect(es).toContain('Reclasificación');
    expect(es).toContain('Estado por estado');
    expect(es).toContain('Revisiones entre publicaciones');
    expect(es).toContain('Quiebres de tendencia');
    expect(es).toContain('Publicación enero de 2024 → publicación junio de 2024');
    expect(es).toContain('12,752*');
    expect(es).toContain('Feminicidio');
    expect(es).not.toContain('Intentional homicide');
  });
});
