import { parseArgs, type ParseArgsConfig } from 'node:util';
import nodePlop from 'node-plop';
import { ChangeSetConflictError } from './lib/change-set';
import { FieldSpecError } from './lib/field-spec';
import { type Generator, type GeneratorInput, GeneratorInputError, usageLine } from './lib/generator';
import { ModuleNameError } from './lib/names';
import { RegistryShapeError } from './lib/registry';
import plopfile, { generators } from './plopfile';

const ROOT = process.cwd();
const COMMON_OPTIONS = {
  'dry-run': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

const USAGE = `Usage: npm run gen -- <generator> [arguments] [--dry-run] [--help]

Generators:
${generators.map((generator) => `  ${generator.name.padEnd(10)} ${generator.description}`).join('\n')}

"npm run gen -- <generator> --help" shows a generator's arguments and examples.
Without arguments, asks for each missing value (only in an interactive terminal).
Field-spec grammar and everything generated: docs/generators.md`;

/**
 * The one entry point: every value has a flag, so CI runs it with no terminal; plop's prompts only
 * fill values that were not given. Exit codes: 0 done, 1 invalid input or conflict (nothing written),
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

  const input = await askMissing(generator, given);
  const { changes, next, blocked } = await generator.plan(ROOT, input);
  if (values['dry-run']) {
    const note = blocked === undefined ? '' : `\n\nA real run would refuse: ${blocked}`;
    return finish(`Dry run: nothing written. Would change:\n${changes.describe()}${note}`, 0);
  }
  if (blocked !== undefined) throw new GeneratorInputError(blocked);
  await changes.commit();
  const done = { create: 'created ', modify: 'modified', delete: 'deleted ' } as const;
  const written = changes.files.map((file) => `${done[file.kind]} ${file.path}`);
  return finish(`${written.join('\n')}\n\nNext: ${next}`, 0);
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
    '',
    'Examples:',
    ...generator.examples.map((example) => `  npm run gen -- ${example}`),
    '',
    'See docs/generators.md.',
  ].join('\n');
}

async function askMissing(generator: Generator, given: GeneratorInput): Promise<GeneratorInput> {
  const missing = [...generator.positionals, ...generator.options].filter(
    (argument) => !argument.optional && given[argument.name] === undefined,
  );
  if (missing.length === 0) return given;
  if (!process.stdin.isTTY) {
    throw new UsageError(`missing ${missing.map((argument) => argument.name).join(', ')} (no terminal to ask in)`);
  }
  const plop = await nodePlop();
  plopfile(plop, given);
  const answers = (await plop.getGenerator(generator.name).runPrompts()) as Record<string, string>;
  return { ...given, ...answers };
}

async function chooseGenerator(): Promise<Generator | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const plop = await nodePlop();
  plopfile(plop);
  const choices = plop
    .getGeneratorList()
    .map((entry) => ({ name: `${entry.name}: ${entry.description}`, value: entry.name }));
  const menu = plop.setGenerator('menu', {
    prompts: [{ type: 'list', name: 'generator', message: 'Generate what?', choices }],
    actions: [],
  });
  const { generator } = (await menu.runPrompts()) as { generator: string };
  return generators.find((candidate) => candidate.name === generator);
}

class UsageError extends Error {}

const EXPECTED_ERRORS = [
  FieldSpecError,
  ModuleNameError,
  ChangeSetConflictError,
  RegistryShapeError,
  GeneratorInputError,
  UsageError,
];

function finish(text: string, code: number): number {
  process.stdout.write(`${text}\n`);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const expected =
      EXPECTED_ERRORS.some((type) => error instanceof type) ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(
      `${expected && error instanceof Error ? error.message : String(error instanceof Error ? error.stack : error)}\nNothing was written.\n`,
    );
    process.exitCode = expected ? 1 : 3;
  },
);
