import { BIC_THRESHOLD, MIN_SEGMENT } from '../../audit/breaks.js';
import { escapeHtml } from '../charts.js';
import { type Ctx, type Section, section } from './context.js';
import { materialWords } from './reclassification.js';
import { CITATIONS } from './text.js';

export function cite(c: { text: string; href?: string }): string {
  return c.href ? `<a href="${escapeHtml(c.href)}">${escapeHtml(c.text)}</a>` : escapeHtml(c.text);
}

export function renderMethods(ctx: Ctx): Section {
  const { T, audit, locale } = ctx;
  const methods = [
    ...T.methods(materialWords(locale)).map((m) => `<li>${escapeHtml(m)}</li>`),
    `<li>${escapeHtml(T.breaksMethod(BIC_THRESHOLD, MIN_SEGMENT))} ${cite(CITATIONS.kassRaftery)}${escapeHtml(T.breaksMethodTail)} ${cite(CITATIONS.hansen)}${escapeHtml(T.breaksMethodTail2)} ${cite(CITATIONS.yao)} ${escapeHtml(T.and)} ${cite(CITATIONS.baiPerron)}.</li>`,
    `<li>${escapeHtml(T.sharesMethod)}</li>`,
  ];
  const skipped =
    audit.skipped.length > 0
      ? `<h3>${escapeHtml(T.skippedTitle)}</h3><ul class="note">${audit.skipped
          .map(
            (s) =>
              `<li><strong>${escapeHtml(s.part)}</strong>: <span lang="en">${escapeHtml(s.reason)}</span></li>`,
          )
          .join('')}</ul>`
      : '';
  const html = [
    `<ul class="note">${methods.join('')}</ul>`,
    `<h3>${escapeHtml(T.sourcesTitle)}</h3>`,
    `<ul class="note">${sourceItems(ctx)}</ul>`,
    skipped,
    `<p class="note">${escapeHtml(T.json)} <code>atalaya audit report --json</code></p>`,
  ].join('\n');
  return section('methods', T.methodsTitle, html);
}

/** Each source with the releases (vintages) this audit used. */
export function sourceItems(ctx: Ctx): string {
  const { T, audit } = ctx;
  const vintages = { sesnsp: new Set<string>(), inegi: new Set<string>(), rnpdno: new Set<string>() };
  const add = (id: string, v: string) => {
    const key = id.startsWith('rnpdno.') ? 'rnpdno' : id.startsWith('inegi.') ? 'inegi' : 'sesnsp';
    vintages[key].add(v);
  };
  add(audit.claim.series.id, audit.claim.series.vintage);
  for (const c of audit.national) add(c.id, c.vintage);
  if (audit.sourceGap) {
    add(audit.sourceGap.sesnsp.id, audit.sourceGap.sesnsp.vintage);
    add(audit.sourceGap.inegi.id, audit.sourceGap.inegi.vintage);
  }
  for (const r of audit.revisions) {
    add(r.series, r.from);
    add(r.series, r.to);
  }
  return (['sesnsp', 'inegi', 'rnpdno'] as const)
    .filter((k) => vintages[k].size > 0)
    .map(
      (k) =>
        `<li>${escapeHtml(`${T.sources[k]}; ${T.releases}: ${[...vintages[k]].sort().join(', ')}`)}.</li>`,
    )
    .join('');
}
