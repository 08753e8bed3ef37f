import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RemoteFile, RemoteSource } from './sources.js';

/**
 * Download a source's files into the cache, for users with internet: resumes partial downloads
 * (HTTP Range), verifies each file's SHA-256 (or records it when the source is not pinned), and moves a
 * file into place only when it is complete and verified, so a failed or interrupted download never
 * replaces a good file. Set `baseUrl` (or ATALAYA_MIRROR) to fetch from a mirror laid out as
 * `<mirror>/<source id>/<file name>`.
 */
export interface PullOptions {
  home: string;
  baseUrl?: string;
  fetch?: typeof fetch;
  onProgress?: (file: string, received: number, total: number | undefined) => void;
  signal?: AbortSignal;
}

export interface PulledFile {
  name: string;
  path: string;
  status: 'downloaded' | 'cached' | 'resumed';
  bytes: number;
}

export function sourceDir(home: string, id: string): string {
  return join(home, 'sources', id);
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function pullSource(source: RemoteSource, options: PullOptions): Promise<PulledFile[]> {
  const dir = sourceDir(options.home, source.id);
  mkdirSync(dir, { recursive: true });
  const out: PulledFile[] = [];
  for (const file of source.files) out.push(await pullFile(source.id, file, dir, options));
  return out;
}

async function pullFile(
  sourceId: string,
  file: RemoteFile,
  dir: string,
  options: PullOptions,
): Promise<PulledFile> {
  const target = join(dir, file.name);
  mkdirSync(dirname(target), { recursive: true });
  if (existsSync(target) && (!file.sha256 || (await sha256File(target)) === file.sha256)) {
    return { name: file.name, path: target, status: 'cached', bytes: statSync(target).size };
  }
  const part = `${target}.part`;
  const have = existsSync(part) ? statSync(part).size : 0;
  const base = options.baseUrl ?? process.env.ATALAYA_MIRROR;
  const url = base ? `${base.replace(/\/$/, '')}/${sourceId}/${file.name}` : file.url;
  const doFetch = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, {
      headers: have > 0 ? { Range: `bytes=${have}-` } : {},
      signal: options.signal,
    });
  } catch (err) {
    throw new Error(
      `cannot download ${url}: ${(err as Error).message} (no internet? set ATALAYA_MIRROR or use --data DIR)`,
    );
  }
  if (!res.ok && res.status !== 206) throw new Error(`cannot download ${url}: HTTP ${res.status}`);
  const resumed = res.status === 206 && have > 0;
  const length = Number(res.headers.get('content-length')) || undefined;
  const total = length !== undefined ? length + (resumed ? have : 0) : undefined;
  const handle = await open(part, resumed ? 'a' : 'w');
  let received = resumed ? have : 0;
  try {
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        await handle.write(chunk);
        received += chunk.length;
        options.onProgress?.(file.name, received, total);
      }
    }
  } finally {
    await handle.close();
  }
  const digest = await sha256File(part);
  if (file.sha256 && digest !== file.sha256) {
    rmSync(part, { force: true });
    throw new Error(
      `checksum mismatch for ${file.name} from ${url}: expected sha256 ${file.sha256}, got ${digest}; nothing was replaced`,
    );
  }
  renameSync(part, target);
  // Unpinned files: keep the digest of what was downloaded, for the record.
  if (!file.sha256) writeFileSync(`${target}.sha256`, `${digest}  ${file.name}\n`);
  return { name: file.name, path: target, status: resumed ? 'resumed' : 'downloaded', bytes: received };
}
