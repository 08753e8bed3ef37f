/** The scenarios `atalaya compare` and `atalaya explore` run when none are named: the status quo and the main presets. */
export const DEFAULT_SCENARIOS = [
  'status-quo',
  'us-1-intel-private',
  'us-2-intel-public',
  'us-3-intel-weapons-private',
  'us-4-intel-weapons-public',
  'us-5-direct-strikes',
  'mx-four-pillars',
  'kingpin-targeting',
  'middle-layer-sweep-prepositioned',
  'mediation-hot-borders',
  'halve-recruitment',
  'follow-the-money',
  'us-domestic-plan',
  'border-inspections',
  'package-verify-share-domestic',
  'package-middle-layer-dismantling',
] as const;
