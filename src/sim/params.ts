import { type Distribution, drawFrom, sampleRow } from './distributions.js';
import { posteriorColumn, posteriorMedian } from './evidence/posterior.js';
import type { Rng } from './rng.js';

/**
 * Every parameter of the policy simulator, with its unit, central value, uncertainty and source.
 *
 * `assumption: true` marks values chosen by Atalaya where no published estimate exists; the note says what
 * informed the choice. The Monte Carlo draws each run's parameters from `dist` (the same draw for every
 * scenario of a run: common random numbers, so that differences between scenarios are policy effects,
 * not sampling noise). docs/MODEL.md is generated from this table (`atalaya model params --markdown`).
 */
export interface ParamSpec {
  label: string;
  mechanism: Mechanism;
  unit: string;
  value: number;
  dist: Distribution;
  source: string;
  assumption: boolean;
  note?: string;
}

export type Mechanism =
  | 'core'
  | 'layers'
  | 'leadership'
  | 'territory'
  | 'enforcement'
  | 'economy'
  | 'firearms'
  | 'drugs'
  | 'cooperation'
  | 'costs';

const PC2023 = 'Prieto-Curiel, Campedelli & Hope (2023) Science 381:1312';
const PC_CODE = `${PC2023}; values as in the authors' ReclutamientoC.R (github.com/rafaelprietocuriel/Recruitment)`;

export const PARAMS = {
  // ── Core recruitment–conflict model (Prieto-Curiel et al. 2023) ─────────────────────────────────
  rho: {
    label: 'Recruitment rate ρ',
    mechanism: 'core',
    unit: 'recruits per member per week',
    value: 2.527474e-3,
    dist: { kind: 'normal', sd: 0.04e-3, min: 0 },
    source: PC_CODE,
    assumption: false,
    note: 'Spread chosen so that 2022 members span ≈160,000–185,000 (90%), the range published in the paper.',
  },
  eta: {
    label: 'Incapacitation η',
    mechanism: 'core',
    unit: 'members incapacitated per week (shared in proportion to size)',
    value: 110,
    dist: { kind: 'uniform', min: 105, max: 115 },
    source: `${PC_CODE}; ≈5,700 incapacitations a year (author's 2025 cohort code)`,
    assumption: false,
    note: 'Range ±5% (Atalaya); the paper fits η in [110, 120].',
  },
  theta: {
    label: 'Conflict lethality θ',
    mechanism: 'core',
    unit: 'deaths per member² per week (× K)',
    value: 1.549231e-8,
    dist: { kind: 'normal', sd: 0.08e-8, min: 0 },
    source: PC_CODE,
    assumption: false,
    note: 'Spread ±5% (1 sd) is Atalaya’s; ≈6,500 cartel members killed a year in 2022 (author).',
  },
  omega: {
    label: 'Saturation ω',
    mechanism: 'core',
    unit: 'exits per member² per week',
    value: 4e-8,
    dist: { kind: 'normal', sd: 0.2e-8, min: 0 },
    source: PC_CODE,
    assumption: false,
  },
  rhoScale: {
    label: 'Recruitment scale of the extended model',
    mechanism: 'core',
    unit: 'multiplier of ρ',
    value: 0.948,
    dist: { kind: 'fixed' },
    source:
      'Calibrated (`atalaya calibrate core`) so that the full status quo, with leader removals, splits and history, matches the paper’s 2012→2022 path on average: 175,000 members and the paper model’s conflict deaths in 2021. 1 = the paper’s model (preset prieto-curiel-2023).',
    assumption: false,
  },
  thetaScale: {
    label: 'Conflict scale of the extended model',
    mechanism: 'core',
    unit: 'multiplier of θ',
    value: 0.711,
    dist: { kind: 'fixed' },
    source: 'Calibrated with rhoScale (see there).',
    assumption: false,
  },
  members2012: {
    label: 'Cartel members, start of 2012',
    mechanism: 'core',
    unit: 'persons',
    value: 115000,
    dist: { kind: 'normal', sd: 2500, min: 0 },
    source: PC2023,
    assumption: false,
    note: 'Split across groups in proportion to 1/rank (rank by total alliance + rivalry weight).',
  },

  // ── Layers: leaders, middle layer, base ───────────────────────────────────────────────────────────
  midShare: {
    label: 'Middle-layer share of members μ',
    mechanism: 'layers',
    unit: 'fraction',
    value: 0.1,
    dist: { kind: 'triangular', min: 0.05, max: 0.2 },
    source:
      'Assumption informed by role counts in reconstructed networks: Montagna (Cavallaro et al. 2020 PLoS ONE; 17 of 155 coded as boss/underboss/executive), CAVIAR (Morselli 2009: a handful of brokers among 110)',
    assumption: true,
  },
  midRegenFast: {
    label: 'Middle-layer regeneration, layer mostly intact',
    mechanism: 'layers',
    unit: 'per week',
    value: Math.LN2 / 13,
    dist: { kind: 'uniform', min: Math.LN2 / 26, max: Math.LN2 / 8 },
    source:
      'Assumption (half-life 3 months, 2–6): disrupted trafficking networks replace brokers within months (Morselli & Petit 2007 Global Crime; Duijn, Kashirin & Sloot 2014 Sci Rep)',
    assumption: true,
  },
  midRegenSlow: {
    label: 'Middle-layer regeneration, layer mostly removed',
    mechanism: 'layers',
    unit: 'per week',
    value: Math.LN2 / 104,
    dist: { kind: 'uniform', min: Math.LN2 / 208, max: Math.LN2 / 52 },
    source:
      'Assumption (half-life 2 years, 1–4): promotion needs remaining mid-level members to vouch for and train recruits, so rebuilding from almost nothing is slow',
    assumption: true,
  },
  recruitCapacityElasticity: {
    label: 'Recruitment elasticity to middle-layer capacity',
    mechanism: 'layers',
    unit: 'exponent',
    value: 1,
    dist: { kind: 'uniform', min: 0.5, max: 1.5 },
    source: 'Assumption: recruiters are part of the middle layer, so recruitment scales with its capacity',
    assumption: true,
  },
  attackCapacityElasticity: {
    label: 'Fighting capacity elasticity to middle-layer capacity',
    mechanism: 'layers',
    unit: 'exponent',
    value: 0.5,
    dist: { kind: 'uniform', min: 0.25, max: 1 },
    source:
      'Assumption: weapons suppliers and logisticians sustain a group’s attacks; consistent with short-term violence reductions after mid-level arrests (Phillips 2015 J Politics 77:324)',
    assumption: true,
  },

  // ── Leadership shocks ─────────────────────────────────────────────────────────────────────────────
  leaderLoss: {
    label: 'Leadership cohesion lost when a leader is removed',
    mechanism: 'leadership',
    unit: 'fraction of cohesion',
    value: 0.8,
    dist: { kind: 'uniform', min: 0.6, max: 1 },
    source:
      'Assumption (with successionDisorder it sets the size of the post-removal spike, calibrated below)',
    assumption: true,
  },
  leaderRecovery: {
    label: 'Leadership recovery rate',
    mechanism: 'leadership',
    unit: 'per week',
    value: Math.LN2 / 39,
    dist: { kind: 'uniform', min: Math.LN2 / 52, max: Math.LN2 / 26 },
    source:
      'Half-life 9 months (6–12), so that violence stays elevated for at least 12 months after a capture: Lindo & Padilla-Romo (2018) J Health Econ 58:253',
    assumption: false,
  },
  successionDisorder: {
    label: 'Succession disorder σ',
    mechanism: 'leadership',
    unit: 'relative rise in conflict per unit of lost cohesion',
    value: posteriorMedian('leadership', 'successionDisorder'),
    dist: posteriorColumn('leadership', 'successionDisorder'),
    source:
      'Fitted by ABC-SMC with leaderCapacityCut, splitHazard and rivalEncroachment to the leader-removal studies re-run inside the model: Dickenson (2014) J Quant Criminol 30:651 (extra deaths per removal), Calderón, Robles, Díaz-Cayeros & Magaloni (2015) J Conflict Resolut 59:1455 (a rise where the leader falls), Lindo & Padilla-Romo (2018) J Health Econ 58:253 (still raised after six months), Dell (2015) AER 105:1738 (and next door), Phillips (2015) J Politics 77:324; posterior median 0.12 [90%: 0.02–0.28] (docs/EVIDENCE.md, `atalaya calibrate evidence`); drawn jointly with them from the posterior sample',
    assumption: false,
    note: 'Was 0.73, fitted to the +36.5% of Calderón et al. applied to a group’s conflict nationwide: ten times the deaths per removal Dickenson counts.',
  },
  splitHazard: {
    label: 'Split hazard at fully lost cohesion',
    mechanism: 'leadership',
    unit: 'per week',
    value: posteriorMedian('leadership', 'splitHazard'),
    dist: posteriorColumn('leadership', 'splitHazard'),
    source:
      'Fitted by ABC-SMC with the other leadership parameters to the leader-removal studies (docs/EVIDENCE.md): posterior median 0.011 [90%: 0.001–0.025]; fragmentation after kingpin removals: Jones 2013 Trends Organ Crime 16:156; Atuesta & Ponce 2017 Global Crime 18:375; Phillips 2015',
    assumption: false,
  },
  splitShare: {
    label: 'Share of members leaving with a splinter faction',
    mechanism: 'leadership',
    unit: 'fraction',
    value: 0.4,
    dist: { kind: 'uniform', min: 0.25, max: 0.5 },
    source: 'Assumption: a splinter faction starts as the smaller part of its group (25–50% of members)',
    assumption: true,
  },
  splitRivalry: {
    label: 'Rivalry weight between a group and its splinter',
    mechanism: 'leadership',
    unit: 'tie weight (BACRIM2020 scale)',
    value: 5,
    dist: { kind: 'uniform', min: 3, max: 8 },
    source:
      'Assumption: between the median and the top rivalry weights of the 2020 network (CJNG–Nueva Familia Michoacana: 13)',
    assumption: true,
  },
  baselineLeaderRemovals: {
    label: 'Leader removals per year under the status quo',
    mechanism: 'leadership',
    unit: 'removals per year (nationwide)',
    value: 5,
    dist: { kind: 'uniform', min: 3, max: 8 },
    source:
      'Dickenson (2014) J Quant Criminol 30:651: 25 DTO leaders removed Dec 2006–2010 (≈6 a year); Calderón et al. (2015) data on leaders and lieutenants',
    assumption: false,
    note: 'Targets groups in proportion to size.',
  },
  midLayerDisorder: {
    label: 'Disorder after a middle-layer sweep, relative to a leader removal',
    mechanism: 'leadership',
    unit: 'fraction of leaderLoss',
    value: 0.15,
    dist: { kind: 'uniform', min: 0, max: 0.3 },
    source:
      'Assumption: lieutenant captures raise violence only in strategic places (Calderón et al. 2015), mid-level arrests are followed by short-term decreases (Phillips 2015)',
    assumption: true,
  },
  prepositionDamping: {
    label: 'Post-operation disorder damped by prepositioned forces',
    mechanism: 'leadership',
    unit: 'fraction',
    value: 0.5,
    dist: { kind: 'uniform', min: 0.2, max: 0.7 },
    source:
      'Assumption: forces deployed before an operation deter opportunistic attacks and succession fights; no causal estimate found',
    assumption: true,
  },

  // ── Territory ─────────────────────────────────────────────────────────────────────────────────────
  presenceFromTies: {
    label: 'Presence implied by a tie, per unit weight',
    mechanism: 'territory',
    unit: 'presence weight relative to the home state',
    value: 0.15,
    dist: { kind: 'uniform', min: 0.05, max: 0.3 },
    source:
      'Assumption: groups meet their rivals and allies somewhere; a tie places some presence in the partner’s home state (CJNG is reported in 28 of 32 states, Sinaloa in 15: CIDE-PPD, Roa 2020)',
    assumption: true,
  },
  borderSpill: {
    label: 'Weight of rivals in adjacent areas (turf borders)',
    mechanism: 'territory',
    unit: 'relative to rivals in the same area',
    value: 0.5,
    dist: { kind: 'uniform', min: 0.25, max: 0.75 },
    source: 'Assumption: violence concentrates on turf borders (Osorio 2015 JCR 59:1403; Sobrino 2020)',
    assumption: true,
  },
  spreadRate: {
    label: 'Territorial spread of growing groups',
    mechanism: 'territory',
    unit: 'share of growth placed in adjacent areas',
    value: 0.3,
    dist: { kind: 'uniform', min: 0.1, max: 0.5 },
    source:
      'Assumption: growing groups expand into neighbouring states (e.g. CJNG reported in 28 states by 2020, CIDE-PPD)',
    assumption: true,
  },

  // ── Enforcement, intelligence, justice ───────────────────────────────────────────────────────────
  lastingShare: {
    label: 'Share of arrests that become lasting incapacitation',
    mechanism: 'enforcement',
    unit: 'fraction',
    value: 0.048,
    dist: { kind: 'uniform', min: 0.03, max: 0.06 },
    source:
      'η / arrests: 110 a week over 2,293 arrests a week (2021, Trends2012_2021.csv); consistent with 95.7–96.9% impunity for intentional homicide (México Evalúa, Hallazgos 2022–2023) and a 1.04% chance that a crime is reported and solved (Impunidad Cero 2021)',
    assumption: false,
  },
  targetedLastingShare: {
    label: 'Share of people detained in targeted operations who stay incapacitated',
    mechanism: 'enforcement',
    unit: 'fraction',
    value: 0.3,
    dist: { kind: 'uniform', min: 0.15, max: 0.5 },
    source:
      'Assumption: targeted operations come with investigations, so conviction is likelier than for ordinary arrests',
    assumption: true,
  },
  sentenceYears: {
    label: 'Mean time incapacitated',
    mechanism: 'enforcement',
    unit: 'years',
    value: 6,
    dist: { kind: 'uniform', min: 3, max: 10 },
    source:
      'Assumption informed by ENPOL 2021 (INEGI): 72% of prisoners sentenced, 39% of those to 21 years or more, 28% held without sentence',
    assumption: true,
  },
  intelBase: {
    label: 'Intelligence quality, status quo',
    mechanism: 'enforcement',
    unit: 'index 0–1',
    value: 0.3,
    dist: { kind: 'uniform', min: 0.2, max: 0.4 },
    source: 'Assumption (index; only ratios to this value matter)',
    assumption: true,
  },
  intelArrestElasticity: {
    label: 'Elasticity of lasting arrests to operational effectiveness',
    mechanism: 'enforcement',
    unit: 'exponent',
    value: 0.5,
    dist: { kind: 'uniform', min: 0.2, max: 0.8 },
    source:
      'Assumption: intelligence-led policing raises the share of arrests that hit active members and hold up in court, less than proportionally',
    assumption: true,
  },
  leakBase: {
    label: 'Share of operations compromised by leaks and corruption',
    mechanism: 'enforcement',
    unit: 'fraction',
    value: 0.3,
    dist: { kind: 'uniform', min: 0.15, max: 0.45 },
    source:
      'Assumption; no published rate. Impunity above 95% (México Evalúa) and documented collusion cases motivate a large value',
    assumption: true,
  },
  sweepShare: {
    label: 'Share of a group’s middle layer removed by one sweep',
    mechanism: 'enforcement',
    unit: 'fraction',
    value: 0.3,
    dist: { kind: 'uniform', min: 0.15, max: 0.45 },
    source:
      'Assumption: one operation detains a fraction of the targeted group’s recruiters, logisticians, suppliers and accountants',
    assumption: true,
  },
  prisonControl: {
    label: 'Control a removed leader keeps from a Mexican prison',
    mechanism: 'enforcement',
    unit: 'fraction of cohesion not lost',
    value: 0.25,
    dist: { kind: 'uniform', min: 0.1, max: 0.4 },
    source:
      'Assumption: leaders have run groups from Mexican prisons and escaped (2001, 2015); extradition to the US removes this (2025 transfers of 29 and 26 prisoners, FGR/SSPC)',
    assumption: true,
  },
  confrontationDeathsPerOp: {
    label: 'Deaths in confrontations per targeted operation',
    mechanism: 'enforcement',
    unit: 'deaths per operation',
    value: 1.42,
    dist: { kind: 'triangular', min: 0.6, max: 3 },
    source:
      'CIDE-PPD events file, Dec 2006–Nov 2011: 5,435 deaths in 3,835 confrontations between armed forces and criminal groups (1.42 each; 0.59 per aggression); one confrontation per operation is an ASSUMPTION (test/sim/evidence.test.ts recomputes the rate)',
    assumption: false,
  },

  // ── Revenue, extortion, money laundering ────────────────────────────────────────────────────────
  drugRevenueShare: {
    label: 'Share of criminal revenue from drugs',
    mechanism: 'economy',
    unit: 'fraction',
    value: 0.5,
    dist: { kind: 'uniform', min: 0.4, max: 0.7 },
    source:
      'Kilmer, Caulkins, Bond & Reuter (2010) RAND OP-325 (drug exports; marijuana 15–26% of them); non-drug revenue at least 15% (Humphreys 2010); fuel theft ≈$1.2–3bn a year (CRS R41576; OCE 2024); migrant smuggling $2–6bn (HSOAC, ICE testimony 2021). Shares are Atalaya’s synthesis',
    assumption: true,
  },
  fentanylShare: {
    label: 'Share of drug revenue from fentanyl',
    mechanism: 'economy',
    unit: 'fraction of drug revenue',
    value: 0.35,
    dist: { kind: 'uniform', min: 0.25, max: 0.45 },
    source:
      'Assumption; DEA National Drug Threat Assessments 2024–2025 name fentanyl and methamphetamine as the main threats trafficked by the Sinaloa Cartel and CJNG. Marijuana takes the remainder (15–26% of export revenue in 2010, Kilmer et al. RAND OP-325, since cut by US legalisation)',
    assumption: true,
  },
  methShare: {
    label: 'Share of drug revenue from methamphetamine',
    mechanism: 'economy',
    unit: 'fraction of drug revenue',
    value: 0.25,
    dist: { kind: 'uniform', min: 0.15, max: 0.3 },
    source: 'Assumption (see fentanylShare)',
    assumption: true,
  },
  cocaineShare: {
    label: 'Share of drug revenue from cocaine',
    mechanism: 'economy',
    unit: 'fraction of drug revenue',
    value: 0.3,
    dist: { kind: 'uniform', min: 0.2, max: 0.35 },
    source: 'Assumption (see fentanylShare)',
    assumption: true,
  },
  extortionRevenueShare: {
    label: 'Share of criminal revenue from extortion',
    mechanism: 'economy',
    unit: 'fraction',
    value: 0.18,
    dist: { kind: 'uniform', min: 0.1, max: 0.25 },
    source: 'Assumption (see drugRevenueShare)',
    assumption: true,
  },
  revenueRecruitElasticity: {
    label: 'Recruitment elasticity to revenue per member',
    mechanism: 'economy',
    unit: 'exponent',
    value: 0.5,
    dist: { kind: 'uniform', min: 0.25, max: 1 },
    source:
      'Assumption: revenue pays recruits and wages; Prieto-Curiel et al. (2023) name money as the driver of recruitment',
    assumption: true,
  },
  diversification: {
    label: 'Diversification into extortion when drug revenue falls',
    mechanism: 'economy',
    unit: 'relative rise in extortion per relative fall in drug revenue',
    value: 0.5,
    dist: { kind: 'uniform', min: 0.2, max: 1 },
    source:
      'Assumption on the size; the direction is documented: the war on drugs pushed cartels into oil theft (Battiston, Daniele, Le Moglie & Pinotti 2024 Econ J 134:2685); contested territory raises extortion (Magaloni et al., "Living in Fear")',
    assumption: true,
  },
  extortion2023: {
    label: 'Extortions, 2023',
    mechanism: 'economy',
    unit: 'crimes per year',
    value: 4.9e6,
    dist: { kind: 'fixed' },
    source: 'INEGI, ENVIPE 2024 (reference year 2023): about 4.9 million extortions, 96.7% unreported',
    assumption: false,
  },
  amlMaxCut: {
    label: 'Revenue removed by anti-money-laundering at intensity 1',
    mechanism: 'economy',
    unit: 'fraction of usable revenue',
    value: 0.1,
    dist: { kind: 'uniform', min: 0.03, max: 0.2 },
    source:
      'Assumption; today far less than 1% (probably ≈0.2%) of laundered proceeds are seized (UNODC 2011), and 85% of Mexico’s UIF freezes 2014–2024 were released (UIF report via La Jornada, Jan 2025)',
    assumption: true,
  },
  corruptionRevenueElasticity: {
    label: 'Leak rate elasticity to revenue per member',
    mechanism: 'economy',
    unit: 'exponent',
    value: 0.5,
    dist: { kind: 'uniform', min: 0, max: 1 },
    source: 'Assumption: revenue buys protection',
    assumption: true,
  },

  // ── Firearms ─────────────────────────────────────────────────────────────────────────────────────
  firearmsInflow: {
    label: 'Firearms trafficked from the US',
    mechanism: 'firearms',
    unit: 'firearms per year',
    value: 212887,
    dist: { kind: 'triangular', min: 89816, max: 359205 },
    source:
      'McDougal, Shirk, Muggah & Patterson (2015) J Econ Geogr 15:297 (2010–2012); 70% of traced crime guns recovered in Mexico are US-sourced (GAO-21-322)',
    assumption: false,
  },
  firearmsLife: {
    label: 'Mean time a trafficked firearm stays in use',
    mechanism: 'firearms',
    unit: 'years',
    value: 5,
    dist: { kind: 'uniform', min: 3, max: 10 },
    source: 'Assumption: firearms are lost, seized or worn out over several years',
    assumption: true,
  },
  firearmsLethality: {
    label: 'Elasticity of conflict lethality to the firearms stock',
    mechanism: 'firearms',
    unit: 'exponent',
    value: 0.3,
    dist: { kind: 'uniform', min: 0.1, max: 0.5 },
    source:
      'Assumption informed by Dube, Dube & García-Ponce (2013) APSR 107:397 (US assault-weapons-ban expiry caused ≥239 extra deaths a year in border municipios) and Chicoine (2011; ≥16.4% of the 2004–2008 rise in homicides); 71.8% of 2024 homicides used firearms (INEGI)',
    assumption: true,
  },
  weaponsDiversion: {
    label: 'Share of weapons given to Mexican forces diverted to criminal groups',
    mechanism: 'firearms',
    unit: 'fraction',
    value: 0.05,
    dist: { kind: 'uniform', min: 0.01, max: 0.15 },
    source: 'Assumption; verification (end-use monitoring) halves it',
    assumption: true,
  },

  // ── Drug flow and the US ─────────────────────────────────────────────────────────────────────────
  supplyElasticity: {
    label: 'Drug flow elasticity to trafficking capacity',
    mechanism: 'drugs',
    unit: 'exponent',
    value: 0.3,
    dist: { kind: 'uniform', min: 0.1, max: 0.6 },
    source:
      'Assumption: the US market is demand-limited, so flow grows less than proportionally with traffickers',
    assumption: true,
  },
  interdictionBase: {
    label: 'Share of the flow seized at the border',
    mechanism: 'drugs',
    unit: 'fraction',
    value: 0.1,
    dist: { kind: 'uniform', min: 0.05, max: 0.2 },
    source:
      'Assumption; CBP seized over 27,000 lb of fentanyl in FY2023, mostly at ports of entry (>90% of fentanyl crosses in vehicles at ports of entry, CBP 2023); the size of the total flow is unknown',
    assumption: true,
  },
  inspectionInterdiction: {
    label: 'Extra share seized with enhanced inspection of all commercial traffic',
    mechanism: 'drugs',
    unit: 'fraction of flow',
    value: 0.15,
    dist: { kind: 'uniform', min: 0.05, max: 0.3 },
    source:
      'Assumption: smugglers adapt (routes, concealment), so full inspection seizes only part of what crosses',
    assumption: true,
  },
  inspectionTradeCost: {
    label: 'Trade cost of enhanced inspection of all commercial traffic',
    mechanism: 'drugs',
    unit: 'fraction of trade value per year',
    value: 0.05,
    dist: { kind: 'triangular', min: 0.02, max: 0.25 },
    source:
      'Assumption for the long run; the short-run cost was far higher: Texas enhanced truck inspections of 6–15 April 2022 cost an estimated $8.97bn of US GDP in 9 days (Perryman Group 2022)',
    assumption: true,
  },
  tradeValue: {
    label: 'US–Mexico goods trade',
    mechanism: 'drugs',
    unit: 'US$ billion per year',
    value: 840,
    dist: { kind: 'fixed' },
    source:
      'US Census Bureau, 2024 two-way goods trade ($840bn; $807bn is the 2023–2024 average used in debate)',
    assumption: false,
  },
  overdoses2024: {
    label: 'US drug overdose deaths, 2024',
    mechanism: 'drugs',
    unit: 'deaths per year',
    value: 80391,
    dist: { kind: 'fixed' },
    source: 'CDC/NCHS provisional counts (May 2025 release); 105,007 in 2023 (NCHS Data Brief 522)',
    assumption: false,
  },
  overdoseSupplyElasticity: {
    label: 'Elasticity of US overdose deaths to the drug flow',
    mechanism: 'drugs',
    unit: 'exponent',
    value: 0.5,
    dist: { kind: 'uniform', min: 0.2, max: 1 },
    source:
      'Assumption; no causal estimate for fentanyl was found. Price elasticities of demand are about −0.3 (heroin) to −0.5 (cocaine) (OAS 2013) and −0.9 on average (AIC Trends & Issues 606)',
    assumption: true,
  },
  treatmentCoverage: {
    label: 'Adults with opioid use disorder receiving medication (MOUD)',
    mechanism: 'drugs',
    unit: 'fraction',
    value: 0.251,
    dist: { kind: 'fixed' },
    source: 'Dowell et al. (2024) MMWR 73(25):567 (2022)',
    assumption: false,
  },
  treatmentMortalityRatio: {
    label: 'Mortality out of treatment relative to in treatment',
    mechanism: 'drugs',
    unit: 'rate ratio',
    value: 3.2,
    dist: { kind: 'triangular', min: 2.65, max: 3.86 },
    source: 'Sordo et al. (2017) BMJ 357:j1550 (methadone, all-cause mortality)',
    assumption: false,
  },
  overdoseOpioidShare: {
    label: 'Share of US overdose deaths involving synthetic opioids',
    mechanism: 'drugs',
    unit: 'fraction',
    value: 0.602,
    dist: { kind: 'fixed' },
    source:
      'CDC/NCHS provisional counts 2024: 48,422 deaths involving synthetic opioids of 80,391 (the categories overlap; this is their ratio)',
    assumption: false,
  },
  overdoseShareOud: {
    label: 'Share of overdose deaths among people with opioid use disorder',
    mechanism: 'drugs',
    unit: 'fraction',
    value: 0.7,
    dist: { kind: 'uniform', min: 0.5, max: 0.85 },
    source:
      'Assumption; synthetic opioids were involved in 63% of 2024 deaths (48,422 of 80,391, CDC provisional)',
    assumption: true,
  },

  // ── Cooperation and trust ──────────────────────────────────────────────────────────────────────
  cooperationBase: {
    label: 'US–Mexico security cooperation, status quo',
    mechanism: 'cooperation',
    unit: 'index 0–1',
    value: 0.5,
    dist: { kind: 'fixed' },
    source: 'Assumption (index; only ratios to this value matter)',
    assumption: true,
  },
  usIntelShare: {
    label: 'Share of Mexico’s operational intelligence that depends on US cooperation',
    mechanism: 'cooperation',
    unit: 'fraction',
    value: 0.3,
    dist: { kind: 'uniform', min: 0.1, max: 0.5 },
    source:
      'Assumption; DEA and US agencies contribute to most high-value captures (CRS R41576), Mexico also runs its own intelligence',
    assumption: true,
  },
  cooperationTime: {
    label: 'Time for cooperation to adjust to policy',
    mechanism: 'cooperation',
    unit: 'years',
    value: 1,
    dist: { kind: 'uniform', min: 0.5, max: 2 },
    source:
      'Assumption; the 2020 arrest of a former defence minister was followed within two months by a Mexican law restricting foreign agents (Dec 2020)',
    assumption: true,
  },

  // Parameters added after the first release go last: draws happen in catalog order, so appending keeps
  // every earlier parameter's draw (and so every earlier result) unchanged for the same seed.
  leaderOpDetained: {
    label: 'People detained with a leader in a high-value operation',
    mechanism: 'enforcement',
    unit: 'persons per operation (before the lasting share)',
    value: 5,
    dist: { kind: 'uniform', min: 1, max: 15 },
    source:
      'Assumption: leaders are usually captured with bodyguards and close associates; no systematic count was found. Only operations added by a policy count: the status quo’s are part of η (≈5,700 incapacitations a year)',
    assumption: true,
  },

  // ── Fiscal costs (metric fiscalCost: spending above the status quo, US$ billion a year) ────────────
  mxnPerUsd: {
    label: 'Exchange rate',
    mechanism: 'costs',
    unit: 'MXN per US$',
    value: 18.5,
    dist: { kind: 'uniform', min: 17, max: 21 },
    source:
      'Assumption for 2026–2035 informed by the Banco de México FIX rate: about 18.3 on average in 2024, roughly 16.3–20.8 over 2024–2025. Converts Mexican costs (MXN) to the metric’s US$',
    assumption: true,
  },
  guardBudget: {
    label: 'National Guard budget',
    mechanism: 'costs',
    unit: 'MXN billion per year',
    value: 70.8,
    dist: { kind: 'triangular', min: 34, max: 104 },
    source:
      'PEF 2024 approved MXN 70.8bn (70,767 million) for the Guardia Nacional, of which MXN 33.9bn was exercised (SHCP, Cuenta Pública, as reported by El Universal, Sept 2024); CIEP (Pérez Pacheco 2021) puts its 2021 cost at MXN 103.9bn counting military and naval police pay. The range spans exercised budget to full cost',
    assumption: false,
    note: 'The nationalGuard lever costs its arrest rise × this budget (ASSUMPTION: arrests grow in proportion to the Guard).',
  },
  prisonCostPerYear: {
    label: 'Cost of holding one prisoner for a year (Mexico)',
    mechanism: 'costs',
    unit: 'MXN per prisoner-year',
    value: 180000,
    dist: { kind: 'lognormal', sdLog: 0.7 },
    source:
      'Atalaya’s synthesis of: MXN 151 a day on average for 225,000 prisoners (CEFP, Cámara de Diputados, c. 2011); MXN 140 a day in the federal system (Zepeda Lecuona, “La transformación del Sistema Penitenciario Federal”); MXN 491 a day in Guanajuato state prisons (SSP Guanajuato, 2023); MXN 21.5bn for 17,271 federal prisoners in 2019 (≈MXN 3,400 a day, much of it public–private contracts; INEGI/SPF). Central MXN ≈490 a day; 90% range ≈ MXN 160–1,550 a day',
    assumption: true,
  },
  youthCostPerParticipant: {
    label: 'Youth programme cost per participant-year',
    mechanism: 'costs',
    unit: 'MXN per participant-year',
    value: 115000,
    dist: { kind: 'uniform', min: 100000, max: 170000 },
    source:
      'Jóvenes Construyendo el Futuro stipend: MXN 8,480 a month in 2025 (Reglas de Operación, DOF 31 Dec 2024) and MXN 9,582 in 2026 (12 months ≈ MXN 115,000), plus IMSS cover; 2025 budget MXN 24.2bn. The upper end allows for mentoring or cognitive-behavioural components like those of Heller et al. (2017) (ASSUMPTION)',
    assumption: false,
  },
  prosecutionBudget: {
    label: 'Budget of the prosecutors’ offices (FGR and state fiscalías)',
    mechanism: 'costs',
    unit: 'MXN billion per year',
    value: 60,
    dist: { kind: 'uniform', min: 50, max: 70 },
    source:
      'INEGI, Censo Nacional de Procuración de Justicia: MXN 67.2bn exercised in 2022 (CNPJ 2023) and MXN 50.8bn in 2024 (CNPJ 2025, without Mexico City); FGR alone MXN 20.1bn requested for 2025 (PPEF)',
    assumption: false,
    note: 'Levers that raise lasting incapacitation cost their relative rise × this budget (ASSUMPTION: convictions grow in proportion to prosecution spending, probably optimistic).',
  },
  intelBudget: {
    label: 'Mexico’s intelligence spending that the intelligence pillar would scale',
    mechanism: 'costs',
    unit: 'MXN billion per year',
    value: 5,
    dist: { kind: 'uniform', min: 2, max: 15 },
    source:
      'Assumption: civilian and military intelligence budgets (CNI, SSPC, Defensa, Marina) are not published together; a relative rise in intelligence quality costs the same relative rise of this amount',
    assumption: true,
  },
  coordinationCost: {
    label: 'Cost of the coordination pillar',
    mechanism: 'costs',
    unit: 'MXN million per year per percentage point fall in leaks',
    value: 25,
    dist: { kind: 'uniform', min: 5, max: 100 },
    source:
      'Assumption: coordination is mostly administrative (security cabinet, state coordination tables); the range allows for liaison staff and shared information systems (MXN 0.1–2bn a year for the default 20-point fall)',
    assumption: true,
  },
  vettingCost: {
    label: 'Cost of vetting security forces',
    mechanism: 'costs',
    unit: 'MXN million per year per percentage point fall in leaks',
    value: 33,
    dist: { kind: 'uniform', min: 10, max: 100 },
    source:
      'Assumption: confidence evaluations (control de confianza) and rotation of the units used in sensitive operations (MXN 0.3–3bn a year for the default 30-point fall); no published unit cost found',
    assumption: true,
  },
  leaderOpCost: {
    label: 'Cost of one high-value (leader) operation by Mexican forces',
    mechanism: 'costs',
    unit: 'MXN million per operation',
    value: 20,
    dist: { kind: 'uniform', min: 5, max: 100 },
    source:
      'Assumption: marginal cost beyond standing forces (deployment, aircraft, surveillance); no published figure found',
    assumption: true,
  },
  sweepCost: {
    label: 'Cost of one middle-layer sweep',
    mechanism: 'costs',
    unit: 'MXN million per sweep',
    value: 50,
    dist: { kind: 'uniform', min: 10, max: 200 },
    source:
      'Assumption: a sweep is many simultaneous arrests of one group’s recruiters, logisticians, suppliers and accountants, with the investigations behind them; no published figure found',
    assumption: true,
  },
  mediationCostPerArea: {
    label: 'Cost of mediation in one area for a year',
    mechanism: 'costs',
    unit: 'MXN million per area-year',
    value: 100,
    dist: { kind: 'uniform', min: 20, max: 400 },
    source:
      'Assumption: violence-interruption programmes on the Cure Violence model are funded per neighbourhood in the US with a few US$ million (e.g. a US$4m BJA award in FY2024 for Washington DC’s Cure the Streets); mediating in a Mexican state needs mediators, monitoring and social programmes; no Mexican cost found',
    assumption: true,
  },
  amlCost: {
    label: 'Cost of anti-money-laundering at intensity 1 (removing amlMaxCut of revenue)',
    mechanism: 'costs',
    unit: 'MXN billion per year',
    value: 3,
    dist: { kind: 'uniform', min: 1, max: 10 },
    source:
      'Assumption; today’s effort is small: the UIF had MXN 163.5m in 2025 (SHCP, via Expansión) and UIF plus the FGR’s anti-laundering units MXN 927m for 2026 (El Universal, Dec 2025); removing a tenth of criminal revenue would take several times that',
    assumption: true,
  },
  extraditionCost: {
    label: 'US cost per person extradited',
    mechanism: 'costs',
    unit: 'US$ million per person',
    value: 1,
    dist: { kind: 'uniform', min: 0.3, max: 3 },
    source:
      'Assumption: federal prosecution plus years of custody at US$44,090 a year (BOP cost of incarceration fee, FY2023, Federal Register 2024-28743), booked when the person is extradited',
    assumption: true,
  },
  usIntelCost: {
    label: 'US cost of intelligence sharing',
    mechanism: 'costs',
    unit: 'US$ billion per year per 0.1 of intelligence quality shared',
    value: 0.1,
    dist: { kind: 'uniform', min: 0.02, max: 0.5 },
    source:
      'Assumption: the Mérida Initiative gave Mexico US$1.3bn over FY2008–2010 (CRS R40135) for a much broader package of equipment and training; sharing intelligence already collected costs far less',
    assumption: true,
  },
  firearmCost: {
    label: 'US cost per firearm given to Mexican forces',
    mechanism: 'costs',
    unit: 'US$ per firearm',
    value: 3000,
    dist: { kind: 'uniform', min: 1000, max: 8000 },
    source: 'Assumption: weapon, ammunition, training and end-use monitoring',
    assumption: true,
  },
  strikeCost: {
    label: 'US cost per direct strike',
    mechanism: 'costs',
    unit: 'US$ million per strike',
    value: 10,
    dist: { kind: 'uniform', min: 2, max: 50 },
    source:
      'Assumption: surveillance, special-operations forces and munitions per strike; no public figure for such operations',
    assumption: true,
  },
  gunTraffickingCost: {
    label: 'US cost of cutting firearms trafficking to Mexico',
    mechanism: 'costs',
    unit: 'US$ million per year per percentage point of inflow cut',
    value: 10,
    dist: { kind: 'uniform', min: 3, max: 30 },
    source:
      'Assumption; for scale, ATF appropriations were about US$1bn in FY2008 (CRS RL34514) and Project Gunrunner received about US$49m of increases over FY2008–2010 (CRS R41206)',
    assumption: true,
  },
  inspectionCost: {
    label: 'US cost of enhanced inspection of all commercial traffic',
    mechanism: 'costs',
    unit: 'US$ billion per year at full coverage',
    value: 1.5,
    dist: { kind: 'uniform', min: 0.5, max: 5 },
    source:
      'Assumption; for scale, CBP scanned about 27% of commercial vehicles in FY2024 (House Homeland Security hearing with GAO-26-108767, Jan 2026) after nearly US$2bn appropriated for non-intrusive inspection since 2018, and requested US$305m for FY2024 plus a US$323m supplemental; full inspection also needs officers and port works',
    assumption: true,
  },
  moudCostPerPatient: {
    label: 'Cost of medication for opioid use disorder per patient-year',
    mechanism: 'costs',
    unit: 'US$ per patient-year',
    value: 6552,
    dist: { kind: 'triangular', min: 5980, max: 14112 },
    source:
      'NIDA, Medications to Treat Opioid Use Disorder research report (US Department of Defense estimates): methadone US$6,552 a year, buprenorphine US$5,980, extended-release naltrexone US$14,112',
    assumption: false,
  },
  oudAdults: {
    label: 'US adults who need treatment for opioid use disorder',
    mechanism: 'costs',
    unit: 'persons',
    value: 9.6e6,
    dist: { kind: 'fixed' },
    source:
      'Dowell et al. (2024) MMWR 73(25):567: 3.7% of US adults needed OUD treatment in 2022 (≈9.6 million of ≈260 million adults)',
    assumption: false,
  },
  distributionCost: {
    label: 'US cost of enforcement against distribution cells',
    mechanism: 'costs',
    unit: 'US$ million per year per percentage point of demand met cut',
    value: 200,
    dist: { kind: 'uniform', min: 50, max: 600 },
    source:
      'Assumption: sustained investigations of domestic distribution networks by federal, state and local agencies (US$1bn a year for the default 5-point cut)',
    assumption: true,
  },
  precursorCost: {
    label: 'US cost of precursor chemical controls',
    mechanism: 'costs',
    unit: 'US$ million per year per percentage point of production cut',
    value: 15,
    dist: { kind: 'uniform', min: 3, max: 60 },
    source:
      'Assumption: controls are mostly regulatory and diplomatic (scheduling, shipment monitoring with producing countries); no cost estimate found',
    assumption: true,
  },
  // ── Effects of the US options that were constants in the lever code (issue 14) ──────────────────────
  // Appended after every other parameter: draws are in catalog order, so the runs' other draws stay.
  publicCooperationCost: {
    label: 'Fall in the cooperation target when US intelligence or weapons are made public',
    mechanism: 'cooperation',
    unit: 'index points (0–1 scale) at full strength',
    value: 0.05,
    dist: { kind: 'uniform', min: 0, max: 0.15 },
    source:
      'Assumption, anchored on the 2020 Cienfuegos arrest: a public dispute over US agents led Mexico to restrict them within two months (reform of the National Security Law, December 2020); size unknown',
    assumption: true,
  },
  publicAdaptation: {
    label: 'Share of the intelligence gain lost when the sharing is public (groups adapt)',
    mechanism: 'cooperation',
    unit: 'fraction at full strength',
    value: 0.05,
    dist: { kind: 'uniform', min: 0, max: 0.2 },
    source: 'Assumption: announced capabilities invite counter-measures; no estimate found',
    assumption: true,
  },
  publicLeakCut: {
    label: 'Fall in leaks when US intelligence sharing is public (scrutiny exposes corrupt units)',
    mechanism: 'cooperation',
    unit: 'fraction at full strength',
    value: 0.1,
    dist: { kind: 'uniform', min: 0, max: 0.2 },
    source: 'Assumption: accountability through publicity; no estimate found',
    assumption: true,
  },
  verifiedLeakCut: {
    label: 'Fall in leaks when US intelligence sharing is conditioned on verified results',
    mechanism: 'cooperation',
    unit: 'fraction at full strength',
    value: 0.2,
    dist: { kind: 'uniform', min: 0.05, max: 0.4 },
    source:
      'Assumption: vetted units with verified outputs leak less (the Mérida Initiative’s vetted-unit programme; no causal estimate found)',
    assumption: true,
  },
  verifiedCooperationGain: {
    label: 'Rise in the cooperation target when US intelligence sharing is tied to verified results',
    mechanism: 'cooperation',
    unit: 'index points (0–1 scale) at full strength',
    value: 0.1,
    dist: { kind: 'uniform', min: 0, max: 0.2 },
    source: 'Assumption: trust follows verified results; no estimate found',
    assumption: true,
  },
  verifiedWeaponsCooperationGain: {
    label: 'Rise in the cooperation target when transferred weapons are under end-use monitoring',
    mechanism: 'cooperation',
    unit: 'index points (0–1 scale) at full strength',
    value: 0.05,
    dist: { kind: 'uniform', min: 0, max: 0.1 },
    source: 'Assumption: half the intelligence programme’s gain, a narrower programme; no estimate found',
    assumption: true,
  },
  strikeCooperationShock: {
    label: 'Fall in the cooperation target after US strikes without Mexico’s consent',
    mechanism: 'cooperation',
    unit: 'index points (0–1 scale)',
    value: 0.35,
    dist: { kind: 'uniform', min: 0.15, max: 0.5 },
    source:
      'Assumption, anchored on the 2020 sovereignty dispute (law restricting foreign agents); strikes on Mexican soil would be a larger shock; no estimate found',
    assumption: true,
  },
  extraditionCooperationGain: {
    label: 'Rise in the cooperation target when removed leaders are extradited',
    mechanism: 'cooperation',
    unit: 'index points (0–1 scale) at full strength',
    value: 0.05,
    dist: { kind: 'uniform', min: 0, max: 0.1 },
    source:
      'Assumption: the 2025 transfers of 29 and 26 prisoners to the US were read as cooperation; size unknown',
    assumption: true,
  },

  // ── Effect sizes of the levers (issue 14): each lever's effect at full strength, drawn per run ───────
  // A scenario may still fix one through the lever's option of the same meaning; the programme's cost is
  // then priced at the central value (what is bought is the programme, not its uncertain effect).
  youthRecruitmentEffect: {
    label: 'Fall in recruitment from youth programmes at full strength',
    mechanism: 'core',
    unit: 'fraction of recruitment',
    value: 0.1,
    dist: { kind: 'uniform', min: 0, max: 0.2 },
    source:
      'Summer jobs cut violent-crime arrests 43% (Heller 2014 Science 346:1219) and Becoming a Man 45–50% (Heller et al. 2017 QJE 132:1) among participants; Jóvenes Construyendo el Futuro shows no robust effect on homicides (Sumano & Reyes 2025 Frontera Norte 37). A quarter of the 145,000–250,000 minors at risk (REDIM & ONC 2021) reached with zero to the full trial effect',
    assumption: true,
  },
  guardArrestGain: {
    label: 'Rise in arrests from National Guard capacity at full strength',
    mechanism: 'enforcement',
    unit: 'relative rise in incapacitation',
    value: 0.2,
    dist: { kind: 'uniform', min: 0.05, max: 0.35 },
    source:
      'Assumption: the Guard grew 78% in five years (74,437 in 2019 to 132,612 in 2024, Causa en Común 2024) while arrests for organised crime did not rise in proportion; a fifth of that growth again, ±75%',
    assumption: true,
  },
  guardConfrontationDeaths: {
    label: 'Extra deaths a year in confrontations from National Guard deployment at full strength',
    mechanism: 'enforcement',
    unit: 'deaths per year',
    value: 300,
    dist: { kind: 'uniform', min: 100, max: 600 },
    source:
      'Joint military operations raised homicides by about 11 per 100,000 in the regions affected (Espinosa & Rubin 2015 Am Stat 69:17); confrontations of federal forces killed several hundred a year in 2011–2014 (CIDE-PPD Letalidad); range Atalaya’s',
    assumption: true,
  },
  guardPreposition: {
    label: 'Prepositioning capacity provided by the National Guard at full strength',
    mechanism: 'enforcement',
    unit: 'share of operations with forces deployed first (0–1)',
    value: 0.5,
    dist: { kind: 'uniform', min: 0.25, max: 0.75 },
    source: 'Assumption: no estimate of how many operations the Guard can secure in advance',
    assumption: true,
  },
  intelQualityGain: {
    label: 'Intelligence quality gained from the intelligence pillar at full strength',
    mechanism: 'enforcement',
    unit: 'index points',
    value: 0.15,
    dist: { kind: 'uniform', min: 0.05, max: 0.25 },
    source:
      'Assumption: impunity for intentional homicide 95.7–96.9% (México Evalúa, Hallazgos 2022–2023) leaves room; no estimate of what investment buys',
    assumption: true,
  },
  intelConvictionGain: {
    label: 'Rise in arrests that become lasting incapacitation from the intelligence pillar',
    mechanism: 'enforcement',
    unit: 'relative rise',
    value: 0.3,
    dist: { kind: 'uniform', min: 0.1, max: 0.5 },
    source:
      'Assumption: a crime has a 1.04% chance of being reported and solved (Impunidad Cero 2021); no estimate of the gain',
    assumption: true,
  },
  coordinationLeakCut: {
    label: 'Fall in leaks from coordination at full strength',
    mechanism: 'enforcement',
    unit: 'fraction of leaks',
    value: 0.2,
    dist: { kind: 'uniform', min: 0.05, max: 0.35 },
    source: 'Assumption: Estrategia Nacional de Seguridad (Oct 2024), pillar 4; no estimate found',
    assumption: true,
  },
  coordinationSuccess: {
    label: 'Rise in operational success from coordination at full strength',
    mechanism: 'enforcement',
    unit: 'relative rise',
    value: 0.1,
    dist: { kind: 'uniform', min: 0, max: 0.2 },
    source: 'Assumption: Estrategia Nacional de Seguridad (Oct 2024), pillar 4; no estimate found',
    assumption: true,
  },
  truceEffect: {
    label: 'Fall in recorded conflict deaths in areas under a truce',
    mechanism: 'territory',
    unit: 'fraction',
    value: posteriorMedian('truce', 'truceEffect'),
    dist: { kind: 'normal', sd: 0.04, min: 0, max: 1 },
    source:
      'Fitted by ABC-SMC so that a truce re-run inside the model gives the rate ratio of the El Salvador 2012 truce, 0.55–0.61 over 22 months (Katz, Hedberg & Amaya 2016 Bull WHO 94:660): posterior 0.429 [90%: 0.413–0.446] (docs/EVIDENCE.md); homicides fell 41% in its first year (4,371 → 2,576, PNC)',
    assumption: false,
    note: 'Centred on the posterior sample’s median; its sd (0.01) widened to 0.04 for the transfer from El Salvador’s two gangs to Mexico’s many groups (ASSUMPTION).',
  },
  truceHidden: {
    label: 'Share of a truce’s fall in recorded deaths that is deaths hidden as disappearances',
    mechanism: 'territory',
    unit: 'fraction',
    value: 0.25,
    dist: { kind: 'uniform', min: 0.1, max: 0.4 },
    source:
      'Disappearances and clandestine graves rose during the El Salvador truce (Carcach & Artola 2016 Crime Sci 5); size Atalaya’s assumption',
    assumption: true,
  },
  truceCollapse: {
    label: 'Hazard of a truce collapsing',
    mechanism: 'territory',
    unit: 'per year',
    value: 0.5,
    dist: { kind: 'uniform', min: 0.3, max: 1 },
    source:
      'The El Salvador truce lasted about two years (March 2012 to 2014); one case: range Atalaya’s (expected life 1–3.3 years)',
    assumption: true,
  },
  truceRebound: {
    label: 'Rise in conflict after a truce collapses (decays over a year)',
    mechanism: 'territory',
    unit: 'relative rise',
    value: 0.3,
    dist: { kind: 'uniform', min: 0.1, max: 0.5 },
    source:
      'El Salvador’s homicides rose from 2,576 (2012) to 6,656 (2015) after the truce unravelled (PNC); how much is rebound and not trend is unknown (assumption)',
    assumption: true,
  },
  truceLegitimacy: {
    label: 'Rise in recruitment and extortion of groups a truce legitimises',
    mechanism: 'territory',
    unit: 'relative rise',
    value: 0.05,
    dist: { kind: 'uniform', min: 0, max: 0.1 },
    source:
      'Assumption: negotiated groups gain standing and extortion continued during the El Salvador truce',
    assumption: true,
  },
  usIntelQualityGain: {
    label: 'Intelligence quality gained from US sharing at full strength and status-quo cooperation',
    mechanism: 'cooperation',
    unit: 'index points',
    value: 0.1,
    dist: { kind: 'uniform', min: 0.03, max: 0.17 },
    source:
      'Assumption: Mérida Initiative ($1.3bn for Mexico FY2008–2010, CRS R40135) and the 2021 Bicentennial Framework; no estimate of the gain',
    assumption: true,
  },
  usWeaponsSuccess: {
    label: 'Rise in operational success from US weapons for Mexican forces at full strength',
    mechanism: 'cooperation',
    unit: 'relative rise',
    value: 0.15,
    dist: { kind: 'uniform', min: 0.05, max: 0.25 },
    source: 'Assumption: no estimate found',
    assumption: true,
  },
  verifiedDiversionCut: {
    label: 'Fall in the diversion of transferred weapons under end-use monitoring',
    mechanism: 'firearms',
    unit: 'fraction of diversion',
    value: 0.5,
    dist: { kind: 'uniform', min: 0.25, max: 0.75 },
    source:
      'Assumption: GAO-16-435 found US end-use checks of firearms exported to Mexico incomplete; what full monitoring would prevent is unknown',
    assumption: true,
  },
  strikeCollateral: {
    label: 'Deaths per US strike beyond its target',
    mechanism: 'cooperation',
    unit: 'deaths per strike',
    value: 5,
    dist: { kind: 'uniform', min: 1, max: 10 },
    source: 'Assumption: no precedent in Mexico; targeted strikes elsewhere kill bystanders and guards',
    assumption: true,
  },
  vettingLeakCut: {
    label: 'Fall in leaks from vetted units at full strength',
    mechanism: 'enforcement',
    unit: 'fraction of leaks',
    value: 0.3,
    dist: { kind: 'uniform', min: 0.1, max: 0.5 },
    source: 'Assumption: no causal estimate of vetting (control de confianza) found',
    assumption: true,
  },
  gunTraffickingCut: {
    label: 'Fall in the firearms inflow from a US trafficking crackdown at full strength',
    mechanism: 'firearms',
    unit: 'fraction of inflow',
    value: 0.3,
    dist: { kind: 'uniform', min: 0.1, max: 0.45 },
    source:
      '70% of traced crime guns in Mexico are US-sourced (GAO-21-322), which caps what US action can cut; 212,887 firearms a year trafficked (McDougal et al. 2015); size Atalaya’s assumption',
    assumption: true,
  },
  treatmentDemandCut: {
    label: 'Fall in illicit opioid use of people who enter treatment',
    mechanism: 'drugs',
    unit: 'fraction',
    value: 0.5,
    dist: { kind: 'uniform', min: 0.3, max: 0.7 },
    source:
      'Assumption: medication for opioid use disorder reduces illicit opioid use (Sordo et al. 2017 BMJ 357:j1550 on mortality); a half, ±40%',
    assumption: true,
  },
  distributionDemandCut: {
    label: 'Fall in US demand met from enforcement against distribution cells at full strength',
    mechanism: 'drugs',
    unit: 'fraction',
    value: 0.05,
    dist: { kind: 'uniform', min: 0, max: 0.1 },
    source:
      'Assumption: roughly four in five people apprehended smuggling fentanyl at the southwest border are US citizens (American Immigration Council 2025); no estimate of the effect',
    assumption: true,
  },
  precursorSupplyCut: {
    label: 'Fall in synthetic drug production capacity from precursor controls at full strength',
    mechanism: 'drugs',
    unit: 'fraction',
    value: 0.15,
    dist: { kind: 'uniform', min: 0, max: 0.3 },
    source: 'Assumption: no causal estimate found',
    assumption: true,
  },

  // ── Channels the published evidence found (issue 14) ─────────────────────────────────────────────
  leaderCapacityCut: {
    label: 'Operating capacity a group loses when its leader is removed',
    mechanism: 'leadership',
    unit: 'fraction of middle-layer capacity (regrows at its regeneration rates)',
    value: posteriorMedian('leadership', 'leaderCapacityCut'),
    dist: posteriorColumn('leadership', 'leaderCapacityCut'),
    source:
      'Fitted by ABC-SMC with the other leadership parameters to the leader-removal studies re-run inside the model (docs/EVIDENCE.md, `atalaya calibrate evidence`): posterior median 0.36 [90%: 0.06–0.56]. The channel: arrests of leaders, and of mid-level leaders above all, are followed by short-run falls in violence as the organisation is disrupted, and rises later through fragmentation (Phillips 2015 J Politics 77:324)',
    assumption: false,
    note: 'With successionDisorder it sets the sign of a removal: disruption lowers conflict at once, disorder raises it.',
  },
  rivalEncroachment: {
    label: 'Rivalry added between a group and the rival that moves in when its leader falls',
    mechanism: 'leadership',
    unit: 'tie weight (BACRIM2020 scale)',
    value: posteriorMedian('leadership', 'rivalEncroachment'),
    dist: posteriorColumn('leadership', 'rivalEncroachment'),
    source:
      'Crackdowns hand plazas and trafficking routes to rivals, and violence rises where they fight for them (Dell 2015 AER 105:1738). Fitted with the other leadership parameters to the leader-removal studies re-run inside the model (docs/EVIDENCE.md): posterior median 1.3 [90%: 0.1–2.7], about the prior (0–3: up to the 90th percentile of the 2020 network’s rivalry weights, whose median is 1 and maximum 13): the studies do not identify it',
    assumption: true,
  },
  encroachmentHalfLife: {
    label: 'Half-life of the war a rival wages for a fallen leader’s plaza',
    mechanism: 'leadership',
    unit: 'years',
    value: 2,
    dist: { kind: 'uniform', min: 1, max: 4 },
    source:
      'Assumption: violence after a capture stays raised for at least a year (Lindo & Padilla-Romo 2018 J Health Econ 58:253) and plaza wars settle within a few years as one side prevails (Dell 2015 AER 105:1738); no estimate of the duration found',
    assumption: true,
  },
  drugDemandElasticity: {
    label: 'Price elasticity of demand for illicit drugs (wholesale, as the groups face it)',
    mechanism: 'drugs',
    unit: 'elasticity (negative)',
    value: -0.5,
    dist: { kind: 'uniform', min: -0.9, max: -0.2 },
    source:
      'Demand for cocaine and heroin is price-inelastic: meta-analytic estimates centre near −0.3 to −0.7 (Gallet 2014 Addiction 109:728); cocaine scarcity in Colombia raised prices, the revenue of Mexican traffickers and violence, explaining 10–14% of Mexico’s 2006–2009 rise (Castillo, Mejía & Restrepo 2020 Rev Econ Stat 102:269)',
    assumption: false,
    note: 'Supply cuts raise revenue by supply^(1 + 1/ε) − 1 (more than they cut quantity), demand cuts lower both.',
  },

  // ── Verification: reported against true enforcement (issue 14) ─────────────────────────────────────
  trustResponse: {
    label: 'Response of US cooperation to the enforcement results it sees',
    mechanism: 'cooperation',
    unit: 'index points (0–1 scale) per unit of log results seen',
    value: 0.15,
    dist: { kind: 'uniform', min: 0, max: 0.3 },
    source:
      'Assumption: the 2021 Bicentennial Framework tied US cooperation to shared measures of results; since 2025 the US has pressed Mexico on seizures, arrests and transfers rather than reports. At the centre, results seen 20% below the status quo’s lower the cooperation target by 0.03; no estimate found',
    assumption: true,
  },
  verificationCost: {
    label: 'Cost of verifying results (observers, ride-alongs, audits) at full coverage',
    mechanism: 'costs',
    unit: 'US$ billion per year',
    value: 0.1,
    dist: { kind: 'uniform', min: 0.05, max: 0.2 },
    source:
      'Assumption: a few hundred US and Mexican observers and auditors at about US$300,000 a year each, with travel and security (the scale of the State Department INL presence in Mexico); no costing found',
    assumption: true,
  },
} as const satisfies Record<string, ParamSpec>;

export type ParamId = keyof typeof PARAMS;
export type Params = { [K in ParamId]: number };

/** The central values of every parameter. */
export function centralParams(): Params {
  const out = {} as Params;
  for (const id of Object.keys(PARAMS) as ParamId[]) out[id] = PARAMS[id].value;
  return out;
}

/**
 * One Monte Carlo draw of all parameters. Parameters listed in `fixed` keep their given value (scenario
 * overrides); draws always happen in catalog order so that a fixed parameter does not shift the others.
 */
export function sampleParams(rng: Rng, fixed: Partial<Params> = {}): Params {
  const out = {} as Params;
  // Parameters drawn from one posterior sample share its row in a run (one uniform per parameter is
  // still consumed, so the sequence of draws does not depend on which parameters are joint).
  const rows = new Map<string, number>();
  for (const id of Object.keys(PARAMS) as ParamId[]) {
    const spec: ParamSpec = PARAMS[id];
    let draw: number;
    if (spec.dist.kind === 'sample') {
      const u = rng.next();
      const { group, values } = spec.dist;
      if (!rows.has(group)) rows.set(group, sampleRow(u, values.length));
      draw = values[rows.get(group) as number];
    } else draw = drawFrom(spec.dist, spec.value, rng);
    out[id] = fixed[id] ?? draw;
  }
  return out;
}

export function isParamId(id: string): id is ParamId {
  return Object.hasOwn(PARAMS, id);
}
