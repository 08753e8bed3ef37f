/**
 * What the active policies do to the model at one moment. Levers write into this record (multipliers
 * multiply, additive terms add, switches take the largest value); the engine reads it once a week.
 * A neutral record leaves the status quo unchanged.
 */
export interface Effects {
  /** × recruitment ρ. */
  recruitment: number;
  /** × incapacitation effort (arrests). */
  incapacitation: number;
  /** × share of arrests that become lasting incapacitation (judicial effectiveness). */
  lasting: number;
  /** + intelligence quality (index points). */
  intel: number;
  /** × leak / corruption rate. */
  leak: number;
  /** × success of targeted operations (capacity, equipment, coordination). */
  opEffectiveness: number;
  /** × intelligence that criminals adapt around when operations are made public. */
  publicAdaptation: number;
  /** + leader-removal operations per year by Mexican forces (high-value targeting). */
  leaderOps: number;
  /** Groups targeted by leader-removal operations (largest first). */
  leaderTopK: number;
  /** + leader removals per year by direct US strikes. */
  strikes: number;
  /** + deaths per strike beyond the targets (collateral). */
  strikeCollateral: number;
  /** + middle-layer sweeps per year. */
  sweeps: number;
  /** Groups targeted by sweeps (largest first). */
  sweepTopK: number;
  /** 0–1: forces prepositioned before operations (damps post-operation violence). */
  prepositioned: number;
  /** 0–1: mediation / truce intensity on the hottest contested areas. */
  mediation: number;
  /** Number of areas mediated. */
  mediationAreas: number;
  /** Fall in recorded conflict deaths in mediated areas. */
  mediationEffect: number;
  /** Share of that fall that is deaths hidden (disappearances), not lives saved. */
  mediationHidden: number;
  /** Hazard of a truce collapsing, per year. */
  mediationCollapse: number;
  /** Rise in conflict after a collapse. */
  mediationRebound: number;
  /** Rise in recruitment of groups in mediated areas. */
  mediationLegitimacy: number;
  /** Weeks after a collapse before a new truce is attempted. */
  mediationRetry: number;
  /** 0–1: share of removed leaders extradited to the US. */
  extradition: number;
  /** + fraction of criminal revenue removed by anti-money-laundering. */
  aml: number;
  /** × firearms trafficked from the US. */
  firearmsInflow: number;
  /** + firearms given to Mexican forces per year. */
  weaponsTransferred: number;
  /** 0–1: end-use verification of transferred weapons and shared intelligence. */
  verification: number;
  /** + share of the drug flow seized at the border. */
  interdiction: number;
  /** 0–1: share of commercial traffic under enhanced inspection. */
  inspection: number;
  /** + opioid-use-disorder treatment coverage (fraction of people with OUD). */
  treatment: number;
  /** × US retail demand for every drug (distribution enforcement). */
  demand: number;
  /** × US demand for opioids (treatment). */
  opioidDemand: number;
  /** × production capacity of synthetic drugs: fentanyl, methamphetamine (precursor controls). */
  syntheticSupply: number;
  /** + target level of US–Mexico cooperation (index points). */
  cooperation: number;
  /** 1 when cooperation collapses at once (unilateral action), else 0. */
  cooperationCollapse: number;
  /** + deaths per year in confrontations with security forces (deployments). */
  confrontations: number;
}

export function neutralEffects(): Effects {
  return {
    recruitment: 1,
    incapacitation: 1,
    lasting: 1,
    intel: 0,
    leak: 1,
    opEffectiveness: 1,
    publicAdaptation: 1,
    leaderOps: 0,
    leaderTopK: 0,
    strikes: 0,
    strikeCollateral: 0,
    sweeps: 0,
    sweepTopK: 0,
    prepositioned: 0,
    mediation: 0,
    mediationAreas: 0,
    mediationEffect: 0,
    mediationHidden: 0,
    mediationCollapse: 0,
    mediationRebound: 0,
    mediationLegitimacy: 0,
    mediationRetry: Number.POSITIVE_INFINITY,
    extradition: 0,
    aml: 0,
    firearmsInflow: 1,
    weaponsTransferred: 0,
    verification: 0,
    interdiction: 0,
    inspection: 0,
    treatment: 0,
    demand: 1,
    opioidDemand: 1,
    syntheticSupply: 1,
    cooperation: 0,
    cooperationCollapse: 0,
    confrontations: 0,
  };
}

const NEUTRAL = neutralEffects();
const KEYS = Object.keys(NEUTRAL) as (keyof Effects)[];

/** Reset in place (called every step; allocates nothing). */
export function resetEffects(e: Effects): void {
  for (const k of KEYS) e[k] = NEUTRAL[k];
}
