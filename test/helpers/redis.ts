import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real redis-server on a free port, and worker processes whose output lines a test can wait for: the
 * scale-out tests of `atalaya explore` (test/explore/bullmq*.test.ts). CI installs redis-server (.ci/run).
 */
export const HAS_REDIS = spawnSync('redis-server', ['--version']).status === 0;

export interface RedisServer {
  url: string;
  stop(): void;
}

export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-redis-'));
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${out}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}/0`,
    stop() {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export class WorkerProcess {
  readonly lines: string[] = [];
  private readonly waiters = new Set<() => void>();
  private constructor(readonly child: ChildProcess) {
    let rest = '';
    child.stdout!.on('data', (d) => {
      const parts = (rest + d).split('\n');
      rest = parts.pop()!;
      this.lines.push(...parts);
      for (const wake of this.waiters) wake();
    });
    child.stderr!.on('data', (d) => process.stderr.write(d));
  }

  /** A Node process with these arguments (its stdout lines are collected; stderr passes through). */
  static spawn(args: string[], cwd: string): WorkerProcess {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    return new WorkerProcess(child);
  }

  /** The first line (seen so far or later) matching `re`. */
  waitFor(re: RegExp, timeoutMs = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const line = this.lines.find((l) => re.test(l));
        if (line === undefined) return false;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(line);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no line matching ${re} in:\n${this.lines.join('\n')}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  /** Chunk indexes this worker started for the toy sweep of this seed, one per run. */
  runs(seed: number): number[] {
    const prefix = `run ${seed} `;
    return this.lines.filter((l) => l.startsWith(prefix)).map((l) => Number(l.slice(prefix.length)));
  }

  stop(): Promise<{ code: number | null; lines: string[] }> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        return resolve({ code: this.child.exitCode, lines: this.lines });
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      this.child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, lines: this.lines });
      });
      this.child.kill('SIGTERM');
    });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}
