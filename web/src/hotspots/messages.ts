import { translator } from '../i18n/locale.js';

/** The Hot spots page's own strings (the table's headers are in the shared dictionary). */
const es = {
  hint: 'Elija serie, nivel y mes de los datos. Pase el cursor por una fila para ubicar el área en el mapa; haga clic en un área del mapa para ir a su fila.',
  series: 'Serie',
  level: 'Nivel',
  month: 'Datos hasta',
  colour: 'Colorear por',
  municipality: 'municipios',
  state: 'estados',
  colour_rate: 'Tasa anual esperada por 100 mil',
  colour_expected: 'Homicidios esperados',
  rateLegend: 'Esperados por 100 mil habitantes, anualizado',
  expectedLegend: 'Esperados en {target}',
  source:
    'Datos: {title} ({id}), versión {vintage}, hasta {asOf}. Pronóstico para {target} (modelo {model}).',
  introMunicipality: 'Municipios ordenados por homicidios esperados en {target} (pronóstico desde {asOf}).',
  introState: 'Estados ordenados por homicidios esperados en {target} (pronóstico desde {asOf}).',
  code: 'Clave',
  expectedLine: 'Esperados en {target}: {value} (intervalo 90%: {p05}–{p95})',
  rateLine: 'Tasa anual esperada por 100 mil: {value}',
  rankLine: 'Lugar {rank} de la tabla',
  unranked: 'Fuera de los {top} primeros de la tabla',
  mapTitle: 'Mapa de focos rojos',
};

export type HotspotMessage = keyof typeof es;

const en: Record<HotspotMessage, string> = {
  hint: 'Choose a series, a level and the month of data. Hover over a row to find the area on the map; click an area on the map to go to its row.',
  series: 'Series',
  level: 'Level',
  month: 'Data up to',
  colour: 'Colour by',
  municipality: 'municipalities',
  state: 'states',
  colour_rate: 'Expected annual rate per 100k',
  colour_expected: 'Expected homicides',
  rateLegend: 'Expected per 100,000 inhabitants, annualised',
  expectedLegend: 'Expected in {target}',
  source: 'Data: {title} ({id}), release {vintage}, up to {asOf}. Forecast for {target} (model {model}).',
  introMunicipality: 'Municipalities ranked by expected homicides in {target} (forecast from {asOf}).',
  introState: 'States ranked by expected homicides in {target} (forecast from {asOf}).',
  code: 'Code',
  expectedLine: 'Expected in {target}: {value} (90% interval: {p05}–{p95})',
  rateLine: 'Expected annual rate per 100k: {value}',
  rankLine: 'Rank {rank} in the table',
  unranked: 'Not among the table’s top {top}',
  mapTitle: 'Hot-spot map',
};

export const th = translator<HotspotMessage>({ es, en });
