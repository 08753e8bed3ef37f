/**
 * Official and published sources Atalaya can download for users with internet (`atalaya data pull`).
 * Each file is pinned to a commit and checked against its SHA-256 after download.
 */
export interface RemoteFile {
  name: string;
  url: string;
  sha256: string;
  bytes?: number;
}

export interface RemoteSource {
  id: string;
  title: string;
  citation: string;
  license: string;
  files: RemoteFile[];
}

const PC_COMMIT = 'a1db30caae9b83eb70472aa4d0b37c94383a52d8';
const PC_BASE = `https://raw.githubusercontent.com/rafaelprietocuriel/Recruitment/${PC_COMMIT}`;

export const REMOTE_SOURCES: readonly RemoteSource[] = [
  {
    id: 'prieto-curiel-2023',
    title: 'Mexican criminal groups, alliances and rivalries (2020), Prieto-Curiel et al. (2023)',
    citation:
      'Prieto-Curiel, Campedelli & Hope (2023) Science 381:1312; github.com/rafaelprietocuriel/Recruitment',
    license:
      'No license stated by the repository; research data redistributed by its authors. Cite the paper.',
    files: [
      {
        name: 'BACRIM2020_Nodes.csv',
        url: `${PC_BASE}/BACRIM2020_Nodes.csv`,
        sha256: 'c7414657755a57f1e088ca13b7e5aadee8eb778be84f91c62b24a49de5e32870',
      },
      {
        name: 'BACRIM2020_Alliances.csv',
        url: `${PC_BASE}/BACRIM2020_Alliances.csv`,
        sha256: '6b5e4d5bd433b4acafead4ca0471416a9ee4a509d440ecb6f75e2040078e8749',
      },
      {
        name: 'BACRIM2020_Rivals.csv',
        url: `${PC_BASE}/BACRIM2020_Rivals.csv`,
        sha256: 'd29b51304b267f649996f0749a8904558b1aea45667f35d6ea47dbcea40f02a9',
      },
      {
        name: 'Trends2012_2021.csv',
        url: `${PC_BASE}/Trends2012_2021.csv`,
        sha256: '51eb58b2d8c71958fd71fec7ef0f35d5f915fa13a088c408110a41dd560307a7',
      },
    ],
  },
];

export function remoteSource(id: string): RemoteSource {
  const s = REMOTE_SOURCES.find((r) => r.id === id);
  if (!s)
    throw new Error(`unknown source "${id}"; valid sources: ${REMOTE_SOURCES.map((r) => r.id).join(', ')}`);
  return s;
}
