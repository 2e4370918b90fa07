import { parseArgs } from 'node:util';
import nodePlop from 'node-plop';
import { ChangeSetConflictError } from './lib/change-set';
import { FieldSpecError } from './lib/field-spec';
import { ModuleNameError } from './lib/names';
import { RegistryShapeError } from './lib/registry';
import { moduleGenerator } from './module.generator';

const ROOT = process.cwd();
const generators = [moduleGenerator] as const;

const USAGE = `Usage: npm run gen -- <generator> [arguments] [--dry-run] [--help]

Generators:
${generators.map((generator) => `  ${generator.usage.padEnd(48)} ${generator.description}`).join('\n')}

Without arguments, asks for each missing value (only in an interactive terminal).
Field-spec grammar: docs/generators.md`;

/**
 * The one entry point: flags for every prompt, so CI runs it with no terminal; plop's prompts only
 * fill values that flags did not give. Exit codes: 0 done, 1 invalid input or conflict, 2 usage.
 */
async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      fields: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [generatorName, name] = positionals;
  const generator =
    generatorName === undefined ? await chooseGenerator() : generators.find((g) => g.name === generatorName);
  if (!generator) {
    write(`unknown generator "${generatorName ?? ''}"\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    write(`Usage: npm run gen -- ${generator.usage}\n\nGenerates ${generator.description}.\nSee docs/generators.md.`);
    return 0;
  }
  const answers = await askMissing(generator.prompts, { name, fields: values.fields });
  const { changes, next } = await generator.plan(ROOT, { name: answers.name ?? '', fields: answers.fields ?? '' });
  if (values['dry-run']) {
    write(`Dry run: nothing written. Would change:\n${changes.describe()}`);
    return 0;
  }
  await changes.commit();
  write(
    `${changes.files.map((file) => `${file.kind === 'create' ? 'created ' : 'modified'} ${file.path}`).join('\n')}\n\nNext: ${next}`,
  );
  return 0;
}

interface Prompt {
  readonly name: string;
  readonly message: string;
}

async function askMissing(
  prompts: readonly Prompt[],
  given: Readonly<Record<string, string | undefined>>,
): Promise<Record<string, string | undefined>> {
  const missing = prompts.filter((prompt) => given[prompt.name] === undefined);
  if (missing.length === 0) return { ...given };
  if (!process.stdin.isTTY) {
    throw new UsageError(`missing ${missing.map((prompt) => prompt.name).join(', ')} (no terminal to ask in)`);
  }
  const plop = await nodePlop();
  const questions = missing.map((prompt) => ({ type: 'input', name: prompt.name, message: prompt.message }));
  const answers = (await plop.setGenerator('ask', { prompts: questions, actions: [] }).runPrompts()) as Record<
    string,
    string
  >;
  return { ...given, ...answers };
}

async function chooseGenerator(): Promise<(typeof generators)[number] | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const plop = await nodePlop();
  const choices = generators.map((generator) => ({
    name: `${generator.name}: ${generator.description}`,
    value: generator.name,
  }));
  const menu = plop.setGenerator('menu', {
    prompts: [{ type: 'list', name: 'generator', message: 'Generate what?', choices }],
    actions: [],
  });
  const { generator } = (await menu.runPrompts()) as { generator: string };
  return generators.find((candidate) => candidate.name === generator);
}

class UsageError extends Error {}

const EXPECTED_ERRORS = [FieldSpecError, ModuleNameError, ChangeSetConflictError, RegistryShapeError, UsageError];

function write(text: string): void {
  process.stdout.write(`${text}\n`);
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
