import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endpointGenerator } from '../../generators/endpoint.generator';
import { fieldGenerator } from '../../generators/field.generator';
import type { Generator, GeneratorArgument } from '../../generators/lib/generator';
import { moduleNames } from '../../generators/lib/names';
import {
  argumentsOf,
  checkAnswer,
  decidePrompt,
  givenValueProblems,
  inputFrom,
  parseConfirmation,
} from '../../generators/lib/prompts';
import { moduleGenerator } from '../../generators/module.generator';

// Rendering imports node-plop, an ES module Jest's loader cannot require; no validator renders.
jest.mock('../../generators/lib/templates', () => ({}));

/** The repository itself: articles, comments and topics exist, as the validators see them. */
const ROOT = join(__dirname, '..', '..');

function argument(generator: Generator, name: string): GeneratorArgument {
  const found = argumentsOf(generator).find((candidate) => candidate.name === name);
  if (!found) throw new Error(`${generator.name} has no ${name}`);
  return found;
}

function check(generator: Generator, name: string, value: string, answers: Record<string, string> = {}): true | string {
  return checkAnswer(generator, argument(generator, name), value, answers, ROOT);
}

describe('module prompts', () => {
  // Names no team is likely to generate: these run against this repository's src/modules, which
  // grows with every module a team adds (the documented examples, invoices and order-items, too).
  it('accepts a new kebab-case plural name', () => {
    expect(check(moduleGenerator, 'name', 'zebra-crossings')).toBe(true);
  });

  it('refuses another spelling with the rule and a suggestion that passes', () => {
    const message = check(moduleGenerator, 'name', 'ZebraCrossing');

    expect(message).toMatch(/kebab-case.*did you mean "zebra-crossings"/);
    expect(check(moduleGenerator, 'name', 'zebra-crossings')).toBe(true);
  });

  it.each([
    // constructors → class Constructor… would declare the reserved word "constructor".
    [
      'constructor',
      /plural; "constructors" would be refused too: "constructor" is a JavaScript\/TypeScript reserved word/,
    ],
    // the plural names a module that exists: the generator would refuse it.
    ['article', /plural; "articles" would be refused too: src\/modules\/articles already exists/],
  ])('never suggests a name it then refuses (%s)', (input, message) => {
    const verdict = check(moduleGenerator, 'name', input);

    expect(verdict).toMatch(message);
    expect(verdict).not.toMatch(/did you mean/);
  });

  it('refuses an existing module', () => {
    expect(check(moduleGenerator, 'name', 'articles')).toMatch(/src\/modules\/articles already exists/);
  });

  it('shows every problem of a field spec at once, with carets', () => {
    const message = check(moduleGenerator, 'fields', 'title:strin order:integr');

    expect(message).toMatch(/column 7, "strin": unknown type "strin"\n {2}hint: did you mean string\?/);
    expect(message).toMatch(/column 19, "integr": unknown type "integr"/);
    expect(message).toContain('                  ^^^^^^');
  });

  it('asks again for an empty required value', () => {
    expect(check(moduleGenerator, 'fields', '  ')).toMatch(/^fields is required/);
  });

  it('reports a bad name and a bad field spec given together', () => {
    const problems = givenValueProblems(moduleGenerator, { name: 'Invoice', fields: 'total:money' }, ROOT);

    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/did you mean "invoices"/);
    expect(problems[1]).toMatch(/unknown type "money"/);
  });
});

describe('field prompts', () => {
  it('suggests only a module that exists', () => {
    expect(check(fieldGenerator, 'module', 'Articles')).toMatch(/did you mean "articles"/);
    expect(check(fieldGenerator, 'module', 'invoice')).toMatch(/"invoices" would be refused too: there is no module/);
  });

  it('names the closest existing module and lists them', () => {
    expect(check(fieldGenerator, 'module', 'articels')).toMatch(
      /module "articels" does not exist .*did you mean "articles"\?\n {2}modules: .*articles/,
    );
  });

  it("checks the fields against the module's entity", () => {
    expect(check(fieldGenerator, 'fields', 'title:text?', { module: 'articles' })).toMatch(
      /field "title" already exists/,
    );
    expect(check(fieldGenerator, 'fields', 'subtitle:string(80)?', { module: 'articles' })).toBe(true);
  });

  it('checks only the grammar when the module was refused', () => {
    expect(check(fieldGenerator, 'fields', 'title:text?', { module: 'Articles' })).toBe(true);
  });
});

describe('endpoint prompts', () => {
  it('offers the HTTP methods as a list and checks a typed one', () => {
    expect(argument(endpointGenerator, 'method').choices).toEqual(['get', 'post', 'put', 'patch', 'delete']);
    expect(check(endpointGenerator, 'method', 'POST')).toBe(true);
    expect(check(endpointGenerator, 'method', 'fetch')).toMatch(/one of get, post, put, patch, delete/);
  });

  it('checks the path against the chosen method', () => {
    expect(check(endpointGenerator, 'path', '/:id/publish', { method: 'post' })).toBe(true);
    expect(check(endpointGenerator, 'path', 'stats', { method: 'get' })).toMatch(/must start with "\/"/);
  });

  it('suggests the derived method name', () => {
    const name = argument(endpointGenerator, 'name');

    expect(name.suggested?.({ method: 'get', path: '/stats' }, ROOT)).toBe('getStats');
    expect(check(endpointGenerator, 'name', 'get-stats')).toMatch(/camelCase identifier/);
  });

  it('asks for --body only on routes that change an entity, and --query only on collection GETs', () => {
    const body = argument(endpointGenerator, 'body');
    const query = argument(endpointGenerator, 'query');

    expect(body.applies?.({ method: 'post', path: '/:id/publish' })).toBe(true);
    expect(body.applies?.({ method: 'get', path: '/stats' })).toBe(false);
    expect(query.applies?.({ method: 'get', path: '/stats' })).toBe(true);
    expect(query.applies?.({ method: 'post', path: '/:id/publish' })).toBe(false);
  });

  it("checks --body against the route and the entity's columns", () => {
    const answers = { module: 'articles', method: 'post', path: '/:id/x' };

    expect(check(endpointGenerator, 'body', 'title:string(100)', answers)).toMatch(
      /the column articles.title is string\(200\): write `title:string` or `title:string\(200\)`/,
    );
    expect(check(endpointGenerator, 'body', 'title:string(200)', { ...answers, method: 'get' })).toMatch(
      /--body needs a POST, PUT or PATCH route/,
    );
    expect(check(endpointGenerator, 'body', '', answers)).toBe(true);
  });
});

describe(decidePrompt.name, () => {
  const name = argument(moduleGenerator, 'name');
  const fields = argument(moduleGenerator, 'fields');

  it('asks in a terminal', () => {
    expect(decidePrompt(moduleGenerator, fields, { name: 'invoices' }, true)).toEqual({ kind: 'ask' });
  });

  it('fails without a terminal, naming every required value still missing', () => {
    expect(decidePrompt(moduleGenerator, name, {}, false)).toEqual({
      kind: 'fail',
      message: 'missing name, fields (no terminal to ask in)',
    });
    expect(decidePrompt(moduleGenerator, fields, { name: 'invoices' }, false)).toEqual({
      kind: 'fail',
      message: 'missing fields (no terminal to ask in)',
    });
  });

  it('skips optional values without a terminal, and ones that do not apply', () => {
    const body = argument(endpointGenerator, 'body');

    expect(decidePrompt(endpointGenerator, body, { method: 'post', path: '/:id/x' }, false)).toEqual({ kind: 'skip' });
    expect(decidePrompt(endpointGenerator, body, { method: 'get', path: '/stats' }, true)).toEqual({ kind: 'skip' });
    expect(decidePrompt(endpointGenerator, body, { method: 'post', path: '/:id/x' }, true)).toEqual({ kind: 'ask' });
  });
});

describe(inputFrom.name, () => {
  it('trims values and treats empty answers as not given', () => {
    expect(
      inputFrom(endpointGenerator, { module: ' articles ', method: 'get', path: '/stats', name: '', yes: true }),
    ).toEqual({
      module: 'articles',
      method: 'get',
      path: '/stats',
      name: undefined,
      summary: undefined,
      body: undefined,
      query: undefined,
      public: undefined,
      roles: undefined,
    });
  });

  it("reads a flag plop's named bypass gives without a value (-- --public) as the CLI's 'true'", () => {
    expect(inputFrom(moduleGenerator, { name: 'notices', fields: 'title:text', public: true })).toEqual({
      name: 'notices',
      fields: 'title:text',
      public: 'true',
      roles: undefined,
    });
  });
});

describe(parseConfirmation.name, () => {
  it.each([
    ['y', true],
    ['YES', true],
    [true, true],
    ['n', false],
    ['false', false],
  ])('reads %p as %p', (value, expected) => {
    expect(parseConfirmation(value)).toBe(expected);
  });

  it('refuses anything else', () => {
    expect(() => parseConfirmation('maybe')).toThrow(/not a confirmation/);
  });
});

describe('suggestions in another repository', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'prompts-'));
    mkdirSync(join(root, 'src', 'modules', 'order-items'), { recursive: true });
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('offers the plural for a new module only while it is free', () => {
    expect(checkAnswer(moduleGenerator, argument(moduleGenerator, 'name'), 'invoice', {}, root)).toMatch(
      /did you mean "invoices"/,
    );
    expect(checkAnswer(moduleGenerator, argument(moduleGenerator, 'name'), 'OrderItem', {}, root)).toMatch(
      /"order-items" would be refused too: src\/modules\/order-items already exists/,
    );
    expect(moduleNames('order-items').kebabPlural).toBe('order-items');
  });
});
