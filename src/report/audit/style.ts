import { HOMICIDE } from '../../audit/reclassification.js';
import { COLORS } from '../charts.js';

export const VERDICT_COLORS = { holds: '#1b7837', fails: COLORS.higher, none: COLORS.neutral } as const;
export const SHADE = '#f1e3bd';
export const BREAK_COLOR = '#d95f02';
/** Line colours of the national chart: intentional homicide in ink, then one per destination category. */
export const CATEGORY_COLORS: Record<string, string> = {
  [HOMICIDE]: COLORS.observed,
  'sesnsp.victims.feminicidio': '#c2185b',
  'sesnsp.victims.homicidio-culposo': COLORS.band,
  'sesnsp.victims.otros-delitos-que-atentan-contra-la-vida-y-la-integridad-corporal': '#e08214',
  'rnpdno.not-located': '#6a51a3',
  'rnpdno.located-dead': '#1b7837',
};

export const CSS = `
:root{--shade:${SHADE}}
code{font-size:.9em;background:var(--soft);padding:0 3px;border-radius:3px}
thead th small{display:block;font-weight:400;color:var(--muted);white-space:nowrap}
table.narrow{width:auto;min-width:min(100%,560px)}
.states th:nth-child(2),.jumps th:nth-child(2),.jumps td:nth-child(2){text-align:left}
tbody th{font-weight:600;max-width:280px}
td.l,th.l{text-align:left}
tr.lead{background:var(--soft)}
tr.minor td.share{color:#9a9a9a}
.tag{display:inline-block;font-size:.7rem;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);border:1px solid var(--line);border-radius:3px;padding:0 4px;margin-left:4px;white-space:nowrap}
.tag.inc{color:#8a5a00;border-color:#e3c27a;background:#fff8e1}
.neg{color:var(--blue)}
.pos{color:var(--red)}
svg.legend{overflow:visible;margin:4px 8px}
.claim{font-size:1.3rem;line-height:1.35;font-weight:400;margin:6px 0 14px}
.verdict{display:flex;flex-wrap:wrap;align-items:center;gap:16px 28px;padding:16px 20px;border:1px solid var(--line);border-left:8px solid var(--v);border-radius:4px}
.badge{display:inline-block;background:var(--v);color:#fff;font-weight:700;font-size:1.15rem;letter-spacing:.02em;padding:6px 14px;border-radius:4px;white-space:nowrap}
.figures{display:flex;flex-wrap:wrap;align-items:flex-end;gap:10px 30px;margin:0;padding:0;list-style:none}
.figures li{display:flex;flex-direction:column}
.big{font-size:2.4rem;font-weight:300;line-height:1.1;font-variant-numeric:tabular-nums;letter-spacing:-.02em;white-space:nowrap}
.big .tag{font-size:.7rem;letter-spacing:.04em;vertical-align:middle}
.figures .lbl{font-size:.85rem;color:var(--muted);max-width:240px}
.arrow{font-size:2rem;font-weight:200;color:var(--muted);align-self:center}
.why{margin:10px 0 0;font-size:.95rem}
.flag{background:#fff8e1;border:1px solid #f0d68a;color:#5c3d00;padding:8px 14px;margin:14px 0;font-size:.95rem;border-radius:3px}
.caveats{font-size:.92rem;padding-left:1.2em}
.caveats li{margin:0 0 6px}
.offset{font-size:1.1rem;margin:12px 0;padding:8px 14px;border-left:4px solid ${BREAK_COLOR};background:var(--soft)}
.maps figure{flex:0 1 520px}
.multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(205px,1fr));gap:12px 16px;margin:12px 0}
.multiples figure{border-top:1px solid var(--line);padding-top:4px}
.multiples figcaption{font-size:.75rem;line-height:1.3;min-height:2.6em}
.multiples figcaption strong{display:block;color:var(--ink);font-size:.85rem}
.halves{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:14px 34px;align-items:start}
.months{font-size:.88rem}
table.breaks tbody+tbody{border-top:2px solid var(--line)}
table.breaks .again{color:var(--muted);font-weight:400}
table.breaks td:nth-child(2),table.breaks td:nth-child(3){white-space:nowrap}
table.sens tr.disagrees td{background:#fff8e1}
.flag.sens{background:#fdecea;border-color:#f5b7b1;color:#6b1d14}
.break-list{font-size:.88rem;columns:2 360px;padding-left:1.2em}
.break-list li{break-inside:avoid;margin:0 0 3px}
@media print{figure,tr{break-inside:avoid}.how{border-left-color:#000}}
`;
