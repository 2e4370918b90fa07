/**
 * Just enough of the Dockerfile grammar to check and replay this project's Dockerfile without a
 * Docker engine: line continuations, comments, ARG defaults in FROM, `--flag=value` options and
 * JSON exec form. Unknown syntax is kept verbatim so assertions see it rather than a guess.
 */
export interface Instruction {
  readonly keyword: string;
  readonly flags: Readonly<Record<string, string>>;
  /** The text after the keyword and its flags. */
  readonly argument: string;
}

export interface Stage {
  readonly name: string;
  /** Image reference or the name of an earlier stage, with ARG defaults substituted. */
  readonly base: string;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  readonly stages: readonly Stage[];
}

const FLAG = /^--([a-z-]+)=(\S+)\s*/;

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs = new Map<string, string>();
  const stages: { name: string; base: string; instructions: Instruction[] }[] = [];

  for (const line of logicalLines(text)) {
    const instruction = parseInstruction(line);
    if (instruction.keyword === 'ARG' && stages.length === 0) {
      const [name = '', value = ''] = instruction.argument.split('=', 2);
      globalArgs.set(name, value);
    } else if (instruction.keyword === 'FROM') {
      const [image = '', , alias] = instruction.argument.split(/\s+/);
      const base = image.replace(/\$\{(\w+)\}|\$(\w+)/g, (_match, braced?: string, bare?: string) => {
        const name = braced ?? bare ?? '';
        return globalArgs.get(name) ?? '';
      });
      stages.push({ name: alias ?? String(stages.length), base, instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${instruction.keyword} before the first FROM`);
      stage.instructions.push(instruction);
    }
  }
  return { stages };
}

export function stageNamed(dockerfile: Dockerfile, name: string): Stage {
  const stage = dockerfile.stages.find((candidate) => candidate.name === name);
  if (!stage) throw new Error(`Dockerfile has no stage named ${name}`);
  return stage;
}

export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

/** `["node", "dist/main.js"]` → the argv array; shell form → undefined. */
export function execForm(argument: string): string[] | undefined {
  if (!argument.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(argument);
  return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
}

/** `KEY=value KEY2=value2` (the only ENV form used here) → a record. */
export function environmentOf(stage: Stage): Record<string, string> {
  const entries = instructionsOf(stage, 'ENV').flatMap((instruction) =>
    instruction.argument.split(/\s+/).map((pair) => pair.split('=', 2) as [string, string]),
  );
  return Object.fromEntries(entries);
}

function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    lines.push((pending + line).trim());
    pending = '';
  }
  return lines.filter((line) => line.length > 0);
}

function parseInstruction(line: string): Instruction {
  const [keyword = ''] = line.split(/\s+/);
  let argument = line.slice(keyword.length).trim();
  const flags: Record<string, string> = {};
  for (let match = FLAG.exec(argument); match; match = FLAG.exec(argument)) {
    const [whole, name = '', value = ''] = match;
    flags[name] = value;
    argument = argument.slice(whole.length);
  }
  return { keyword: keyword.toUpperCase(), flags, argument };
}

/**
 * The packages a RUN installs with `apt-get install` (options left out); empty for any other RUN.
 * Commands are split at `&&` and `;`, which is all this project's Dockerfile chains them with.
 */
export function aptPackagesOf(instruction: Instruction): string[] {
  if (instruction.keyword !== 'RUN') return [];
  return instruction.argument
    .split(/&&|;/)
    .map((command) => command.trim().split(/\s+/))
    .filter(([program, subcommand]) => program === 'apt-get' && subcommand === 'install')
    .flatMap((words) => words.slice(2).filter((word) => !word.startsWith('-')));
}
