/**
 * Sources Atalaya can download for users with internet (`atalaya data pull`). Snapshots of public
 * repositories are pinned to a commit and, where the file was staged unchanged, to its SHA-256; the
 * official SESNSP municipal file changes every month, so it is fetched by release and its checksum is
 * recorded, not checked. Nothing is ever uploaded.
 *
 * Provenance of each snapshot: shared/data/SOURCES.md of the development machines.
 */
export interface RemoteFile {
  /** Path inside the source's cache folder (and on a mirror, after `<mirror>/<source id>/`). */
  name: string;
  url: string;
  /** Expected SHA-256; absent when the upstream file is not pinned (it is then recorded on download). */
  sha256?: string;
}

export interface RemoteSource {
  id: string;
  title: string;
  citation: string;
  license: string;
  files: RemoteFile[];
}

const raw = (repo: string, commit: string, path: string) =>
  `https://raw.githubusercontent.com/${repo}/${commit}/${path}`;

const PC = ['rafaelprietocuriel/Recruitment', 'a1db30caae9b83eb70472aa4d0b37c94383a52d8'] as const;
const ARROYO = 'isaacarroyov/datos_facil_acceso';
const LAPANQUECITA = 'lapanquecita/incidencia-delictiva';
const GARGIULO = 'thegargiulian/mexico-homicide-rates';
const RNPDNO = ['mea400879/rnpdno-population-bands', 'f3fa2a563fb6bdfe61b5c0ef4a33687557b01efe'] as const;
const CONAPO = ['lapanquecita/poblacion-estimada', '9e725c1d6e1ff1dc48d9d7f406d433b2cbdb9f3c'] as const;

export const REMOTE_SOURCES: readonly RemoteSource[] = [
  {
    id: 'prieto-curiel-2023',
    title: 'Mexican criminal groups, alliances and rivalries (2020), Prieto-Curiel et al. (2023)',
    citation:
      'Prieto-Curiel, Campedelli & Hope (2023) Science 381:1312; github.com/rafaelprietocuriel/Recruitment',
    license:
      'No license stated by the repository; research data redistributed by its authors. Cite the paper.',
    files: [
      ['BACRIM2020_Nodes.csv', 'c7414657755a57f1e088ca13b7e5aadee8eb778be84f91c62b24a49de5e32870'],
      ['BACRIM2020_Alliances.csv', '6b5e4d5bd433b4acafead4ca0471416a9ee4a509d440ecb6f75e2040078e8749'],
      ['BACRIM2020_Rivals.csv', 'd29b51304b267f649996f0749a8904558b1aea45667f35d6ea47dbcea40f02a9'],
      ['Trends2012_2021.csv', '51eb58b2d8c71958fd71fec7ef0f35d5f915fa13a088c408110a41dd560307a7'],
    ].map(([name, sha256]) => ({ name, url: raw(PC[0], PC[1], name), sha256 })),
  },
  {
    id: 'sesnsp-state-victims',
    title: 'SESNSP victims by state and month, 2015 onward, long format (two vintages)',
    citation: 'SESNSP, víctimas del fuero común; reshaped by isaacarroyov/datos_facil_acceso',
    license: 'No license stated by the repository; official open data of SESNSP.',
    files: [
      {
        name: 'vintage_2025-06/db_victimas_delitos_ent_long.csv.bz2',
        url: raw(
          ARROYO,
          '5f7295ae9f6f5abfb7b12cd10047f5d824bc4fce',
          'GobiernoMexicano/sesnsp/db_victimas_delitos_ent_long.csv.bz2',
        ),
        sha256: '9a27abb9322d590dbfdbb758fd9525336501bf66ffd2b4ce908064b77a07d86c',
      },
      {
        name: 'vintage_2024-08/db_victimas_delitos_ent_long.csv.bz2',
        url: raw(
          ARROYO,
          '938a57fbe082884eb0a41e1573c8e02c4e901c31',
          'GobiernoMexicano/sesnsp/db_victimas_delitos_ent_long.csv.bz2',
        ),
        sha256: 'f6a07be985f6296dcd5498dd343c3963b310e59d7714895fd68395f76e0e5798',
      },
    ],
  },
  {
    id: 'sesnsp-lapanquecita',
    title: 'SESNSP victims time series by state, and the 2026 state file in the official wide format',
    citation: 'SESNSP open data via lapanquecita/incidencia-delictiva (MIT)',
    license: 'MIT (repository); data SESNSP.',
    files: [
      {
        name: 'timeseries_victimas.csv',
        url: raw(LAPANQUECITA, '11d5a8040159b1f6abd1ff6933eea852383b2b85', 'data/timeseries_victimas.csv'),
        sha256: '4af6bffb102131309dca7a5618ffa8fe8f0463f656e76512fbcf0d7d53ceeda2',
      },
      {
        name: 'estatal_n.csv',
        url: raw(LAPANQUECITA, '882728669770c9cf674a6cd6ecd06fd47d81e02e', 'data/estatal_n.csv'),
        sha256: 'd035b4aff74e103f4cf6790e9440412d665c93f4103b6901f52b4f0f4e55f2d3',
      },
    ],
  },
  {
    id: 'sesnsp-municipal-partial',
    title: 'SESNSP municipal homicide incidence by municipality name, 2024-01 to 2025-06 (partial)',
    citation: 'SESNSP IDM_NM jul25 as processed by sebrodriguezh/SESNSP_Site',
    license: 'No license stated by the repository.',
    files: [
      {
        name: 'violencia_homicida_municipal_nacional_2024_2025.csv',
        url: raw(
          'sebrodriguezh/SESNSP_Site',
          '204d4eb316a4e0a54bec8a0cc6d39e0c3dbeaedc',
          'data/violencia_homicida_municipal_nacional_2024_2025.csv',
        ),
        sha256: '02723a708d3d4aaedb7e0b605fb45d0a0c4b6000b44388f4f1099a6a5793dacc',
      },
    ],
  },
  {
    id: 'inegi-homicides',
    title: 'INEGI death-certificate homicides by municipality and by state, monthly',
    citation:
      'Gargiulo, Aburto & Floridi, "Monthly municipal-level homicide rates in Mexico", OSF doi:10.17605/OSF.IO/U8DC3 (CC BY 4.0)',
    license: 'CC BY 4.0',
    files: [
      {
        // The upstream municipal file covers 2000–2021 (shared/data keeps 2000–2019): not pinned.
        name: 'mexico-muni-month-homicide-rates-2000-2021.csv.gz',
        url: raw(
          GARGIULO,
          '4bd31c7edb73867c1564622d7fb3757fbe31493d',
          'mexico-muni-month-homicide-rates-2000-2021.csv.gz',
        ),
      },
      {
        name: 'mexico-state-month-homicide-rates-2000-2022.csv',
        url: raw(
          GARGIULO,
          '6869d42f7e4e0d7ad790bc46bd3b4704ce8b31dc',
          'mexico-state-month-homicide-rates-2000-2022.csv',
        ),
        sha256: '12f5dc13222118ffe0df535bf46ffdfbe645b5683740a2b70636e57c786961c3',
      },
    ],
  },
  {
    id: 'rnpdno',
    title: 'RNPDNO disappeared and located persons by municipality and month, 2015–2025',
    citation:
      'Registro Nacional de Personas Desaparecidas y No Localizadas, scraped by mea400879/rnpdno-population-bands',
    license: 'No license stated by the repository; counts only.',
    files: [
      ['rnpdno_total.csv', 'f85febff9d628ab7750a797d311ea292ee058ead05a1427418eef1eaf0836bbe'],
      [
        'rnpdno_disappeared_not_located.csv',
        '41fe8e179612ff8c2607aef4fb562b4d33a83da50b8779ae17c0ca3f2644b0a7',
      ],
      ['rnpdno_located_alive.csv', '761b5715e7a91ef763bb079c8ba45784f8ae03b64a9449f3cda36c547204e6d9'],
      ['rnpdno_located_dead.csv', '19d76726d99b30a54380e2746f4945652dcd905d75e4d2c5045d3de089df1525'],
    ].map(([name, sha256]) => ({ name, url: raw(RNPDNO[0], RNPDNO[1], `audit/${name}`), sha256 })),
  },
  {
    id: 'conapo-population',
    title: 'CONAPO population projections by municipality and by state',
    citation: 'CONAPO projections via lapanquecita/poblacion-estimada (MIT)',
    license: 'MIT (repository); data CONAPO.',
    files: [
      {
        name: 'poblacion_municipal_total.csv',
        url: raw(CONAPO[0], CONAPO[1], 'poblacion_municipal/total.csv'),
        sha256: '9b7fd549d1d6b7ae973e2b28649730c8fff4d479b49603491924ed269ab0aa0c',
      },
      {
        name: 'poblacion_entidad_total.csv',
        url: raw(CONAPO[0], CONAPO[1], 'poblacion_entidad/total.csv'),
        sha256: '02492cbd4b843225db5dd3ce9c59f9ff2b6cb7445c45b8858fc905d30c00869e',
      },
    ],
  },
  {
    id: 'census-2020',
    title: 'INEGI 2020 census, total population by municipality (web export)',
    citation: 'INEGI Censo de Población y Vivienda 2020, via diegovalle/mxmaps (BSD-3)',
    license: 'BSD-3 (repository); data INEGI.',
    files: [
      {
        name: 'censo2020_poblacion_municipal.csv',
        url: raw('diegovalle/mxmaps', '798708f6770a24ce86d54128b0f10433cdaaf09c', 'data-raw/censo/2020.csv'),
        sha256: '1c9c63a49e8397949e0b2bcba581e63b2d2abc159e13d6dcf744211e4efe48ad',
      },
    ],
  },
  {
    id: 'cide-ppd-events',
    title: 'CIDE-PPD violence events between armed forces and criminal groups, Dec 2006 – Nov 2011',
    citation:
      'CIDE Programa de Política de Drogas release, processed in marco-morales/QMSS-GR5069_Spring2017',
    license: 'No license stated by the repository.',
    files: [
      {
        name: 'AllViolenceData_170216.csv',
        url: raw(
          'marco-morales/QMSS-GR5069_Spring2017',
          '98c24f709925e662787ea92a216508f569552969',
          'week_06/datachallenge1/data/processed/AllViolenceData_170216.csv',
        ),
        sha256: '99b15ee7fa90267a68d116eb2d34f5fd1f4676144091d6772d2ee1b0fd3a9521',
      },
    ],
  },
];

/**
 * The official SESNSP municipal file (IDM_NM) of a monthly release, e.g. `dic25` (December 2025),
 * from the government open-data repository. Not pinned: each release replaces the last.
 */
export function sesnspMunicipalRelease(release: string): RemoteSource {
  if (!/^(ene|feb|mar|abr|may|jun|jul|ago|sep|oct|nov|dic)\d{2}$/.test(release)) {
    throw new Error(
      `release "${release}" is not a SESNSP release id (expected a Spanish month abbreviation and two digits, e.g. dic25)`,
    );
  }
  return {
    id: `sesnsp-idm-nm-${release}`,
    title: `SESNSP municipal incidence (IDM_NM), release ${release}`,
    citation: 'SESNSP, Incidencia delictiva municipal, datos abiertos (gob.mx)',
    license: 'Official open data (Libre Uso MX).',
    files: [
      {
        name: `IDM_NM_${release}.csv`,
        url: `https://repodatos.atdt.gob.mx/api_update/sesnsp/incidencia_delictiva/IDM_NM_${release}.csv`,
      },
    ],
  };
}

export function remoteSource(id: string): RemoteSource {
  const release = /^sesnsp-idm-nm-(.+)$/.exec(id);
  if (release) return sesnspMunicipalRelease(release[1]);
  const s = REMOTE_SOURCES.find((r) => r.id === id);
  if (!s) {
    throw new Error(
      `unknown source "${id}"; valid sources: ${REMOTE_SOURCES.map((r) => r.id).join(', ')}, sesnsp-idm-nm-<release> (e.g. sesnsp-idm-nm-dic25)`,
    );
  }
  return s;
}
