import type { Params } from '../params.js';
import type { Effects } from '../policy/effects.js';

/**
 * The drug market seen from Mexico's groups and from the US: four drugs with their share of the groups'
 * drug revenue, each moved by its own policies (precursor controls reach the synthetics, treatment the
 * opioids, interdiction and distribution enforcement all of them).
 *
 *   m_d = supply_d · demand_d · (1 − seized)/(1 − seized₀)          (1 under the status quo)
 *   revenue multiplier = Σ_d share_d · m_d
 *   flow index ∝ (operating capacity)^β · Σ_d share_d · m_d                (value-weighted)
 *   overdoses ∝ capacity^{βε} · [ o · m_fentanyl^ε · treatment + (1 − o) · m_stimulants^ε ]
 *   trade cost = inspected share · inspectionTradeCost · tradeValue       (US$ billion a year)
 *
 * with o the share of US overdose deaths involving synthetic opioids.
 */
export interface DrugMultipliers {
  fentanyl: number;
  methamphetamine: number;
  cocaine: number;
  marijuana: number;
  /** Revenue-weighted multiplier (drug revenue and value-weighted flow). */
  total: number;
}

export function seizedShare(p: Params, e: Effects): number {
  return Math.min(0.95, p.interdictionBase + e.interdiction + e.inspection * p.inspectionInterdiction);
}

export function drugMultipliers(p: Params, e: Effects): DrugMultipliers {
  const passing = (1 - seizedShare(p, e)) / (1 - p.interdictionBase);
  const base = e.demand * passing;
  const fentanyl = base * e.syntheticSupply * e.opioidDemand;
  const methamphetamine = base * e.syntheticSupply;
  const cocaine = base;
  const marijuana = base;
  const shareMj = 1 - p.fentanylShare - p.methShare - p.cocaineShare;
  return {
    fentanyl,
    methamphetamine,
    cocaine,
    marijuana,
    total:
      p.fentanylShare * fentanyl +
      p.methShare * methamphetamine +
      p.cocaineShare * cocaine +
      shareMj * marijuana,
  };
}

/**
 * Cost of enhanced border inspection to US–Mexico trade, US$ billion a year. Only inspection moves it: no
 * cited estimate ties other levers (e.g. strikes without consent) to tariffs or border closures.
 */
export function tradeCost(p: Params, e: Effects): number {
  return e.inspection * p.inspectionTradeCost * p.tradeValue;
}

/** Relative overdose mortality at a treatment coverage (Sordo et al. 2017 rate ratio). */
export function treatmentFactor(p: Params, coverage: number): number {
  const inTreatment = coverage * p.overdoseShareOud;
  return 1 - inTreatment + inTreatment / p.treatmentMortalityRatio;
}

/** Overdose deaths relative to the status quo at the same trafficking capacity (1 with no policy). */
export function overdoseMix(p: Params, e: Effects, m: DrugMultipliers): number {
  const coverage = Math.min(1, p.treatmentCoverage + e.treatment);
  const treat = treatmentFactor(p, coverage) / treatmentFactor(p, p.treatmentCoverage);
  const stimulants =
    (p.methShare * m.methamphetamine + p.cocaineShare * m.cocaine) / (p.methShare + p.cocaineShare);
  const eps = p.overdoseSupplyElasticity;
  return p.overdoseOpioidShare * m.fentanyl ** eps * treat + (1 - p.overdoseOpioidShare) * stimulants ** eps;
}
