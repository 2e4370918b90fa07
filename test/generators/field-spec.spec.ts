import {
  FieldSpecError,
  LIMITS,
  decimalPattern,
  parseFieldSpec,
  type SpecProblem,
} from '../../generators/lib/field-spec';
import { SQL_RESERVED_WORDS } from '../../generators/lib/reserved-words';

function problemsOf(spec: string, existing: readonly string[] = []): readonly SpecProblem[] {
  try {
    parseFieldSpec(spec, existing);
  } catch (error) {
    if (error instanceof FieldSpecError) return error.problems;
    throw error;
  }
  throw new Error(`expected "${spec}" to be rejected`);
}

function onlyProblem(spec: string, existing: readonly string[] = []): SpecProblem {
  const problems = problemsOf(spec, existing);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe(parseFieldSpec.name, () => {
  it('keeps enum values as written: snake_case words, joined by hyphens too', () => {
    const [field] = parseFieldSpec('carrier:enum(dhl-express,ups_ground,post-2-day)=dhl-express');

    expect(field).toMatchObject({
      type: 'enum',
      values: ['dhl-express', 'ups_ground', 'post-2-day'],
      default: { kind: 'string', value: 'dhl-express' },
    });
  });

  it('parses the documented example with every type and modifier', () => {
    const fields = parseFieldSpec(
      'title:string(200) price:decimal(10,2)? status:enum(draft,live)=draft sku:string:unique dueAt:date? ' +
        'tags:string[](40) meta:json? count:int(0..1000)=0 ownerId:uuid:index body:text publishedAt:datetime? ' +
        'active:boolean=true',
    );

    expect(fields).toEqual([
      {
        name: 'title',
        column: 'title',
        nullable: false,
        unique: false,
        indexed: false,
        type: 'string',
        maxLength: 200,
      },
      {
        name: 'price',
        column: 'price',
        nullable: true,
        unique: false,
        indexed: false,
        type: 'decimal',
        precision: 10,
        scale: 2,
      },
      {
        name: 'status',
        column: 'status',
        nullable: false,
        unique: false,
        indexed: false,
        type: 'enum',
        values: ['draft', 'live'],
        default: { kind: 'string', value: 'draft' },
      },
      { name: 'sku', column: 'sku', nullable: false, unique: true, indexed: false, type: 'string', maxLength: 255 },
      { name: 'dueAt', column: 'due_at', nullable: true, unique: false, indexed: false, type: 'date' },
      {
        name: 'tags',
        column: 'tags',
        nullable: false,
        unique: false,
        indexed: false,
        type: 'string[]',
        maxLength: 40,
        maxItems: 100,
      },
      { name: 'meta', column: 'meta', nullable: true, unique: false, indexed: false, type: 'json' },
      {
        name: 'count',
        column: 'count',
        nullable: false,
        unique: false,
        indexed: false,
        type: 'int',
        min: 0,
        max: 1000,
        default: { kind: 'number', value: 0 },
      },
      { name: 'ownerId', column: 'owner_id', nullable: false, unique: false, indexed: true, type: 'uuid' },
      { name: 'body', column: 'body', nullable: false, unique: false, indexed: false, type: 'text', maxLength: 10_000 },
      { name: 'publishedAt', column: 'published_at', nullable: true, unique: false, indexed: false, type: 'datetime' },
      {
        name: 'active',
        column: 'active',
        nullable: false,
        unique: false,
        indexed: false,
        type: 'boolean',
        default: { kind: 'boolean', value: true },
      },
    ]);
  });

  it('accepts the array suffix before or after the length', () => {
    const [before, after] = parseFieldSpec('a:string[](40) b:string(40)[]');

    expect(before).toMatchObject({ type: 'string[]', maxLength: 40 });
    expect(after).toMatchObject({ type: 'string[]', maxLength: 40 });
  });

  it('accepts quoted string defaults containing spaces', () => {
    const [field] = parseFieldSpec('greeting:string(40)="hello world"');

    expect(field?.default).toEqual({ kind: 'string', value: 'hello world' });
  });

  it('applies documented defaults when arguments are omitted', () => {
    const [text, decimal, int] = parseFieldSpec('a:text b:decimal c:int');

    expect(text).toMatchObject({ maxLength: LIMITS.defaultTextLength });
    expect(decimal).toMatchObject(LIMITS.defaultDecimal);
    expect(int).toMatchObject(LIMITS.int32);
  });

  it('accepts a datetime default of now and decimal defaults that fit', () => {
    const [createdOn, price] = parseFieldSpec('seenAt:datetime=now price:decimal(5,2)=-123.45');

    expect(createdOn?.default).toEqual({ kind: 'now' });
    expect(price?.default).toEqual({ kind: 'decimal', value: '-123.45' });
  });

  const rejections: [string, string, RegExp, RegExp?][] = [
    ['price:money', 'money', /unknown type "money"/, /did you mean decimal/],
    ['title:strng(20)', 'strng', /unknown type "strng"/, /did you mean string/],
    ['flag:bool', 'bool', /unknown type "bool"/, /did you mean boolean/],
    ['at:timestamp', 'timestamp', /unknown type/, /datetime/],
    ['n:int[]', 'int[]', /unknown type "int\[\]"/],
    ['title:string(0)', '(0)', /maximum length between 1 and/],
    ['title:string(abc)', '(abc)', /maximum length/],
    ['title:string(20000)', '(20000)', /maximum length/, /text/],
    ['count:int(10..1)', '(10..1)', /minimum 10 is greater than maximum 1/],
    ['count:int(0..99999999999)', '(0..99999999999)', /within/],
    ['count:int(5)', '(5)', /range min\.\.max/],
    ['price:decimal(10)', '(10)', /precision,scale/],
    ['price:decimal(2,5)', '(2,5)', /scale 5 exceeds precision 2/],
    ['price:decimal(99,2)', '(99,2)', /precision must be between/],
    ['status:enum', 'enum', /not a field definition|needs its values/],
    ['status:enum()', '()', /needs its values/],
    ['status:enum(Draft,live)', '(Draft,live)', /"Draft" is not allowed: a value starts with a lowercase letter/],
    ['status:enum(draft,dhl--express)', '(draft,dhl--express)', /"dhl--express" is not allowed/, /single hyphens/],
    ['status:enum(draft,express-)', '(draft,express-)', /"express-" is not allowed/],
    ['status:enum(draft,-express)', '(draft,-express)', /"-express" is not allowed/],
    ['status:enum(draft,dhl express)', '(draft,dhl express)', /"dhl express" is not allowed/],
    ['status:enum(draft,1st)', '(draft,1st)', /"1st" is not allowed/],
    ['status:enum(a,a)', '(a,a)', /listed twice/],
    ['flag:boolean(1)', '(1)', /takes no arguments/],
    ['sku:string:uniq', 'uniq', /unknown modifier "uniq"/, /did you mean unique/],
    ['sku:string:nullable', 'nullable', /unknown modifier/, /\?/],
    ['sku:string:unique:unique', 'unique', /repeated/],
    ['sku:string:unique:index', 'index', /only one of unique, index/],
    ['meta:json:index', 'index', /json fields cannot be indexed/],
    ['tags:string[]:unique', 'unique', /cannot be unique/],
    ['flag:boolean:unique', 'unique', /cannot be unique/],
    ['kind:enum(a,b):unique', 'unique', /cannot be unique/],
    ['status:enum(draft,live)=gone', 'gone', /not one of draft, live/],
    ['status:enum(draft,live)=drft', 'drft', /not one of/, /did you mean draft/],
    ['count:int=abc', 'abc', /not an integer/],
    ['count:int=1.5', '1.5', /not an integer/],
    ['count:int(0..10)=11', '11', /outside 0\.\.10/],
    ['price:decimal(4,2)=123.4', '123.4', /not a decimal\(4,2\)/],
    ['price:decimal(4,2)=1e3', '1e3', /not a decimal/],
    ['flag:boolean=yes', 'yes', /not true or false/],
    ['day:date=2026-02-30', '2026-02-30', /not a date/],
    ['at:datetime=2026-01-01', '2026-01-01', /only be now/],
    ['ref:uuid=abc', 'abc', /not a lowercase UUID/],
    ['meta:json={}', '{}', /cannot have a default/],
    ['tags:string[]=a', 'a', /cannot have a default/],
    ['code:string(3)=abcd', 'abcd', /longer than 3/],
    ['sku:string:unique=x', 'x', /unique field cannot have a default/],
    ['id:uuid', 'id', /generated for every entity/],
    ['createdAt:datetime', 'createdAt', /generated for every entity/],
    ['version:int', 'version', /generated for every entity/],
    ['constructor:string', 'constructor', /member of every JavaScript object/],
    ['toString:string', 'toString', /member of every JavaScript object/],
    ['id:uuid', 'id', /id, version, createdAt, updatedAt are reserved members/],
    ['due_at:date', 'due_at', /camelCase/, /use "dueAt"/],
    ['DueAt:date', 'DueAt', /camelCase/, /use "dueAt"/],
    [':string', '', /missing field name/],
    ['title', 'title', /not a field definition/, /title:string\(200\)/],
    ['title:string(20', 'title:string(20', /unclosed parenthesis/],
    ['title:string="abc', 'title:string="abc', /unterminated double quote/],
    [`${'a'.repeat(41)}:int`, 'a'.repeat(41), /longer than 40/],
  ];

  // Rows are padded to a fixed arity: Jest passes a `done` callback in place of missing arguments.
  it.each(rejections.map(([spec, token, message, hint]) => [spec, token, message, hint ?? null] as const))(
    'rejects %s',
    (spec, token, message, hint) => {
      const problem = onlyProblem(spec);

      expect(problem.token).toBe(token);
      expect(problem.message).toMatch(message);
      if (hint) expect(problem.hint).toMatch(hint);
    },
  );

  it('rejects an empty spec', () => {
    expect(onlyProblem('   ').message).toBe('no fields given');
  });

  it('rejects duplicate fields and fields that already exist', () => {
    expect(onlyProblem('title:string title:text').message).toBe('field "title" is declared twice');
    expect(onlyProblem('title:string', ['title']).message).toBe('field "title" already exists');
  });

  describe('on an existing table', () => {
    function existingTableProblem(spec: string): SpecProblem {
      try {
        parseFieldSpec(spec, [], 'existing');
      } catch (error) {
        if (error instanceof FieldSpecError && error.problems.length === 1) return error.problems[0]!;
        throw error;
      }
      throw new Error(`expected "${spec}" to be rejected`);
    }

    it('accepts fields existing rows can take: optional, defaulted, or a list', () => {
      const fields = parseFieldSpec('subtitle:string(80)? rank:int=0 labels:string[](20)', [], 'existing');

      expect(fields.map((field) => field.name)).toEqual(['subtitle', 'rank', 'labels']);
    });

    it('rejects a required field without a default, pointing at it and suggesting one', () => {
      const problem = existingTableProblem('subtitle:string(80)? rank:int(1..5)');

      expect(problem).toEqual({
        offset: 21,
        token: 'rank:int(1..5)',
        message: 'required field "rank" needs a default: existing rows must get a value',
        hint: 'add a default, e.g. rank:int(1..5)=1, or make it optional with ?',
      });
    });

    it('suggests ? for required unique and json fields, which cannot have a default', () => {
      expect(existingTableProblem('sku:string(40):unique').hint).toMatch(/add it optional with \?/);
      expect(existingTableProblem('meta:json').hint).toBe(
        'json fields cannot have a default; add it optional: meta:json?',
      );
    });
  });

  it('reports every problem of a spec at once, each at its column', () => {
    const spec = 'title:strin price:decimal(10,2)? status:enum(a,b)=c';
    const problems = problemsOf(spec);

    expect(problems.map((problem) => [problem.offset, problem.token])).toEqual([
      [6, 'strin'],
      [50, 'c'],
    ]);
  });

  it('renders a caret under the offending text', () => {
    const spec = 'title:string(200) price:decimal(2,5)';

    expect(() => parseFieldSpec(spec)).toThrow(
      [
        'column 32, "(2,5)": decimal scale 5 exceeds precision 2',
        '  hint: e.g. decimal(10,2): 10 digits in total, 2 after the point',
        `  ${spec}`,
        `  ${' '.repeat(31)}^^^^^`,
      ].join('\n'),
    );
  });
});

describe(decimalPattern.name, () => {
  it.each<[number, number, string, boolean]>([
    [10, 2, '12345678.12', true],
    [10, 2, '123456789.1', false],
    [10, 2, '-1', true],
    [10, 2, '1.123', false],
    [10, 2, '+1', false],
    [10, 2, '1.', false],
    [4, 4, '0.1234', true],
    [4, 4, '1.1', false],
    [5, 0, '12345', true],
    [5, 0, '1.0', false],
  ])('decimal(%i,%i) %s → %s', (precision, scale, value, valid) => {
    expect(decimalPattern(precision, scale).test(value)).toBe(valid);
  });
});

describe('SQL reserved words as field names', () => {
  // TypeORM quotes every identifier it writes and generated raw SQL quotes its own: a domain's
  // natural names (an invoice's `order`, a booking's `from`/`to`) are fields like any other.
  const words = [...SQL_RESERVED_WORDS].filter((word) => /^[a-z]+$/.test(word));

  it.each(words)('accepts %s', (word) => {
    expect(parseFieldSpec(`${word}:int`)).toEqual([expect.objectContaining({ name: word, column: word })]);
  });

  it.each(['case', 'default', 'class', 'new', 'delete', 'in'])('accepts the JavaScript keyword %s', (word) => {
    expect(parseFieldSpec(`${word}:int`)).toEqual([expect.objectContaining({ name: word })]);
  });

  it('accepts several at once, with modifiers', () => {
    const fields = parseFieldSpec('order:int:index from:date to:date? user:string(50):unique group:enum(a,b)');
    expect(fields.map((field) => field.name)).toEqual(['order', 'from', 'to', 'user', 'group']);
  });
});
