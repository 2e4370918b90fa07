import type { NodePlopAPI } from 'node-plop';
import type { Generator, GeneratorInput } from './lib/generator';
import { destroyGenerator } from './destroy.generator';
import { endpointGenerator } from './endpoint.generator';
import { fieldGenerator } from './field.generator';
import { moduleGenerator } from './module.generator';
import { testGenerator } from './test.generator';

/** Every generator, in menu order. One file per generator; this list is the only place they meet. */
export const generators: readonly Generator[] = [
  moduleGenerator,
  fieldGenerator,
  endpointGenerator,
  testGenerator,
  destroyGenerator,
];

/**
 * Registers the generators with plop for the interactive menu and prompts. Values already given
 * as arguments are not asked again. Writing stays with the CLI (generators/cli.ts): plop's actions
 * write file by file, and a generator must write all or nothing.
 */
export default function plopfile(plop: NodePlopAPI, given: GeneratorInput = {}): void {
  for (const generator of generators) {
    const prompts = [...generator.positionals, ...generator.options]
      .filter((argument) => !argument.optional)
      .map((argument) => ({
        type: 'input',
        name: argument.name,
        message: argument.message,
        when: () => given[argument.name] === undefined,
        validate: (value: string) => value.trim() !== '' || `${argument.name} is required`,
      }));
    plop.setGenerator(generator.name, { description: generator.description, prompts, actions: [] });
  }
}
