/**
 * Atalaya as a library: the same core the CLI calls.
 *
 *   const network = resolveGroupNetwork();
 *   const scenarios = ['status-quo', 'halve-recruitment'].map((id) => loadPreset(id));
 *   const summary = summarize(await runMonteCarlo({ network, scenarios, runs: 200, seed: 1 }));
 *
 *   const { panel } = readPanel(atalayaHome());
 *   const check = checkClaim(panel, { series: 'homicidio-doloso', from: '2024-09', to: '2025-06', change: '-25%' });
 *   const now = forecast(panel, { horizon: 3 }); // the newest homicide series, from its newest month
 *   const next = forecast(panel, { series: 'inegi.homicides', asOf: '2018-12', horizon: 6 });
 *   const hot = hotspots(panel, { series: 'inegi.homicides', territory: resolveLayer({ historical: true, network: builtinGroupNetwork }) });
 */

export { type Audit, type AuditOptions, buildAudit, DEFAULT_CLAIM } from './audit/audit.js';
export { type Break, trendBreaks } from './audit/breaks.js';
export { type ClaimInput, type ClaimResult, checkClaim } from './audit/claim.js';
export {
  type Reclassification,
  reclassification,
  reclassificationByState,
} from './audit/reclassification.js';
export { type RevisionSummary, revisionSummaries } from './audit/revisions.js';
export { type ShareJump, shareJumps } from './audit/shares.js';
export { type SourceGap, sourceGap } from './audit/source-gap.js';
export { AreaRegistry } from './data/areas.js';
export { builtinGroupNetwork } from './data/builtin-network.js';
export type { CriminalGroup, GroupNetwork, GroupTie, NetworkSource } from './data/cartel-network.js';
export { loadGroupNetwork } from './data/cartel-network.js';
export { DataError, QueryError } from './data/errors.js';
export { exportTable, tableToCsv, tableToJson, tableToParquet } from './data/export.js';
export { type NetworkChoice, resolveGroupNetwork } from './data/group-source.js';
export { homicideHistory, INEGI_NATIONAL_HOMICIDES } from './data/homicide-history.js';
export { ImportError, type ImportReport, importData } from './data/import.js';
export { atalayaHome, findDataDir } from './data/locate.js';
export {
  type ObservedHomicides,
  type ObservedMonthly,
  observedHomicides,
  withFeminicide,
} from './data/observed/homicides.js';
export { type SesnspToInegiScale, sesnspToInegiScale } from './data/observed/scale.js';
export { readPanel, readTopology } from './data/panel/cache.js';
export { aggregate, Panel, revisions, valueAt, yearly } from './data/panel/panel.js';
export type { Issue, Level, Series, SeriesMeta } from './data/panel/series.js';
export { nationalPopulation } from './data/population.js';
export {
  type Freshness,
  freshness,
  homicideSeries,
  type PresentSeries,
  presentSeries,
  STALE_MONTHS,
} from './data/present.js';
export { pullSource } from './data/pull.js';
export { topAreas } from './data/rankings.js';
export { REMOTE_SOURCES } from './data/sources.js';
export { STATES, stateCodeByName } from './data/states.js';
export {
  type BacktestOptions,
  type BacktestResult,
  backtest,
  backtestOnThreads,
  type SkillRow,
  skillAgainstBaselines,
} from './forecast/backtest.js';
export { type DonorFit, fitDonor, SHORT_FEATURES } from './forecast/borrowed.js';
export { type ForecastData, prepareData } from './forecast/data.js';
export {
  type AreaForecast,
  type ForecastOptions,
  type ForecastResult,
  forecast,
} from './forecast/forecast.js';
export { type Hotspot, type HotspotOptions, type HotspotResult, hotspots } from './forecast/hotspots.js';
export { defaultModel, MAX_HORIZON, MODEL_IDS, MODEL_INFO, type ModelId } from './forecast/models.js';
export { crpsFromPmf, nbPmf, quantilesFromPmf } from './forecast/nb-dist.js';
export { fitNegBin, type NbFit, type NbOptions } from './forecast/negbin.js';
export { ESCALATION, type Scores } from './forecast/scores.js';
export {
  type AreaTrend,
  type TrendFlag,
  type TrendsOptions,
  type TrendsResult,
  trends,
} from './forecast/trends.js';
export { describeNetwork, type NetworkDescription } from './network/describe.js';
export { type DisruptionResult, type DisruptOptions, disrupt } from './network/disrupt.js';
export { type CompactGraph, compactGraph, type NetworkData, toGraphology } from './network/graph.js';
export { type LoadOptions, loadNetwork, loadNetworkSeries } from './network/load.js';
export { type PhaseAnalysis, phaseAnalysis } from './network/phases.js';
export { type RecoveryResult, type RegrowOptions, regrow } from './network/recovery.js';
export { attributeRoles, ROLE_PRESETS, type Role, roleAgreement, structuralRoles } from './network/roles.js';
export { parseStrategy } from './network/strategy.js';
export { renderAuditReport } from './report/audit/page.js';
export { type ChoroplethOptions, renderChoropleth, svgToPng } from './report/choropleth.js';
export { renderCsv } from './report/csv.js';
export { renderDisruptionChart } from './report/disruption-chart.js';
export { type HtmlReportOptions, renderHtmlReport } from './report/html.js';
export { renderNetworkMap } from './report/network-map.js';
export { renderTerminal } from './report/terminal.js';
export { type AnchorSpec, presentAnchor } from './sim/assimilate/anchor.js';
export {
  estimateNowcast,
  type NowcastEstimate,
  type NowcastProfiles,
  profileNowcast,
} from './sim/assimilate/estimate.js';
export { DEFAULT_ORIGINS, type HoldoutResult, holdout, holdoutOnThreads } from './sim/assimilate/holdout.js';
export { type Nowcast, type NowcastResult, runNowcast } from './sim/assimilate/nowcast.js';
export { particleFilter } from './sim/assimilate/particle-filter.js';
export { filterPresent, type PresentPosterior } from './sim/assimilate/posterior.js';
export { projectStatusQuo } from './sim/assimilate/project.js';
export type { Resolution } from './sim/calendar.js';
export type { HistoryBand } from './sim/history-band.js';
export { METRIC_IDS, METRICS, type MetricId } from './sim/metrics.js';
export { buildWorld } from './sim/model/world.js';
export { type MonteCarloOptions, type MonteCarloResult, runMonteCarloSync } from './sim/montecarlo.js';
export { centralParams, PARAMS, type ParamId, type Params, sampleParams } from './sim/params.js';
export { LEVER_IDS, LEVERS, type LeverId } from './sim/policy/levers.js';
export { runMonteCarlo } from './sim/pool.js';
export { reproducePrietoCuriel } from './sim/reproduce.js';
export {
  listPresets,
  loadPreset,
  loadScenarioFile,
  ScenarioError,
  scenarioFromObject,
} from './sim/scenario/load.js';
export { type Scenario, ScenarioSchema, scenarioJsonSchema } from './sim/scenario/schema.js';
export { type Summary, summarize } from './sim/summary.js';
export { type CideCheckResult, cideCheck } from './territory/cide-check.js';
export {
  type AreaContestation,
  type ContestationResult,
  contestation,
  rankAreas,
} from './territory/contestation.js';
export { historicalLayer } from './territory/historical.js';
export {
  readTerritoryCsv,
  TERRITORY_COLUMNS,
  type TerritoryLayer,
  territoryCsv,
} from './territory/layer.js';
export { type ResolvedLayer, resolveLayer } from './territory/load.js';
export { layerFromNetwork } from './territory/network-layer.js';
export { readShocksCsv, type Shock } from './territory/shocks.js';
