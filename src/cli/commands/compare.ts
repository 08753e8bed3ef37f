import { Command } from 'commander';
import { DEFAULT_SCENARIOS } from '../../sim/scenario/defaults.js';
import {
  addRunOptions,
  loadScenarioArg,
  overrides,
  type RunCommandOptions,
  runAndReport,
} from '../scenario-runner.js';

/** The scenarios `atalaya compare` runs when none are named (src/sim/scenario/defaults.ts). */
export const DEFAULT_COMPARE: readonly string[] = DEFAULT_SCENARIOS;

export function compareCommand(): Command {
  const cmd = new Command('compare')
    .summary('compare policy scenarios (the main job)')
    .description(
      'Run policy scenarios side by side with Monte Carlo uncertainty and compare them with the status quo.\n' +
        'Scenarios are preset ids (see `atalaya scenarios list`) or YAML files; with none, the status quo and\n' +
        'the main presets are compared.',
    )
    .argument('[scenario...]', 'preset ids or scenario files');
  addRunOptions(cmd, 200);
  cmd.addHelpText(
    'after',
    '\nExamples:\n  atalaya compare\n  atalaya compare status-quo kingpin-targeting middle-layer-sweep-prepositioned --runs 500\n  atalaya compare --report compare.html --lang es\n  atalaya compare status-quo my-plan.yaml --json > results.json',
  );
  cmd.action(async (args: string[], opts: RunCommandOptions) => {
    const ids = args.length > 0 ? args : DEFAULT_COMPARE;
    const withBaseline = args.length > 0 || ids.includes('status-quo') ? ids : ['status-quo', ...ids];
    const scenarios = withBaseline.map((id) => loadScenarioArg(id, overrides(opts)));
    await runAndReport(scenarios, opts);
  });
  return cmd;
}
