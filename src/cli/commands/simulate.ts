import { Command } from 'commander';
import { UsageError } from '../errors.js';
import {
  addRunOptions,
  loadScenarioArg,
  overrides,
  type RunCommandOptions,
  runAndReport,
} from '../scenario-runner.js';

export function simulateCommand(): Command {
  const cmd = new Command('simulate')
    .summary('run one scenario (a file or a preset)')
    .description('Run one scenario with Monte Carlo uncertainty; results per year, month or week.')
    .argument('[file]', 'scenario file (YAML or JSON)')
    .option('-p, --preset <name>', 'a shipped preset instead of a file (see `atalaya scenarios list`)');
  addRunOptions(cmd, 200);
  cmd.addHelpText(
    'after',
    '\nExamples:\n  atalaya simulate --preset middle-layer-sweep --resolution month --json\n  atalaya simulate my-plan.yaml --set policies.0.intensity=0.5 --set years=5',
  );
  cmd.action(async (file: string | undefined, opts: RunCommandOptions & { preset?: string }) => {
    if (!file === !opts.preset)
      throw new UsageError('give either a scenario file or --preset NAME (not both)');
    const scenario = loadScenarioArg(file ?? opts.preset!, overrides(opts));
    await runAndReport([scenario], opts);
  });
  return cmd;
}
