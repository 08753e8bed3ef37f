import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullSource, sha256File, sourceDir } from '../../src/data/pull.js';
import type { RemoteSource } from '../../src/data/sources.js';

/** A local HTTP server standing in for the internet: serves files, honours Range, can corrupt one. */
let server: Server;
let base: string;
const files: Record<string, Buffer> = {
  'a.csv': Buffer.from('x,y\n1,2\n'.repeat(2000)),
  'b.csv': Buffer.from('hello world\n'),
};
let corrupt = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    // Mirror layout: /<source id>/<file name>.
    const name = decodeURIComponent((req.url ?? '/').slice(1)).replace(/^test-source\//, '');
    let body = files[name];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    if (corrupt && name === 'b.csv') body = Buffer.from('tampered\n');
    const range = /bytes=(\d+)-/.exec(req.headers.range ?? '');
    if (range) {
      const from = Number(range[1]);
      res.writeHead(206, { 'content-length': body.length - from });
      res.end(body.subarray(from));
    } else {
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

async function source(): Promise<RemoteSource> {
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-src-'));
  const list = [];
  for (const [name, body] of Object.entries(files)) {
    writeFileSync(join(dir, name), body);
    list.push({ name, url: `${base}/${name}`, sha256: await sha256File(join(dir, name)) });
  }
  return { id: 'test-source', title: 'test', citation: 'test', license: 'test', files: list };
}

describe('data pull', () => {
  it('downloads, verifies checksums, then uses the cache', async () => {
    const home = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
    const src = await source();
    const first = await pullSource(src, { home, baseUrl: base });
    expect(first.map((f) => f.status)).toEqual(['downloaded', 'downloaded']);
    expect(readFileSync(join(sourceDir(home, 'test-source'), 'a.csv'))).toEqual(files['a.csv']);
    const second = await pullSource(src, { home, baseUrl: base });
    expect(second.map((f) => f.status)).toEqual(['cached', 'cached']);
  });

  it('resumes a partial download with an HTTP range request', async () => {
    const home = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
    const src = await source();
    const dir = sourceDir(home, 'test-source');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.csv.part'), files['a.csv'].subarray(0, 5000));
    const progress: number[] = [];
    const out = await pullSource(src, { home, baseUrl: base, onProgress: (_f, got) => progress.push(got) });
    expect(out[0].status).toBe('resumed');
    expect(readFileSync(join(dir, 'a.csv'))).toEqual(files['a.csv']);
    expect(progress[0]).toBeGreaterThan(5000);
  });

  it('refuses a file whose checksum does not match and keeps the good one', async () => {
    const home = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
    const src = await source();
    await pullSource(src, { home, baseUrl: base });
    const good = readFileSync(join(sourceDir(home, 'test-source'), 'b.csv'));
    // A changed upstream file (and a deleted local copy) must not be accepted.
    writeFileSync(join(sourceDir(home, 'test-source'), 'b.csv'), 'local edit\n');
    corrupt = true;
    try {
      await expect(pullSource(src, { home, baseUrl: base })).rejects.toThrow(
        /checksum mismatch for b\.csv.*nothing was replaced/,
      );
    } finally {
      corrupt = false;
    }
    expect(readFileSync(join(sourceDir(home, 'test-source'), 'b.csv'), 'utf8')).toBe('local edit\n');
    expect(existsSync(join(sourceDir(home, 'test-source'), 'b.csv.part'))).toBe(false);
    expect(good.toString()).toBe('hello world\n');
  });

  it('downloads unpinned files and records their digest', async () => {
    const home = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
    const src = await source();
    const unpinned = { ...src, files: src.files.map((f) => ({ name: f.name, url: f.url })) };
    const out = await pullSource(unpinned, { home, baseUrl: base });
    expect(out.map((f) => f.status)).toEqual(['downloaded', 'downloaded']);
    const record = readFileSync(join(sourceDir(home, 'test-source'), 'b.csv.sha256'), 'utf8');
    expect(record).toBe(`${src.files[1].sha256}  b.csv\n`);
    expect((await pullSource(unpinned, { home, baseUrl: base })).map((f) => f.status)).toEqual([
      'cached',
      'cached',
    ]);
  });

  it('says what to do when the network is unreachable', async () => {
    const home = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
    const src = await source();
    await expect(pullSource(src, { home, baseUrl: 'http://127.0.0.1:9' })).rejects.toThrow(
      /cannot download .*ATALAYA_MIRROR/,
    );
  });
});
