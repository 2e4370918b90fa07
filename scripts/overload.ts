import { exitUnlessExampleModule } from './lib/example-module';
import { formatOverloadReport, type OverloadOptions, runOverload } from './overload/run';

/**
 * `npm run overload [-- --duration=20 --multiple=4 --built --connections=1000 NAME=value…]`: the
 * open-loop overload run of docs/reliability.md (S17), loopback only, a throwaway database, about
 * `duration` × 1.5 + 15 s in all. NAME=value pairs go to the app's environment, e.g.
 * `OVERLOAD_MAX_EVENT_LOOP_DELAY_MS=0 OVERLOAD_MAX_HEAP_USED_PERCENT=0` to run it without shedding.
 */
function parseArguments(argv: readonly string[]): OverloadOptions {
  const flag = (name: string): string | undefined =>
    argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const env = Object.fromEntries(
    argv
      .filter((arg) => /^[A-Z][A-Z0-9_]*=/.test(arg))
      .map((arg) => [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]),
  );
  const bounded = (value: string | undefined, fallback: number, max: number): number => {
    const parsed = Number(value ?? fallback);
    if (!Number.isFinite(parsed) || parsed <= 0 || parsed > max) throw new Error(`expected a number in (0, ${max}]`);
    return parsed;
  };
  return {
    // Bounded so a typo cannot start a run of hours.
    durationSeconds: bounded(flag('duration'), 20, 120),
    multiple: bounded(flag('multiple'), 4, 20),
    connections: bounded(flag('connections'), 1_000, 10_000),
    built: argv.includes('--built'),
    env,
  };
}

exitUnlessExampleModule('npm run overload', 'scripts/overload/run.ts');
const options = parseArguments(process.argv.slice(2));
runOverload(options, (line) => process.stdout.write(`${line}\n`)).then(
  (report) => {
    process.stdout.write(`${formatOverloadReport(report)}\n`);
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(report)}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
