import { Command } from 'commander';
import { atalayaHome } from '../../data/locate.js';
import { pullSource } from '../../data/pull.js';
import { REMOTE_SOURCES, remoteSource } from '../../data/sources.js';
import { emit } from '../output.js';

export function dataCommand(): Command {
  const cmd = new Command('data').summary('download and locate data');
  cmd
    .command('sources')
    .description('list the sources `data pull` can download')
    .action(() => emit(REMOTE_SOURCES.map((s) => `${s.id}  ${s.title}\n  ${s.citation}`).join('\n')));
  cmd
    .command('pull')
    .description('download sources into the cache (checksums verified; resumes partial downloads)')
    .argument('[source...]', 'source ids (default: all)')
    .option('--home <dir>', 'cache folder (default: ATALAYA_HOME or ~/.cache/atalaya)')
    .option('--mirror <url>', 'fetch the same file names from this base URL (default: ATALAYA_MIRROR)')
    .action(async (ids: string[], opts: { home?: string; mirror?: string }) => {
      const home = atalayaHome({ home: opts.home });
      const sources = ids.length > 0 ? ids.map(remoteSource) : [...REMOTE_SOURCES];
      for (const source of sources) {
        const files = await pullSource(source, {
          home,
          baseUrl: opts.mirror,
          onProgress: (file, got, total) => {
            if (process.stderr.isTTY)
              process.stderr.write(
                `\r${file}: ${(got / 1024).toFixed(0)} kB${total ? ` of ${(total / 1024).toFixed(0)} kB` : ''}   `,
              );
          },
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        emit(
          files.map((f) => `${source.id}: ${f.name} ${f.status} (${f.bytes} bytes) → ${f.path}`).join('\n'),
        );
      }
    });
  return cmd;
}
