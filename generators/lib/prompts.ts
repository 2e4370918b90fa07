import type { NodePlopAPI } from 'node-plop';
import type { ChangeSet } from './change-set';
import { isExpectedError, UsageError } from './expected-errors';
import type { Generator, GeneratorArgument, GeneratorInput, GeneratorPlan } from './generator';

/**
 * The interactive side of the generators, shared by `npm run gen` and `npx plop`: one question per
 * argument (each checked when entered, with every problem of that answer at once), then a summary
 * of the change set and a confirmation. Questions never use inquirer's `when` functions: plop
 * refuses to bypass a conditional prompt from the command line (plop#226), so the prompt types
 * registered here decide themselves whether to ask, skip or fail.
 */

/** Answers as inquirer and plop hold them: strings typed or given, the confirmation a boolean. */
export type Answers = Record<string, unknown>;

/** Name of the confirmation question; `--yes` (plop: `-- --yes`, or one more positional `y`) answers it. */
export const CONFIRM = 'yes';

const INPUT_TYPE = 'generator-input';
const LIST_TYPE = 'generator-list';
const CONFIRM_TYPE = 'generator-confirm';
/** Where a question carries what its prompt type needs (inquirer keeps unknown question properties in `opt`). */
const CONTEXT = 'generatorContext';

interface ValueContext {
  readonly generator: Generator;
  readonly argument: GeneratorArgument;
}

interface ConfirmContext {
  readonly plan: (answers: Answers) => Promise<GeneratorPlan>;
}

export function argumentsOf(generator: Generator): readonly GeneratorArgument[] {
  return [...generator.positionals, ...generator.options];
}

/** Answers → generator input: values trimmed; an empty answer means "not given" (an optional value's default). */
export function inputFrom(generator: Generator, answers: Answers): GeneratorInput {
  const input: Record<string, string | undefined> = {};
  for (const argument of argumentsOf(generator)) {
    const text = answerText(answers[argument.name]);
    input[argument.name] = text === '' ? undefined : text;
  }
  return input;
}

/**
 * An answer as text: typed and positional values are strings; plop's named bypass gives a flag
 * without a value (`npx plop module -- --public`) as `true`, which reads as the CLI's `'true'`.
 */
function answerText(value: unknown): string {
  if (value === true) return 'true';
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * inquirer's contract for `validate`: true, or the message to show under the answer. Input errors
 * become that message (every problem of the value, with carets for field specs); bugs still throw.
 */
export function checkAnswer(
  generator: Generator,
  argument: GeneratorArgument,
  value: unknown,
  answers: Answers,
  root: string,
): true | string {
  const text = answerText(value);
  if (text === '') return argument.optional === true ? true : `${argument.name} is required: ${argument.message}`;
  if (argument.validate === undefined) return true;
  try {
    argument.validate(text, { root, answers: inputFrom(generator, answers) });
    return true;
  } catch (error) {
    if (isExpectedError(error)) return error.message;
    throw error;
  }
}

/**
 * Checks every value given on the command line before anything is asked or planned, so one run
 * reports a bad name and a bad field spec together instead of the first alone.
 */
export function givenValueProblems(generator: Generator, given: GeneratorInput, root: string): string[] {
  return argumentsOf(generator).flatMap((argument) => {
    const value = given[argument.name];
    if (value === undefined) return [];
    const verdict = checkAnswer(generator, argument, value, given, root);
    return verdict === true ? [] : [verdict];
  });
}

export type PromptDecision =
  { readonly kind: 'ask' } | { readonly kind: 'skip' } | { readonly kind: 'fail'; readonly message: string };

/**
 * What a value's prompt does when it is reached (it was not given): ask in a terminal; skip an
 * optional value that does not apply after the earlier answers or that no terminal can ask for;
 * fail for a required value without a terminal, naming every required value still missing.
 */
export function decidePrompt(
  generator: Generator,
  argument: GeneratorArgument,
  answers: Answers,
  interactive: boolean,
): PromptDecision {
  const input = inputFrom(generator, answers);
  if (argument.optional === true) {
    return interactive && (argument.applies?.(input) ?? true) ? { kind: 'ask' } : { kind: 'skip' };
  }
  if (interactive) return { kind: 'ask' };
  const missing = argumentsOf(generator)
    .filter((candidate) => candidate.optional !== true && input[candidate.name] === undefined)
    .map((candidate) => candidate.name);
  return { kind: 'fail', message: `missing ${missing.join(', ')} (no terminal to ask in)` };
}

/** plop's bypass values for a confirmation, as its built-in confirm prompt reads them. */
export function parseConfirmation(value: unknown): boolean {
  const text = String(value).toLowerCase();
  if (['yes', 'y', 'true', 't'].includes(text)) return true;
  if (['no', 'n', 'false', 'f'].includes(text)) return false;
  throw new UsageError(`"${String(value)}" is not a confirmation: yes or no`);
}

/** The questions of one generator: its arguments in declaration order (plop's positional order), then the confirmation. */
export function generatorQuestions(
  generator: Generator,
  root: string,
  plan: (answers: Answers) => Promise<GeneratorPlan>,
): Record<string, unknown>[] {
  const values = argumentsOf(generator).map((argument) => {
    const context: ValueContext = { generator, argument };
    return {
      type: argument.choices ? LIST_TYPE : INPUT_TYPE,
      name: argument.name,
      message: argument.optional === true ? `${argument.message} (optional, Enter skips)` : argument.message,
      ...(argument.choices ? { choices: [...argument.choices] } : {}),
      default: (answers: Answers) => suggestion(generator, argument, answers, root),
      filter: (value: unknown) => (typeof value === 'string' ? value.trim() : value),
      validate: (value: unknown, answers: Answers) => checkAnswer(generator, argument, value, answers, root),
      [CONTEXT]: context,
    };
  });
  const confirm: ConfirmContext = { plan };
  return [
    ...values,
    {
      type: CONFIRM_TYPE,
      name: CONFIRM,
      message: 'Write these files?',
      default: true,
      bypass: parseConfirmation,
      [CONTEXT]: confirm,
    },
  ];
}

function suggestion(
  generator: Generator,
  argument: GeneratorArgument,
  answers: Answers,
  root: string,
): string | undefined {
  try {
    return argument.suggested?.(inputFrom(generator, answers), root);
  } catch (error) {
    // A default is a convenience: when the earlier answers cannot produce one, ask without it.
    if (isExpectedError(error)) return undefined;
    throw error;
  }
}

/** `create …`/`modify …`/`delete …` per file, what the confirmation is about. */
export function summarize(changes: ChangeSet): string {
  const lines = changes.files.map((file) => `  ${file.kind} ${file.path}`);
  return `Will change ${changes.files.length} files (nothing is written before you confirm):\n${lines.join('\n')}`;
}

function isInteractive(): boolean {
  return process.stdin.isTTY;
}

/** Runs (answers objects) in which a question was actually asked: only those end with a confirmation. */
const interactiveRuns = new WeakSet<Answers>();

/** inquirer's prompt classes, as far as these prompt types use them. */
interface PromptLike {
  readonly opt: Readonly<Record<string, unknown>>;
  readonly answers: Answers;
  run(): Promise<unknown>;
}
type PromptClass = new (question: Record<string, unknown>, readLine: unknown, answers: Answers) => PromptLike;

/** Registers the three prompt types the questions use, built on inquirer's input, list and confirm. */
export function registerPromptTypes(plop: NodePlopAPI): void {
  // node-plop passes inquirer 9 through (`plop.inquirer`), with its registry of prompt classes;
  // its typings declare neither.
  const builtIn = (plop as unknown as { inquirer: { prompt: { prompts: Record<string, PromptClass | undefined> } } })
    .inquirer.prompt.prompts;
  const base = (name: string): PromptClass => {
    const prompt = builtIn[name];
    if (prompt === undefined) throw new Error(`inquirer has no "${name}" prompt`);
    return prompt;
  };
  const register = (name: string, prompt: PromptClass): void => {
    plop.setPrompt(name, prompt as unknown as Parameters<NodePlopAPI['setPrompt']>[1]);
  };
  register(INPUT_TYPE, valuePrompt(base('input')));
  register(LIST_TYPE, valuePrompt(base('list')));
  register(CONFIRM_TYPE, confirmPrompt(base('confirm')));
}

function valuePrompt(Base: PromptClass): PromptClass {
  return class GeneratorValuePrompt extends Base {
    override run(): Promise<unknown> {
      const { generator, argument } = this.opt[CONTEXT] as ValueContext;
      const decision = decidePrompt(generator, argument, this.answers, isInteractive());
      if (decision.kind === 'skip') return Promise.resolve('');
      if (decision.kind === 'fail') return Promise.reject(new UsageError(decision.message));
      interactiveRuns.add(this.answers);
      return super.run();
    }
  };
}

function confirmPrompt(Base: PromptClass): PromptClass {
  return class GeneratorConfirmPrompt extends Base {
    override async run(): Promise<unknown> {
      // A command line that gave every value is a script's or a deliberate run: no question.
      if (!interactiveRuns.has(this.answers) || !isInteractive()) return true;
      const { plan } = this.opt[CONTEXT] as ConfirmContext;
      process.stdout.write('Working out the changes (rendering, formatting, migration)…\n');
      const { changes } = await plan(this.answers);
      process.stdout.write(`${summarize(changes)}\n`);
      return super.run();
    }
  };
}
