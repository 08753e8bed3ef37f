import { statusQuoSpending } from './model/costs.js';
import { centralParams } from './params.js';
import type { Mechanisms } from './scenario/schema.js';

/**
 * The outcomes every scenario reports. `kind` says how a period's value is formed: flows are summed over
 * the period, stocks are read at its end, means are averaged over it.
 */
export interface MetricSpec {
  unit: string;
  kind: 'flow' | 'stock' | 'mean';
  label: { en: string; es: string };
  /** Mechanism that must be on for the metric to be reported. */
  requires?: keyof Mechanisms;
  /**
   * First period reported: 'history' (from 2012), 'anchor' (from its anchor year) or 'start' (from the
   * policy start, when its scale is anchored there).
   */
  from: 'history' | 'anchor' | 'start';
  description: string;
  /** Context printed under the metric's table. */
  note?: string;
}

/** The status quo's own spending on the costed items, at central parameter values (fiscalCost's context). */
const SQ = statusQuoSpending(centralParams());
const bn = (v: number) => `US$${v.toFixed(1)}bn`;

export const METRICS = {
  homicides: {
    unit: 'homicides',
    kind: 'flow',
    label: { en: 'Homicides', es: 'Homicidios' },
    from: 'history',
    description:
      'Homicides as INEGI death certificates would record them: non-group homicides + κ × recorded conflict deaths + the fading 2008–2011 legacy + confrontation deaths, calibrated per run to 2012–2024.',
  },
  homicideRate: {
    unit: 'per 100,000 per year',
    kind: 'mean',
    label: { en: 'Homicides per 100k', es: 'Homicidios por 100 mil' },
    from: 'history',
    description: 'Homicides per 100,000 inhabitants (CONAPO population), annualised.',
  },
  conflictDeaths: {
    unit: 'deaths',
    kind: 'flow',
    label: { en: 'Conflict deaths', es: 'Muertes por conflicto' },
    from: 'history',
    description:
      'Cartel members killed in conflict between groups (the victims of Prieto-Curiel et al. 2023), including deaths hidden as disappearances.',
  },
  members: {
    unit: 'persons',
    kind: 'stock',
    label: { en: 'Cartel members', es: 'Integrantes de cárteles' },
    from: 'history',
    description: 'Members of all criminal groups at the end of the period.',
  },
  groups: {
    unit: 'groups',
    kind: 'stock',
    label: { en: 'Criminal groups', es: 'Grupos criminales' },
    from: 'history',
    description:
      'Groups with at least 50 members (ASSUMPTION: the smallest group of the 2020 data starts with ≈140).',
  },
  incarcerated: {
    unit: 'persons',
    kind: 'stock',
    label: { en: 'Members incarcerated', es: 'Integrantes en prisión' },
    from: 'history',
    description: 'Cartel members in lasting incapacitation (prison, extradited).',
  },
  drugFlow: {
    unit: 'index (policy start = 100)',
    kind: 'mean',
    label: { en: 'Drug flow to the US', es: 'Flujo de drogas a EE. UU.' },
    requires: 'drugs',
    from: 'start',
    description: 'Drugs reaching the US market, relative to the policy start.',
  },
  usOverdoseDeaths: {
    unit: 'deaths',
    kind: 'flow',
    label: { en: 'US overdose deaths', es: 'Muertes por sobredosis en EE. UU.' },
    requires: 'drugs',
    from: 'start',
    description:
      'US drug overdose deaths, anchored at 80,391 a year (2024, CDC provisional) at the policy start.',
  },
  extortion: {
    unit: 'crimes',
    kind: 'flow',
    label: { en: 'Extortions', es: 'Extorsiones' },
    requires: 'economy',
    from: 'anchor',
    description: 'Extortion crimes (reported or not), anchored at 4.9 million in 2023 (INEGI ENVIPE 2024).',
  },
  tradeCost: {
    unit: 'US$ billion',
    kind: 'flow',
    label: { en: 'Trade cost', es: 'Costo comercial' },
    requires: 'drugs',
    from: 'start',
    description:
      'Cost of border inspections to US–Mexico trade: inspected share × inspectionTradeCost × tradeValue (US$840bn).',
  },
  fiscalCost: {
    unit: 'US$ billion',
    kind: 'flow',
    label: { en: 'Fiscal cost', es: 'Costo fiscal' },
    from: 'start',
    description:
      'Public spending the policies add to the status quo’s, Mexico and the US together: each lever’s programme at its cited or assumed unit cost (params, mechanism costs) plus the prisoners it adds at the cost of a prisoner-year; Mexican costs converted at mxnPerUsd. 0 under the status quo; not reported for scenarios with a what-if lever that has no cost (recruitment).',
    note: `Fiscal cost is spending above the status quo (0). For scale, the status quo spends about ${bn(SQ.guard)} a year on the National Guard, ${bn(SQ.prosecution)} on prosecutors and ${bn(SQ.prisons)} holding the cartel members it keeps in prison (central values; ${bn(SQ.total)} in all).`,
  },
  cooperation: {
    unit: 'index 0–1',
    kind: 'stock',
    label: { en: 'US–Mexico cooperation', es: 'Cooperación México–EE. UU.' },
    requires: 'cooperation',
    from: 'history',
    description: 'Security cooperation between the governments (status quo 0.5).',
  },
} as const satisfies Record<string, MetricSpec>;

export type MetricId = keyof typeof METRICS;
export const METRIC_IDS = Object.keys(METRICS) as MetricId[];

/** Year extortion is anchored at (ENVIPE 2024 reference year, mid-year). */
export const EXTORTION_ANCHOR_YEAR = 2023.5;

/** Metrics reported for a set of mechanisms. */
export function metricsFor(mechanisms: Mechanisms): MetricId[] {
  return METRIC_IDS.filter((id) => {
    const req = (METRICS[id] as MetricSpec).requires;
    return !req || mechanisms[req];
  });
}
