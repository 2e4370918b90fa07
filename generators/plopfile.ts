import type { CustomActionConfig, NodePlopAPI } from 'node-plop';
import { destroyGenerator } from './destroy.generator';
import { endpointGenerator } from './endpoint.generator';
import { fieldGenerator } from './field.generator';
import { initGenerator } from './init.generator';
import { CHANGE_SET_ACTION, planOnce, registerChangeSetAction } from './lib/change-set-action';
import type { Generator } from './lib/generator';
import { generatorQuestions, registerPromptTypes } from './lib/prompts';
import { moduleGenerator } from './module.generator';
import { testGenerator } from './test.generator';

/** Every generator, in menu order. One file per generator; this list is the only place they meet. */
export const generators: readonly Generator[] = [
  moduleGenerator,
  fieldGenerator,
  endpointGenerator,
  testGenerator,
  destroyGenerator,
  initGenerator,
];

export const MENU_MESSAGE = 'Generate what?';

export interface PlopfileOptions {
  /** The repository the generators read and write; the root plopfile passes its own folder. */
  readonly root?: string;
}

/**
 * Registers the generators with plop: `npx plop` (through the root plopfile.cjs) and `npm run gen`
 * (generators/cli.ts) both use these prompts and this one action. Each generator's only action is
 * the change-set action: the whole change set is planned in memory, then written all or nothing,
 * which plop's file-by-file `add`/`modify` actions cannot do.
 */
export default function plopfile(plop: NodePlopAPI, options: PlopfileOptions = {}): void {
  const root = options.root ?? process.cwd();
  plop.setWelcomeMessage(MENU_MESSAGE);
  registerPromptTypes(plop);
  registerChangeSetAction(plop, generators, root);
  for (const generator of generators) {
    const action: CustomActionConfig<typeof CHANGE_SET_ACTION> = { type: CHANGE_SET_ACTION, generator: generator.name };
    plop.setGenerator(generator.name, {
      description: generator.description,
      prompts: generatorQuestions(generator, root, (answers) => planOnce(generator, root, answers)),
      actions: [action],
    });
  }
}
