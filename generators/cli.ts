import nodePlop from 'node-plop';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CANCELLED, planOnce, writtenReport } from './lib/change-set-action';
import { isExpectedError, UsageError } from './lib/expected-errors';
import { type Generator, type GeneratorInput, GeneratorInputError, usageLine } from './lib/generator';
import { type Answers, argumentsOf, CONFIRM, givenValueProblems } from './lib/prompts';
import plopfile, { generators, MENU_MESSAGE } from './plopfile';

const ROOT = process.cwd();
const COMMON_OPTIONS = {
  'dry-run': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  yes: { type: 'boolean', short: 'y', default: false },
} as const satisfies ParseArgsConfig['options'];

const USAGE = `Usage: npm run gen -- <generator> [arguments] [--dry-run] [--yes] [--help]

Generators:
${generators.map((generator) => `  ${generator.name.padEnd(10)} ${generator.description}`).join('\n')}

"npm run gen -- <generator> --help" shows a generator's arguments and examples.
Without arguments, asks for each missing value (only in an interactive terminal), then shows
what will be written and asks to confirm (--yes skips the confirmation).
plop's CLI runs the same generators: npx plop, npx plop module invoices "<fields>".
Field-spec grammar and everything generated: docs/generators.md`;

/**
 * `npm run gen`: every value has a flag, so CI runs it with no terminal; plop's prompts only fill
 * values that were not given. `npx plop` (plopfile.cjs) runs the same questions, checks and change
 * set through plop's own CLI. Exit codes: 0 done, 1 invalid input or conflict (nothing written),
 * 2 usage, 3 unexpected failure (nothing written).
 */
async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first.startsWith('-')) {
    if (first === '--help' || first === '-h') return finish(USAGE, 0);
    const chosen = await chooseGenerator();
    return chosen ? runGenerator(chosen, argv) : finish(USAGE, 2);
  }
  const generator = generators.find((candidate) => candidate.name === first);
  return generator ? runGenerator(generator, rest) : finish(`unknown generator "${first}"\n\n${USAGE}`, 2);
}

async function runGenerator(generator: Generator, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      ...COMMON_OPTIONS,
      ...Object.fromEntries(
        generator.options.map((option) => [option.name, { type: option.boolean ? 'boolean' : ('string' as const) }]),
      ),
    },
  });
  if (values.help) return finish(generatorHelp(generator), 0);
  if (positionals.length > generator.positionals.length) {
    throw new UsageError(`too many arguments: ${positionals.slice(generator.positionals.length).join(' ')}`);
  }
  const given: Record<string, string | undefined> = {};
  generator.positionals.forEach((argument, index) => (given[argument.name] = positionals[index]));
  const flags: Readonly<Record<string, string | boolean | undefined>> = values;
  for (const option of generator.options) {
    const flag = flags[option.name];
    given[option.name] = typeof flag === 'boolean' ? (flag ? 'true' : undefined) : flag;
  }

  const problems = givenValueProblems(generator, given, ROOT);
  if (problems.length > 0) throw new GeneratorInputError(problems.join('\n'));

  const answers = await askMissing(generator, given, values.yes || values['dry-run']);
  if (answers[CONFIRM] === false) return finish(CANCELLED, 0);
  const plan = await planOnce(generator, ROOT, answers);
  if (values['dry-run']) {
    const note = plan.blocked === undefined ? '' : `\n\nA real run would refuse: ${plan.blocked}`;
    return finish(`Dry run: nothing written. Would change:\n${plan.changes.describe()}${note}`, 0);
  }
  if (plan.blocked !== undefined) throw new GeneratorInputError(plan.blocked);
  await plan.changes.commit();
  return finish(writtenReport(plan), 0);
}

function generatorHelp(generator: Generator): string {
  const argumentsHelp = [...generator.positionals, ...generator.options].map(
    (argument) =>
      `  ${(generator.options.includes(argument) ? `--${argument.name}` : argument.name).padEnd(12)} ${argument.message}${argument.optional ? ' (optional)' : ''}`,
  );
  return [
    `Usage: npm run gen -- ${usageLine(generator)}`,
    '',
    `Generates ${generator.description}.`,
    '',
    ...argumentsHelp,
    `  ${'--dry-run'.padEnd(12)} list every file it would create or change (with diffs), write nothing`,
    `  ${'--yes'.padEnd(12)} after prompts, write without the confirmation`,
    '',
    'Examples:',
    ...generator.examples.map((example) => `  npm run gen -- ${example}`),
    '',
    'See docs/generators.md.',
  ].join('\n');
}

/**
 * Asks for the values no argument gave, through the same plop questions as `npx plop` (each value
 * checked when entered, then the summary and confirmation); given values are passed as plop's
 * bypass, so they are not asked again. Without a terminal, nothing can be asked: "missing …".
 */
async function askMissing(generator: Generator, given: GeneratorInput, confirmed: boolean): Promise<Answers> {
  const missing = argumentsOf(generator).filter((argument) => !argument.optional && given[argument.name] === undefined);
  if (missing.length === 0) return { ...given };
  if (!process.stdin.isTTY) {
    throw new UsageError(`missing ${missing.map((argument) => argument.name).join(', ')} (no terminal to ask in)`);
  }
  const plop = await nodePlop();
  plopfile(plop, { root: ROOT });
  // "_" is plop's bypass value for "ask me".
  const bypass = [...argumentsOf(generator).map((argument) => given[argument.name] ?? '_'), confirmed ? 'yes' : '_'];
  return (await plop.getGenerator(generator.name).runPrompts(bypass)) as Answers;
}

async function chooseGenerator(): Promise<Generator | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const plop = await nodePlop();
  plopfile(plop, { root: ROOT });
  const choices = plop
    .getGeneratorList()
    .map((entry) => ({ name: `${entry.name}: ${entry.description}`, value: entry.name }));
  const menu = plop.setGenerator('menu', {
    prompts: [{ type: 'list', name: 'generator', message: MENU_MESSAGE, choices }],
    actions: [],
  });
  const { generator } = (await menu.runPrompts()) as { generator: string };
  return generators.find((candidate) => candidate.name === generator);
}

function finish(text: string, code: number): number {
  process.stdout.write(`${text}\n`);
  return code;
}

/**
 * Runs one `npm run gen` command line in this process and resolves to its exit code; what it
 * prints goes to this process's standard output and error. A failure is an exit code, never a
 * rejection.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    const expected = isExpectedError(error);
    process.stderr.write(
      `${expected ? error.message : String(error instanceof Error ? error.stack : error)}\nNothing was written.\n`,
    );
    return expected ? 1 : 3;
  }
}

// Imported (the generator contract tests run many commands in one process), it only exports.
if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
