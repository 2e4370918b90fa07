import type { ChangeSet } from './change-set';

/** A value a generator needs: a positional argument or a `--flag`, and the prompt that asks for it. */
export interface GeneratorArgument {
  /** Key in the input; also the flag name (`--fields`) for options. */
  readonly name: string;
  /** Prompt text when the value is missing and a terminal can ask. */
  readonly message: string;
  /** Optional values are asked in a terminal (Enter skips: the generator picks its default), never required. */
  readonly optional?: boolean;
  /** The values a terminal offers as a list to pick from (a given value is still checked by `validate`). */
  readonly choices?: readonly string[];
  /**
   * Checks one value as soon as it is given or typed, with the values before it in `answers`, by
   * throwing the generator's own input error with every problem of that value. The same checks run
   * again in `plan`; these only move them to the moment the value is entered.
   */
  readonly validate?: (value: string, context: ArgumentContext) => void;
  /** A flag without a value (`--force`); the input holds `'true'` when it is given. */
  readonly boolean?: boolean;
  /** For optional values: whether asking makes sense after the earlier answers (a given value is still validated). */
  readonly applies?: (answers: GeneratorInput) => boolean;
  /** The value Enter accepts in a terminal, computed from the earlier answers. */
  readonly suggested?: (answers: GeneratorInput, root: string) => string | undefined;
}

export interface ArgumentContext {
  readonly root: string;
  /** The values given or answered before this one (not yet validated as a whole). */
  readonly answers: GeneratorInput;
}

export type GeneratorInput = Readonly<Record<string, string | undefined>>;

export interface GeneratorPlan {
  readonly changes: ChangeSet;
  /** The command the developer should run next, printed after a successful run. */
  readonly next: string;
  /**
   * Why the plan must not be written as it is (e.g. destroy would delete hand-written files
   * without --force): a dry run prints the plan and this note; a real run refuses with it (exit 1).
   */
  readonly blocked?: string;
}

/**
 * One generator: declares its arguments (so the CLI can parse flags, print help and prompt) and
 * plans its whole change set in memory. It never writes; the CLI commits or prints the plan.
 */
export interface Generator {
  readonly name: string;
  readonly description: string;
  readonly positionals: readonly GeneratorArgument[];
  readonly options: readonly GeneratorArgument[];
  readonly examples: readonly string[];
  plan(root: string, input: GeneratorInput): Promise<GeneratorPlan>;
}

/** Input that is wrong in a way the user can fix: exit 1 with the message, nothing written. */
export class GeneratorInputError extends Error {}

export function requireInput(input: GeneratorInput, name: string): string {
  const value = input[name];
  if (value === undefined || value.trim() === '') throw new GeneratorInputError(`missing ${name}`);
  return value;
}

/**
 * What to run after generating, for the "Next:" line: the generated files' own tests first (they
 * answer in seconds), then the checks and the whole suite; `also` adds a note (a migration to apply).
 */
export function nextSteps(tests: readonly string[], also?: string): string {
  const steps = `npx jest ${tests.join(' ')}, then npm run lint && npm run typecheck && npm test`;
  return also === undefined ? steps : `${steps}; ${also}`;
}

export function usageLine(generator: Generator): string {
  const positionals = generator.positionals.map((arg) => (arg.optional ? `[${arg.name}]` : `<${arg.name}>`));
  const options = generator.options.map((arg) =>
    arg.boolean ? `[--${arg.name}]` : arg.optional ? `[--${arg.name} <value>]` : `--${arg.name} "<value>"`,
  );
  return [generator.name, ...positionals, ...options, '[--dry-run]'].join(' ');
}
