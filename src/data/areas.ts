import { normalizeName, STATES, stateCodeByName } from './states.js';

/**
 * The areas every series is keyed by: the 32 states (2-digit INEGI code) and the municipalities
 * (5-digit CVEGEO), with names, population by year and geometry membership, as far as the imported
 * reference files provide them. Known gaps are kept explicit: a municipality may exist in the population
 * projections but not in the geometry (created later, e.g. 04013) or the other way round.
 */
export interface MunicipalityInfo {
  code: string;
  state: string;
  name: string;
  /** Which reference sources list it. */
  inGeometry: boolean;
  inPopulation: boolean;
  inCensus: boolean;
}

export class AreaRegistry {
  readonly municipalities = new Map<string, MunicipalityInfo>();
  /** Population by area code and year (CONAPO projections; census 2020 fills municipalities CONAPO lacks). */
  readonly population = new Map<string, Map<number, number>>();
  /** Municipal adjacency from shared borders (CSR over `adjacencyCodes`), when geometry was imported. */
  adjacencyCodes: string[] = [];
  adjacencyPtr: Int32Array = new Int32Array(1);
  adjacencyIdx: Int32Array = new Int32Array(0);
  /**
   * The imported TopoJSON texts by level, kept verbatim so that maps can be drawn from the cache (the
   * cache stores them as files; after loading they are read on demand, see `readTopology`).
   */
  readonly topologies = new Map<'municipality' | 'state', string>();
  private byName = new Map<string, string[]>();

  static states(): AreaRegistry {
    return new AreaRegistry();
  }

  get hasMunicipalities(): boolean {
    return this.municipalities.size > 0;
  }

  /** Record a municipality seen in a reference source (merging what other sources said). */
  addMunicipality(
    code: string,
    name: string | undefined,
    source: 'geometry' | 'population' | 'census',
  ): void {
    const known = this.municipalities.get(code);
    const info: MunicipalityInfo = known ?? {
      code,
      state: code.slice(0, 2),
      name: name ?? code,
      inGeometry: false,
      inPopulation: false,
      inCensus: false,
    };
    if (name && (!known || info.name === code)) info.name = name;
    if (source === 'geometry') info.inGeometry = true;
    if (source === 'population') info.inPopulation = true;
    if (source === 'census') info.inCensus = true;
    this.municipalities.set(code, info);
    if (name) this.indexName(code, name);
  }

  /** Restore a municipality exactly as recorded (from the cache). */
  restoreMunicipality(info: MunicipalityInfo): void {
    this.municipalities.set(info.code, { ...info });
    if (info.name !== info.code) this.indexName(info.code, info.name);
  }

  private indexName(code: string, name: string): void {
    const key = `${code.slice(0, 2)}|${nameKey(name)}`;
    const list = this.byName.get(key) ?? [];
    if (!list.includes(code)) list.push(code);
    this.byName.set(key, list);
  }

  setPopulation(code: string, year: number, value: number): void {
    let row = this.population.get(code);
    if (!row) {
      row = new Map();
      this.population.set(code, row);
    }
    row.set(year, value);
  }

  populationOf(code: string, year: number): number | undefined {
    return this.population.get(code)?.get(year);
  }

  isState(code: string): boolean {
    return /^\d{2}$/.test(code) && STATES.some((s) => s.code === code);
  }

  /** Is a 5-digit code a municipality we know (or, without municipal references, a well-formed code of a real state)? */
  isMunicipality(code: string): boolean {
    if (!/^\d{5}$/.test(code)) return false;
    if (this.municipalities.size === 0) return this.isState(code.slice(0, 2));
    return this.municipalities.has(code);
  }

  stateCode(name: string): string | undefined {
    return stateCodeByName(name);
  }

  /**
   * The CVEGEO of a municipality by state and name, or undefined. Names are compared without accents,
   * case, punctuation and common abbreviations ("Gral.", "Dr.", "Cd."); an ambiguous name is undefined.
   */
  municipalityByName(state: string, name: string): string | undefined {
    for (const key of nameVariants(name)) {
      const hits = this.byName.get(`${state}|${key}`);
      if (hits) return hits.length === 1 ? hits[0] : undefined;
    }
    return undefined;
  }

  /** Municipal neighbours of a code (empty if unknown or an island). */
  neighbors(code: string): string[] {
    const i = this.adjacencyCodes.indexOf(code);
    if (i < 0) return [];
    return Array.from(
      this.adjacencyIdx.subarray(this.adjacencyPtr[i], this.adjacencyPtr[i + 1]),
      (j) => this.adjacencyCodes[j],
    );
  }

  setAdjacency(codes: string[], ptr: Int32Array, idx: Int32Array): void {
    this.adjacencyCodes = codes;
    this.adjacencyPtr = ptr;
    this.adjacencyIdx = idx;
  }

  /** Municipalities missing from one reference but present in another: the known gaps. */
  gaps(): { notInGeometry: string[]; notInPopulation: string[]; notInCensus: string[] } {
    const all = [...this.municipalities.values()];
    const anyGeo = all.some((m) => m.inGeometry);
    const anyPop = all.some((m) => m.inPopulation);
    const anyCensus = all.some((m) => m.inCensus);
    return {
      notInGeometry: anyGeo
        ? all
            .filter((m) => !m.inGeometry)
            .map((m) => m.code)
            .sort()
        : [],
      notInPopulation: anyPop
        ? all
            .filter((m) => !m.inPopulation)
            .map((m) => m.code)
            .sort()
        : [],
      notInCensus: anyCensus
        ? all
            .filter((m) => !m.inCensus)
            .map((m) => m.code)
            .sort()
        : [],
    };
  }
}

const ABBREVIATIONS: [RegExp, string][] = [
  [/\bgral\b/g, 'general'],
  [/\bdr\b/g, 'doctor'],
  [/\bcd\b/g, 'ciudad'],
  [/\bsta\b/g, 'santa'],
  [/\bsto\b/g, 'santo'],
  [/\bsn\b/g, 'san'],
  [/\bvilla de\b/g, 'villa'],
];

/**
 * The name and its fallbacks: without honorific prefixes ("Heroica Ciudad de Juchitán de Zaragoza" →
 * "Juchitán de Zaragoza") and without an Oaxacan district suffix ("San Juan Mixtepec Distrito 08"). A
 * fallback is only used when the full name is unknown, and never resolves an ambiguous name.
 */
function nameVariants(name: string): string[] {
  const key = nameKey(name);
  const out = [key];
  const noDistrict = key.replace(/\s+(distrito|dto)\s+\d+$/, '');
  const noPrefix = (k: string) => k.replace(/^(heroica\s+)?((ciudad|villa)\s+(de\s+)?)?/, '');
  for (const v of [noDistrict, noPrefix(key), noPrefix(noDistrict)]) if (v && !out.includes(v)) out.push(v);
  return out;
}

/** The key municipality names are matched on. */
export function nameKey(name: string): string {
  let k = normalizeName(name);
  for (const [re, to] of ABBREVIATIONS) k = k.replace(re, to);
  return k.replace(/\s+/g, ' ').trim();
}
