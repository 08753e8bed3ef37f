import { z } from 'zod';
import { PARAMS, type ParamId, type Params } from '../params.js';
import type { Effects } from './effects.js';

/**
 * The policy levers a scenario can pull. Each lever maps its strength s (intensity × ramp, usually 0–1)
 * and its options onto the model's `Effects`. Options say what is done (how many operations, which
 * targets, how much coverage); effect sizes are parameters with cited priors, drawn in every Monte Carlo
 * run (`drawn` below), which a scenario may still fix (`--set policies.0.options.effect=0.2`).
 *
 * `expect` states the direction the cited evidence gives for the lever's main outcomes; the test suite
 * checks that the model moves them that way (test/sim/levers.test.ts).
 *
 * `cost` is the public spending the lever adds to the status quo's, in US$ billion a year at strength s
 * (Mexican costs converted at `mxnPerUsd`); unit costs are parameters (mechanism `costs`), so the Monte
 * Carlo draws them. Prisons are not in it: the engine costs the prisoners a policy adds as they accrue
 * (metric fiscalCost, src/sim/outputs.ts). A lever without `cost` is not costed.
 */
export interface LeverSpec<O extends z.ZodObject = z.ZodObject> {
  id: string;
  title: { en: string; es: string };
  description: string;
  evidence: string;
  options: O;
  /**
   * Add the lever's effects at strength s. Effect sizes not set in `options` come from `p`, the run's
   * parameter draw, so their uncertainty is in the Monte Carlo.
   */
  apply(e: Effects, s: number, options: z.infer<O>, p: Params): void;
  cost?(s: number, options: z.infer<O>, p: Params): number;
  expect: readonly Expectation[];
}

export interface Expectation {
  metric:
    | 'homicides'
    | 'conflictDeaths'
    | 'members'
    | 'usOverdoseDeaths'
    | 'drugFlow'
    | 'extortion'
    | 'cooperation'
    | 'incarcerated'
    | 'tradeCost'
    | 'fiscalCost'
    | 'groups';
  direction: 1 | -1;
  /** Years after the policy starts at which the direction is checked. */
  afterYears: number;
}

const share = (d: string, def: number) => z.number().min(0).max(1).default(def).describe(d);
const positive = (d: string, def: number) => z.number().min(0).default(def).describe(d);

/**
 * An effect size: unset, it is the run's draw of parameter `param` (its prior in `atalaya model params`),
 * so its uncertainty is in the Monte Carlo; a scenario may fix it.
 */
const drawn = (d: string, param: ParamId, max?: number) =>
  (max === undefined ? z.number().min(0) : z.number().min(0).max(max))
    .optional()
    .describe(`${d} (unset: parameter ${param}, drawn in each run)`)
    .meta({ param });

/** The effect size in force: the scenario's, else the run's draw. */
const effect = (value: number | undefined, p: Params, param: ParamId) => value ?? p[param];

/**
 * The effect size a programme is priced at: the scenario's, else the parameter's central value. What is
 * bought is the programme; an uncertain effect does not make it cheaper or dearer.
 */
const priced = (value: number | undefined, param: ParamId) => value ?? PARAMS[param].value;

function lever<O extends z.ZodObject>(spec: LeverSpec<O>): LeverSpec<O> {
  return spec;
}

/** US$ billion from MXN billion. */
const mxn = (p: Params, billions: number) => billions / p.mxnPerUsd;

export const LEVERS = {
  recruitment: lever({
    id: 'recruitment',
    title: { en: 'Cut recruitment (what-if)', es: 'Reducir el reclutamiento (supuesto)' },
    description:
      'Multiplies recruitment by `factor` without saying how: the scenario of Prieto-Curiel et al. (2023).',
    evidence:
      'Prieto-Curiel, Campedelli & Hope (2023) Science 381:1312: halving recruitment cuts members and weekly victims; the only lever in their model that lowers violence.',
    options: z.object({
      factor: z.number().min(0).max(2).default(0.5).describe('Recruitment multiplier at full strength'),
    }),
    apply(e, s, o) {
      e.recruitment *= 1 - s * (1 - o.factor);
    },
    expect: [
      { metric: 'members', direction: -1, afterYears: 5 },
      { metric: 'homicides', direction: -1, afterYears: 5 },
    ],
  }),

  youthPrevention: lever({
    id: 'youthPrevention',
    title: { en: 'Root causes and youth (pillar 1)', es: 'Atención a las causas y jóvenes (eje 1)' },
    description:
      'Jobs, schooling and cognitive-behavioural programmes for young people at risk of recruitment; effects build over the ramp.',
    evidence:
      'Summer jobs cut violent-crime arrests 43% (Heller 2014 Science 346:1219); Becoming a Man 45–50% (Heller et al. 2017 QJE 132:1); 145,000–250,000 minors at risk of recruitment (REDIM & ONC 2021). Jóvenes Construyendo el Futuro shows no robust effect on homicides (Sumano & Reyes 2025 Frontera Norte 37). Effect: parameter youthRecruitmentEffect (0–20% of recruitment, drawn; ASSUMPTION): programmes reaching about a quarter of those at risk with none to all of the trial effect.',
    options: z.object({
      effect: drawn('Fall in recruitment at full strength', 'youthRecruitmentEffect', 1),
      enrolled: positive(
        'Young people enrolled at full strength (sets the cost; ASSUMPTION: about a quarter of the 145,000–250,000 at risk)',
        50000,
      ),
    }),
    apply(e, s, o, p) {
      e.recruitment *= 1 - s * effect(o.effect, p, 'youthRecruitmentEffect');
    },
    cost: (s, o, p) => mxn(p, (s * o.enrolled * p.youthCostPerParticipant) / 1e9),
    expect: [{ metric: 'members', direction: -1, afterYears: 5 }],
  }),

  nationalGuard: lever({
    id: 'nationalGuard',
    title: { en: 'National Guard capacity (pillar 2)', es: 'Consolidación de la Guardia Nacional (eje 2)' },
    description:
      'More patrols and arrests; forces available to preposition before operations; more confrontations where they deploy.',
    evidence:
      'Guard strength grew from 74,437 (2019) to 132,612 (2024) (Causa en Común 2024). Joint military operations raised homicides by about 11 per 100,000 in the regions affected (Espinosa & Rubin 2015 Am Stat 69:17). Effects (ASSUMPTION, drawn): guardArrestGain (+5–35% arrests), guardConfrontationDeaths (100–600 a year), guardPreposition (0.25–0.75).',
    options: z.object({
      arrests: drawn('Relative rise in arrests at full strength', 'guardArrestGain'),
      confrontationDeaths: drawn(
        'Extra deaths a year in confrontations at full strength',
        'guardConfrontationDeaths',
      ),
      preposition: drawn('Prepositioning capacity it provides (0–1)', 'guardPreposition', 1),
    }),
    apply(e, s, o, p) {
      e.incapacitation *= 1 + s * effect(o.arrests, p, 'guardArrestGain');
      e.confrontations += s * effect(o.confrontationDeaths, p, 'guardConfrontationDeaths');
      e.prepositioned = Math.max(e.prepositioned, s * effect(o.preposition, p, 'guardPreposition'));
    },
    // ASSUMPTION: arrests grow in proportion to the Guard, so +20% arrests costs 20% of its budget.
    cost: (s, o, p) => mxn(p, s * priced(o.arrests, 'guardArrestGain') * p.guardBudget),
    expect: [
      { metric: 'incarcerated', direction: 1, afterYears: 3 },
      { metric: 'members', direction: -1, afterYears: 5 },
    ],
  }),

  intelligence: lever({
    id: 'intelligence',
    title: { en: 'Intelligence and investigation (pillar 3)', es: 'Inteligencia e investigación (eje 3)' },
    description: 'Better targeting and investigations that turn arrests into convictions.',
    evidence:
      'Impunity for intentional homicide 95.7–96.9% (México Evalúa, Hallazgos 2022–2023); a crime has a 1.04% chance of being reported and solved (Impunidad Cero 2021). Effects (ASSUMPTION, drawn): intelQualityGain (+0.05–0.25), intelConvictionGain (+10–50% lasting incapacitation).',
    options: z.object({
      quality: drawn('Intelligence quality gained (index points)', 'intelQualityGain'),
      convictions: drawn(
        'Relative rise in arrests that become lasting incapacitation',
        'intelConvictionGain',
      ),
    }),
    apply(e, s, o, p) {
      e.intel += s * effect(o.quality, p, 'intelQualityGain');
      e.lasting *= 1 + s * effect(o.convictions, p, 'intelConvictionGain');
    },
    // Intelligence and convictions rise in proportion to what is spent on them (ASSUMPTION).
    cost: (s, o, p) =>
      mxn(
        p,
        s *
          ((priced(o.quality, 'intelQualityGain') / p.intelBase) * p.intelBudget +
            priced(o.convictions, 'intelConvictionGain') * p.prosecutionBudget),
      ),
    expect: [
      { metric: 'incarcerated', direction: 1, afterYears: 3 },
      { metric: 'members', direction: -1, afterYears: 5 },
    ],
  }),

  coordination: lever({
    id: 'coordination',
    title: { en: 'Coordination (pillar 4)', es: 'Coordinación (eje 4)' },
    description:
      'Security cabinet and states acting together: fewer leaks, operations that succeed more often.',
    evidence:
      'Estrategia Nacional de Seguridad (Oct 2024), pillar 4. Effects (ASSUMPTION, drawn): coordinationLeakCut (5–35% fewer leaks), coordinationSuccess (+0–20% operational success).',
    options: z.object({
      leaks: drawn('Fall in leaks at full strength', 'coordinationLeakCut', 1),
      success: drawn('Relative rise in operational success', 'coordinationSuccess'),
    }),
    apply(e, s, o, p) {
      e.leak *= 1 - s * effect(o.leaks, p, 'coordinationLeakCut');
      e.opEffectiveness *= 1 + s * effect(o.success, p, 'coordinationSuccess');
    },
    cost: (s, o, p) => mxn(p, (s * priced(o.leaks, 'coordinationLeakCut') * 100 * p.coordinationCost) / 1e3),
    expect: [{ metric: 'incarcerated', direction: 1, afterYears: 3 }],
  }),

  kingpin: lever({
    id: 'kingpin',
    title: { en: 'Kingpin targeting', es: 'Captura de capos' },
    description: 'High-value targeting of the leaders of the largest groups (Mexico’s strategy since 2006).',
    evidence:
      'Leader removals raise drug-related homicides 36.5% in 6 months in the municipality of capture (Calderón et al. 2015 JCR 59:1455) and the homicide rate for at least 12 months (Lindo & Padilla-Romo 2018 J Health Econ 58:253); 25 removals Dec 2006–2010 were associated with 415 extra deaths (Dickenson 2014); arrests disrupt at first (Phillips 2015); rivals move in (Dell 2015). What a removal does (disorder, capacity lost, splits, the rival that moves in) is fitted to these studies re-run inside the model (docs/EVIDENCE.md): it raises violence in most draws, not in all. Default: 6 more removals a year among the 10 largest groups (ASSUMPTION).',
    options: z.object({
      perYear: positive('Extra leader-removal operations a year at full strength', 6),
      topK: z.number().int().min(1).default(10).describe('Targets: the k largest groups'),
    }),
    apply(e, s, o) {
      e.leaderOps += s * o.perYear;
      e.leaderTopK = Math.max(e.leaderTopK, o.topK);
    },
    cost: (s, o, p) => mxn(p, (s * o.perYear * p.leaderOpCost) / 1e3),
    expect: [
      // Not at one year: a removal disrupts at first (Phillips 2015), and the calibrated net effect of
      // the first year is near zero (docs/EVIDENCE.md); by five years splits and rivals have raised it.
      { metric: 'conflictDeaths', direction: 1, afterYears: 5 },
      { metric: 'groups', direction: 1, afterYears: 3 },
      { metric: 'incarcerated', direction: 1, afterYears: 3 },
    ],
  }),

  middleLayerSweep: lever({
    id: 'middleLayerSweep',
    title: { en: 'Middle-layer sweep', es: 'Desarticulación de mandos medios' },
    description:
      'Repeated operations against recruiters, logisticians, weapons suppliers and accountants of the largest groups, optionally with forces prepositioned first.',
    evidence:
      'Arrests of mid-level targets are followed by short-term decreases in violence (Phillips 2015 J Politics 77:324); lieutenant captures raise violence only in strategic places (Calderón et al. 2015). Defaults (ASSUMPTION): 8 sweeps a year over the 10 largest groups.',
    options: z.object({
      perYear: positive('Sweeps a year at full strength', 8),
      topK: z.number().int().min(1).default(10).describe('Targets: the k largest groups'),
      prepositioned: z.boolean().default(false).describe('Deploy forces before each operation'),
    }),
    apply(e, s, o) {
      e.sweeps += s * o.perYear;
      e.sweepTopK = Math.max(e.sweepTopK, o.topK);
      if (o.prepositioned) e.prepositioned = Math.max(e.prepositioned, s);
    },
    cost: (s, o, p) => mxn(p, (s * o.perYear * p.sweepCost) / 1e3),
    expect: [
      { metric: 'members', direction: -1, afterYears: 5 },
      { metric: 'conflictDeaths', direction: -1, afterYears: 3 },
      { metric: 'incarcerated', direction: 1, afterYears: 3 },
    ],
  }),

  mediation: lever({
    id: 'mediation',
    title: { en: 'Mediation at hot borders', es: 'Mediación en fronteras calientes' },
    description:
      'Truces or violence interruption in the most contested areas; may collapse, legitimise groups and hide deaths as disappearances.',
    evidence:
      'El Salvador 2012 truce: homicides −41% in a year (4,371 → 2,576, PNC) and a rate ratio of 0.55–0.61 (Katz, Hedberg & Amaya 2016 Bull WHO 94:660); disappearances and hidden graves rose (Carcach & Artola 2016 Crime Sci 5); homicides rebounded to 6,656 in 2015 after it unravelled. Effects (drawn): truceEffect (20–50% fewer recorded conflict deaths in the mediated areas), truceHidden (10–40% of that hidden; ASSUMPTION), truceCollapse (0.3–1 a year; El Salvador’s lasted about two), truceRebound, truceLegitimacy (ASSUMPTION); a new attempt 12 months after a collapse.',
    options: z.object({
      areas: z.number().int().min(1).default(5).describe('Number of most contested areas mediated'),
      effect: drawn('Fall in recorded conflict deaths in mediated areas', 'truceEffect', 1),
      hidden: drawn('Share of that fall that is deaths hidden as disappearances', 'truceHidden', 1),
      collapsePerYear: drawn('Hazard of the truce collapsing (per year)', 'truceCollapse'),
      rebound: drawn('Rise in conflict after a collapse (decays over a year)', 'truceRebound'),
      legitimacy: drawn('Rise in recruitment of mediated groups', 'truceLegitimacy'),
      retryMonths: positive('Months after a collapse before a new truce is tried (0 = at once)', 12),
    }),
    apply(e, s, o, p) {
      if (s <= 0) return;
      e.mediation = Math.max(e.mediation, Math.min(1, s));
      e.mediationAreas = Math.max(e.mediationAreas, o.areas);
      e.mediationEffect = Math.max(e.mediationEffect, effect(o.effect, p, 'truceEffect'));
      e.mediationHidden = Math.max(e.mediationHidden, effect(o.hidden, p, 'truceHidden'));
      e.mediationCollapse = Math.max(e.mediationCollapse, effect(o.collapsePerYear, p, 'truceCollapse'));
      e.mediationRebound = Math.max(e.mediationRebound, effect(o.rebound, p, 'truceRebound'));
      e.mediationLegitimacy = Math.max(e.mediationLegitimacy, effect(o.legitimacy, p, 'truceLegitimacy'));
      e.mediationRetry = Math.min(e.mediationRetry, (o.retryMonths / 12) * (365.2425 / 7));
    },
    // Paid while the policy runs, whether or not the truce holds.
    cost: (s, o, p) => mxn(p, (Math.min(1, s) * o.areas * p.mediationCostPerArea) / 1e3),
    expect: [{ metric: 'homicides', direction: -1, afterYears: 1 }],
  }),

  usIntelligence: lever({
    id: 'usIntelligence',
    title: { en: 'US intelligence sharing', es: 'Intercambio de inteligencia de EE. UU.' },
    description:
      'The US shares intelligence with Mexican forces; `public` makes it known (accountability, but sovereignty backlash and criminal adaptation); `verified` ties it to verified results.',
    evidence:
      'Mérida Initiative ($1.3bn for Mexico FY2008–2010, CRS R40135) and the 2021 Bicentennial Framework; the 2020 Cienfuegos arrest led Mexico to restrict foreign agents within two months. Effects (ASSUMPTION, drawn): usIntelQualityGain (+0.03–0.17 intelligence quality, scaled by cooperation); public: a lower cooperation target (publicCooperationCost), part of the gain lost to adaptation (publicAdaptation), fewer leaks under scrutiny (publicLeakCut); verified: fewer leaks (verifiedLeakCut) and a higher cooperation target (verifiedCooperationGain). Those sizes are parameters drawn in the Monte Carlo (`atalaya model params`).',
    options: z.object({
      quality: drawn(
        'Intelligence quality gained (index points, at status-quo cooperation)',
        'usIntelQualityGain',
      ),
      public: z.boolean().default(false).describe('Sharing is publicly acknowledged'),
      verified: z.boolean().default(false).describe('Sharing is conditioned on verified results'),
    }),
    apply(e, s, o, p) {
      e.intel += s * effect(o.quality, p, 'usIntelQualityGain');
      if (o.public) {
        e.cooperation -= p.publicCooperationCost * s;
        e.publicAdaptation *= 1 - p.publicAdaptation * s;
        e.leak *= 1 - p.publicLeakCut * s;
      }
      if (o.verified) {
        e.leak *= 1 - p.verifiedLeakCut * s;
        e.cooperation += p.verifiedCooperationGain * s;
        e.verification = Math.max(e.verification, s);
      }
    },
    cost: (s, o, p) => ((s * priced(o.quality, 'usIntelQualityGain')) / 0.1) * p.usIntelCost,
    expect: [{ metric: 'incarcerated', direction: 1, afterYears: 3 }],
  }),

  usWeapons: lever({
    id: 'usWeapons',
    title: { en: 'US weapons for Mexican forces', es: 'Armas de EE. UU. para fuerzas mexicanas' },
    description:
      'Equipment that raises operational success; some is diverted to criminal groups unless verified.',
    evidence:
      '70% of traced crime guns in Mexico are US-sourced (GAO-21-322). Defaults (ASSUMPTION): 20,000 firearms a year; drawn: usWeaponsSuccess (+5–25% operational success), diversion per weaponsDiversion, cut by verifiedDiversionCut (25–75%) under end-use monitoring; public: a lower cooperation target (publicCooperationCost); verified: a higher one (verifiedWeaponsCooperationGain).',
    options: z.object({
      firearmsPerYear: positive('Firearms transferred a year at full strength', 20000),
      success: drawn('Relative rise in operational success', 'usWeaponsSuccess'),
      public: z.boolean().default(false).describe('Transfers are publicly acknowledged'),
      verified: z.boolean().default(false).describe('End-use monitoring of transferred weapons'),
    }),
    apply(e, s, o, p) {
      e.weaponsTransferred += s * o.firearmsPerYear;
      e.opEffectiveness *= 1 + s * effect(o.success, p, 'usWeaponsSuccess');
      if (o.public) e.cooperation -= p.publicCooperationCost * s;
      if (o.verified) {
        e.verification = Math.max(e.verification, s);
        e.cooperation += p.verifiedWeaponsCooperationGain * s;
      }
    },
    cost: (s, o, p) => (s * o.firearmsPerYear * p.firearmCost) / 1e9,
    expect: [{ metric: 'incarcerated', direction: 1, afterYears: 3 }],
  }),

  usStrikes: lever({
    id: 'usStrikes',
    title: { en: 'Direct US strikes', es: 'Ataques directos de EE. UU.' },
    description:
      'US forces remove leaders of the largest groups directly; without Mexico’s consent, cooperation collapses.',
    evidence:
      'No direct precedent in Mexico. Leader removal effects as for kingpin targeting (Calderón et al. 2015; Lindo & Padilla-Romo 2018); the 2020 cooperation shock (law restricting foreign agents) shows how sovereignty disputes cut cooperation. Defaults (ASSUMPTION): 4 removals a year among the 5 largest groups; drawn: strikeCollateral (1–10 deaths per strike); without consent the cooperation target falls by strikeCooperationShock (0.35, drawn 0.15–0.5) at once.',
    options: z.object({
      perYear: positive('Leader removals a year at full strength', 4),
      topK: z.number().int().min(1).default(5).describe('Targets: the k largest groups'),
      collateral: drawn('Deaths per strike beyond the targets', 'strikeCollateral'),
      consent: z.boolean().default(false).describe('Strikes agreed with the Mexican government'),
    }),
    apply(e, s, o, p) {
      e.strikes += s * o.perYear;
      e.leaderTopK = Math.max(e.leaderTopK, o.topK);
      e.strikeCollateral = Math.max(e.strikeCollateral, effect(o.collateral, p, 'strikeCollateral'));
      if (!o.consent && s > 0) {
        e.cooperation -= p.strikeCooperationShock;
        e.cooperationCollapse = 1;
      }
    },
    // No trade cost: no cited estimate links strikes to tariffs or border closures, so none is assumed.
    cost: (s, o, p) => (s * o.perYear * p.strikeCost) / 1e3,
    expect: [
      { metric: 'cooperation', direction: -1, afterYears: 1 },
      { metric: 'conflictDeaths', direction: 1, afterYears: 1 },
    ],
  }),

  verification: lever({
    id: 'verification',
    title: { en: 'Verified results', es: 'Resultados verificados' },
    description:
      'Observers, ride-alongs and audits verify the results of operations (arrests, labs, seizures): US cooperation then follows true results rather than reports, and verified units leak less.',
    evidence:
      'Unverified reports of labs dismantled and drugs seized placate rather than inform (a concern of the US–Mexico security debate since 2025); GAO-16-435 found end-use checks of US firearms exported to Mexico incomplete. Effects: cooperation follows true results with trustResponse (ASSUMPTION, drawn); leaks fall by verifiedLeakCut at full coverage (ASSUMPTION, drawn); cost verificationCost.',
    options: z.object({
      coverage: share('Share of operations whose results are verified, at full strength', 0.5),
    }),
    apply(e, s, o, p) {
      e.verification = Math.max(e.verification, s * o.coverage);
      e.leak *= 1 - p.verifiedLeakCut * s * o.coverage;
    },
    cost: (s, o, p) => s * o.coverage * p.verificationCost,
    expect: [{ metric: 'incarcerated', direction: 1, afterYears: 3 }],
  }),

  vetting: lever({
    id: 'vetting',
    title: { en: 'Vetting of security forces', es: 'Control de confianza' },
    description: 'Vetted units for sensitive operations: fewer leaks.',
    evidence: 'Effect: vettingLeakCut (10–50% fewer leaks, drawn; ASSUMPTION: no causal estimate found).',
    options: z.object({ leaks: drawn('Fall in leaks at full strength', 'vettingLeakCut', 1) }),
    apply(e, s, o, p) {
      e.leak *= 1 - s * effect(o.leaks, p, 'vettingLeakCut');
    },
    cost: (s, o, p) => mxn(p, (s * priced(o.leaks, 'vettingLeakCut') * 100 * p.vettingCost) / 1e3),
    expect: [{ metric: 'incarcerated', direction: 1, afterYears: 3 }],
  }),

  extradition: lever({
    id: 'extradition',
    title: { en: 'Extradition', es: 'Extradición' },
    description:
      'Removed leaders are sent to the US, so they cannot run their groups from Mexican prisons; ties cooperation to results.',
    evidence:
      'Mexico transferred 29 (Feb 2025) and 26 (Aug 2025) prisoners to the US; 65 extraditions a year 2019–2023. Defaults (ASSUMPTION): share extradited 0.8 at full strength; a higher cooperation target (extraditionCooperationGain).',
    options: z.object({ share: share('Share of removed leaders extradited at full strength', 0.8) }),
    apply(e, s, o, p) {
      e.extradition = Math.max(e.extradition, s * o.share);
      e.cooperation += p.extraditionCooperationGain * s;
    },
    // US cost of the leaders removed at the status-quo rate who are now extradited (leaders removed by
    // added kingpin operations are not counted: a few a year).
    cost: (s, o, p) => (s * o.share * p.baselineLeaderRemovals * p.extraditionCost) / 1e3,
    expect: [{ metric: 'cooperation', direction: 1, afterYears: 3 }],
  }),

  judicialReform: lever({
    id: 'judicialReform',
    title: { en: 'Judicial effectiveness', es: 'Eficacia judicial' },
    description: 'More arrests end in convictions (lasting incapacitation).',
    evidence:
      'Only about 4.8% of arrests become lasting incapacitation today (η over arrests, see lastingShare); impunity above 95% (México Evalúa). Default: doubling at full strength (ASSUMPTION).',
    options: z.object({ gain: positive('Relative rise in lasting incapacitation', 1) }),
    apply(e, s, o) {
      e.lasting *= 1 + s * o.gain;
    },
    // Convictions rise in proportion to what prosecutors spend (ASSUMPTION; probably optimistic).
    cost: (s, o, p) => mxn(p, s * o.gain * p.prosecutionBudget),
    expect: [{ metric: 'incarcerated', direction: 1, afterYears: 3 }],
  }),

  antiMoneyLaundering: lever({
    id: 'antiMoneyLaundering',
    title: { en: 'Anti-money-laundering', es: 'Combate al lavado de dinero' },
    description:
      'Seizing and freezing criminal proceeds: less revenue for recruitment and corruption; drug losses push groups into extortion.',
    evidence:
      'Less than 1% (≈0.2%) of laundered proceeds are seized (UNODC 2011); Mexico’s UIF released 85% of the funds it froze 2014–2024. Revenue removed at full strength is the amlMaxCut parameter.',
    options: z.object({ scale: positive('Multiple of amlMaxCut at full strength', 1) }),
    apply(e, s, o) {
      e.aml += s * o.scale;
    },
    cost: (s, o, p) => mxn(p, s * o.scale * p.amlCost),
    expect: [{ metric: 'members', direction: -1, afterYears: 5 }],
  }),

  firearmsCrackdown: lever({
    id: 'firearmsCrackdown',
    title: { en: 'Firearms trafficking crackdown (US)', es: 'Freno al tráfico de armas (EE. UU.)' },
    description:
      'Straw-purchase enforcement, tracing and southbound inspections: fewer firearms reach criminal groups.',
    evidence:
      '212,887 firearms a year trafficked (McDougal et al. 2015); 70% of traced guns US-sourced (GAO-21-322), which caps what US action can cut. Effect: gunTraffickingCut (10–45% of the inflow, drawn; ASSUMPTION).',
    options: z.object({ cut: drawn('Fall in firearms inflow at full strength', 'gunTraffickingCut', 1) }),
    apply(e, s, o, p) {
      e.firearmsInflow *= 1 - s * effect(o.cut, p, 'gunTraffickingCut');
    },
    cost: (s, o, p) => (s * priced(o.cut, 'gunTraffickingCut') * 100 * p.gunTraffickingCost) / 1e3,
    expect: [{ metric: 'conflictDeaths', direction: -1, afterYears: 5 }],
  }),

  borderInspections: lever({
    id: 'borderInspections',
    title: { en: 'Border inspections', es: 'Inspecciones fronterizas' },
    description: 'Enhanced inspection of commercial traffic: more seizures, at a trade cost.',
    evidence:
      'Over 90% of fentanyl crosses in vehicles at ports of entry (CBP 2023); Texas enhanced inspections cost ≈$9bn of US GDP in 9 days (Perryman Group 2022). Seizure gain and trade cost are the inspectionInterdiction and inspectionTradeCost parameters.',
    options: z.object({
      coverage: share('Share of commercial traffic under enhanced inspection at full strength', 1),
    }),
    apply(e, s, o) {
      e.inspection = Math.max(e.inspection, s * o.coverage);
    },
    // What CBP spends; the cost to trade is the tradeCost metric.
    cost: (s, o, p) => s * o.coverage * p.inspectionCost,
    expect: [
      { metric: 'drugFlow', direction: -1, afterYears: 1 },
      { metric: 'tradeCost', direction: 1, afterYears: 1 },
    ],
  }),

  usTreatment: lever({
    id: 'usTreatment',
    title: { en: 'US treatment expansion', es: 'Ampliación del tratamiento en EE. UU.' },
    description: 'Medication for opioid use disorder for more people: fewer deaths and less demand.',
    evidence:
      '25.1% of adults with OUD received medication in 2022 (MMWR 73:567); mortality is 3.2 times higher out of treatment (Sordo et al. 2017 BMJ). Default: +20 points of coverage at full strength (ASSUMPTION); the newly treated use treatmentDemandCut (30–70%, drawn) fewer illicit opioids.',
    options: z.object({
      coverage: share('Coverage gained at full strength', 0.2),
      demandCut: drawn('Fall in illicit opioid use of people who enter treatment', 'treatmentDemandCut', 1),
    }),
    apply(e, s, o, p) {
      e.treatment += s * o.coverage;
      // Of the people with opioid use disorder (most of the opioid market), the newly treated use less.
      e.opioidDemand *= 1 - s * o.coverage * effect(o.demandCut, p, 'treatmentDemandCut');
    },
    cost: (s, o, p) => (s * o.coverage * p.oudAdults * p.moudCostPerPatient) / 1e9,
    expect: [{ metric: 'usOverdoseDeaths', direction: -1, afterYears: 3 }],
  }),

  usDistribution: lever({
    id: 'usDistribution',
    title: {
      en: 'US enforcement against distribution cells',
      es: 'Golpes a células de distribución en EE. UU.',
    },
    description: 'Disrupting retail distribution networks in the US: lower availability, less demand met.',
    evidence:
      'Roughly four in five people apprehended smuggling fentanyl at the southwest border are US citizens (American Immigration Council 2025). Effect: distributionDemandCut (0–10% of demand met, drawn; ASSUMPTION).',
    options: z.object({ cut: drawn('Fall in demand met at full strength', 'distributionDemandCut', 1) }),
    apply(e, s, o, p) {
      e.demand *= 1 - s * effect(o.cut, p, 'distributionDemandCut');
    },
    cost: (s, o, p) => (s * priced(o.cut, 'distributionDemandCut') * 100 * p.distributionCost) / 1e3,
    expect: [{ metric: 'drugFlow', direction: -1, afterYears: 3 }],
  }),

  precursorControl: lever({
    id: 'precursorControl',
    title: { en: 'Precursor chemical controls', es: 'Control de precursores químicos' },
    description: 'Controls on fentanyl and methamphetamine precursors: less production of synthetic drugs.',
    evidence:
      'Effect: precursorSupplyCut (0–30% of synthetic production capacity, drawn; ASSUMPTION: no causal estimate found).',
    options: z.object({
      cut: drawn('Fall in synthetic drug production capacity at full strength', 'precursorSupplyCut', 1),
    }),
    apply(e, s, o, p) {
      e.syntheticSupply *= 1 - s * effect(o.cut, p, 'precursorSupplyCut');
    },
    cost: (s, o, p) => (s * priced(o.cut, 'precursorSupplyCut') * 100 * p.precursorCost) / 1e3,
    expect: [
      { metric: 'drugFlow', direction: -1, afterYears: 3 },
      { metric: 'usOverdoseDeaths', direction: -1, afterYears: 3 },
    ],
  }),
} as const;

export type LeverId = keyof typeof LEVERS;

export function isLeverId(id: string): id is LeverId {
  return Object.hasOwn(LEVERS, id);
}

export const LEVER_IDS = Object.keys(LEVERS) as LeverId[];
