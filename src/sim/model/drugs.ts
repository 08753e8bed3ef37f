import type { Params } from '../params.js';
import type { Effects } from '../policy/effects.js';

/**
 * The drug market seen from Mexico's groups and from the US: four drugs with their share of the groups'
 * drug revenue, each moved by its own policies (precursor controls reach the synthetics, treatment the
 * opioids, interdiction and distribution enforcement all of them).
 *
 *   m_d = S_d · D_d,  S_d = supply_d · (1 − seized)/(1 − seized₀),  D_d = demand_d   (1 under the status quo)
 *   revenue_d = D_d · S_d · max(S_d, ⅕)^(1/ε)        (ε < 0 the price elasticity of demand)
 *   revenue multiplier = Σ_d share_d · revenue_d
 *   flow index ∝ (operating capacity)^β · Σ_d share_d · m_d                (value-weighted)
 *   overdoses ∝ capacity^{βε} · [ o · m_fentanyl^ε · treatment + (1 − o) · m_stimulants^ε ]
 *   trade cost = inspected share · inspectionTradeCost · tradeValue       (US$ billion a year)
 *
 * with o the share of US overdose deaths involving synthetic opioids.
 *
 * Why revenue is not quantity: a supply cut (seizures, precursor controls) moves the market along an
 * inelastic demand curve, so the price rises by S^(1/ε) and what the groups earn, price × quantity, rises
 * with it: the channel by which cocaine scarcity raised traffickers' revenue and violence in Mexico
 * (Castillo, Mejía & Restrepo 2020). A demand cut (treatment, enforcement against distribution) shifts the
 * curve instead: quantity and revenue fall together (supply taken as flat at the margin).
 */
export interface DrugMultipliers {
  fentanyl: number;
  methamphetamine: number;
  cocaine: number;
  marijuana: number;
  /** Revenue-weighted multiplier of the quantity (value-weighted flow). */
  total: number;
  /** The groups' drug revenue relative to the status quo: price × quantity. */
  revenue: number;
}

export function seizedShare(p: Params, e: Effects): number {
  return Math.min(0.95, p.interdictionBase + e.interdiction + e.inspection * p.inspectionInterdiction);
}

/**
 * Below a fifth of today's supply the market is no longer a movement along today's demand curve (users
 * switch drugs, producers relocate): the price rise stops there (ASSUMPTION), so revenue stays finite as a
 * supply is cut to nothing.
 */
const SCARCEST = 0.2;

export function drugMultipliers(p: Params, e: Effects): DrugMultipliers {
  const passing = (1 - seizedShare(p, e)) / (1 - p.interdictionBase);
  // Supply S_d and demand D_d of each drug (fentanyl's demand also falls with treatment).
  const synthetic = passing * e.syntheticSupply;
  const opioidDemand = e.demand * e.opioidDemand;
  const fentanyl = synthetic * opioidDemand;
  const methamphetamine = synthetic * e.demand;
  const cocaine = passing * e.demand;
  const marijuana = cocaine;
  const shareMj = 1 - p.fentanylShare - p.methShare - p.cocaineShare;
  const inverse = 1 / p.drugDemandElasticity;
  // price × quantity; the price term stops at SCARCEST (see there).
  const earned = (supply: number, demand: number) => demand * supply * Math.max(supply, SCARCEST) ** inverse;
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
    revenue:
      p.fentanylShare * earned(synthetic, opioidDemand) +
      p.methShare * earned(synthetic, e.demand) +
      (p.cocaineShare + shareMj) * earned(passing, e.demand),
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
