import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CONFIG_DIRECTORY = join(__dirname, '..', '..', '..', 'src', 'config');
const ENVIRONMENT_CLASS = /export class \w+Environment \{([\s\S]*?)\n\}/g;
const PROPERTY = /^\s+([A-Z][A-Z0-9_]*)[!?]?\s*[:=]/gm;

/**
 * Every environment variable the service reads: the properties of the `*Environment` classes in
 * src/config, read from source so a namespace added later is covered without touching this file.
 */
export function configVariables(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(CONFIG_DIRECTORY).filter((name) => name.endsWith('.config.ts'))) {
    const source = readFileSync(join(CONFIG_DIRECTORY, file), 'utf8');
    for (const [, body = ''] of source.matchAll(ENVIRONMENT_CLASS)) {
      for (const [, name = ''] of body.matchAll(PROPERTY)) names.add(name);
    }
  }
  return names;
}
