import type { NodePlopAPI } from 'node-plop';
import { isExpectedError } from './expected-errors';
import { type Generator, GeneratorInputError, type GeneratorPlan } from './generator';
import { type Answers, CONFIRM, inputFrom } from './prompts';

/** The plop action type every generator's only action uses: plan the whole change set, then write it all or nothing. */
export const CHANGE_SET_ACTION = 'change-set';

/**
 * One plan per run (answers object): the confirmation shows the plan it then writes, and a plan is
 * seconds of work (rendering, Prettier, a migration diffed on a scratch database).
 */
const plans = new WeakMap<Answers, Promise<GeneratorPlan>>();

export function planOnce(generator: Generator, root: string, answers: Answers): Promise<GeneratorPlan> {
  let plan = plans.get(answers);
  if (plan === undefined) {
    plan = generator.plan(root, inputFrom(generator, answers));
    plans.set(answers, plan);
  }
  return plan;
}

/** What a successful run prints, the same lines for both entry points. */
export function writtenReport(plan: GeneratorPlan): string {
  const done = { create: 'created ', modify: 'modified', delete: 'deleted ' } as const;
  const written = plan.changes.files.map((file) => `${done[file.kind]} ${file.path}`);
  return `${written.join('\n')}\n\nNext: ${plan.next}`;
}

export const CANCELLED = 'Cancelled: nothing was written.';

/**
 * Registers the action type plop runs after the prompts. It goes through the generator's plan and
 * the change set exactly like `npm run gen`: invalid input fails the action (plop then exits 1)
 * with the same message; an unexpected failure exits 3 as `npm run gen` does.
 */
export function registerChangeSetAction(plop: NodePlopAPI, generators: readonly Generator[], root: string): void {
  plop.setActionType(CHANGE_SET_ACTION, async (answers, config) => {
    const name = (config as { generator?: string }).generator;
    const generator = generators.find((candidate) => candidate.name === name);
    if (generator === undefined) throw new Error(`no generator "${String(name)}" for the ${CHANGE_SET_ACTION} action`);
    if (answers[CONFIRM] === false) return CANCELLED;
    try {
      const plan = await planOnce(generator, root, answers);
      if (plan.blocked !== undefined) throw new GeneratorInputError(plan.blocked);
      await plan.changes.commit();
      return `\n${writtenReport(plan)}`;
    } catch (error) {
      if (isExpectedError(error)) throw new Error(`${error.message}\nNothing was written.`, { cause: error });
      // plop ends a run with a failed action with process.exit(1); this listener runs inside that
      // exit and sets the code it finishes with, so a bug is told apart from invalid input.
      process.once('exit', () => {
        process.exitCode = 3;
      });
      throw new Error(`${String(error instanceof Error ? error.stack : error)}\nNothing was written.`, {
        cause: error,
      });
    }
  });
}
