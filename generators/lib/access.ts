import { type ClassDeclaration, type MethodDeclaration, Node } from 'ts-morph';
import { type Role, ROLES } from '../../src/common/auth/roles';
import { type GeneratorArgument, type GeneratorInput, GeneratorInputError } from './generator';

/**
 * Who may call generated routes, from `--public` / `--roles`. Neither flag: any authenticated user
 * (the global AuthGuard requires a bearer token everywhere no `@Public()` says otherwise).
 */
export type Access =
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'public' }
  | { readonly kind: 'roles'; readonly roles: readonly [Role, ...Role[]] };

const YES = ['true', 'yes', 'y'];
const NO = ['false', 'no', 'n'];

/**
 * `--public` as the CLI gives it (`'true'`) or as a terminal answer (y/n; Enter: no). Anything
 * else is refused rather than read as "no": a typo must not leave a route protected by surprise.
 */
export function parsePublic(value: string | undefined): boolean {
  if (value === undefined || value.trim() === '') return false;
  const answer = value.trim().toLowerCase();
  if (YES.includes(answer)) return true;
  if (NO.includes(answer)) return false;
  throw new GeneratorInputError(`--public: "${value}" is not yes or no`);
}

/**
 * `--roles admin,user`: known roles (src/common/auth/roles.ts), each once. `admin` must be among
 * them: admin is a role like any other (the guard grants no implicit superuser), and the generated
 * tests exercise the routes as the test app's default admin.
 */
export function parseRoles(value: string): [Role, ...Role[]] {
  const names = value.split(',').map((name) => name.trim());
  const problems: string[] = [];
  if (names.some((name) => name === '')) problems.push('an empty role (write them as admin,user)');
  const unknown = [...new Set(names.filter((name) => name !== '' && !isRole(name)))];
  if (unknown.length > 0) {
    problems.push(`unknown role ${unknown.map((name) => `"${name}"`).join(', ')}; roles are ${ROLES.join(', ')}`);
  }
  const repeated = [...new Set(names.filter((name, index) => name !== '' && names.indexOf(name) !== index))];
  if (repeated.length > 0) problems.push(`${repeated.join(', ')} given more than once`);
  const roles = names.filter(isRole);
  if (problems.length === 0 && !roles.includes('admin')) {
    problems.push(
      'admin must be among them: admins get no implicit access, and the generated tests call the routes as an admin',
    );
  }
  const [first, ...rest] = [...new Set(roles)];
  if (problems.length > 0 || first === undefined) {
    throw new GeneratorInputError(`--roles "${value}": ${problems.join('; ')}`);
  }
  return [first, ...rest];
}

function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}

/** Both flags checked together: `--public` and `--roles` exclude each other. */
export function parseAccess(input: GeneratorInput): Access {
  const open = parsePublic(input.public);
  if (input.roles === undefined) return open ? { kind: 'public' } : { kind: 'authenticated' };
  if (open) throw new GeneratorInputError(EXCLUSIVE);
  return { kind: 'roles', roles: parseRoles(input.roles) };
}

const EXCLUSIVE =
  '--public and --roles exclude each other: --public lets anyone call without a token, --roles requires a token with one of the roles';

/**
 * The `--public` and `--roles` arguments of a generator: `what` names what they apply to ("the
 * module's routes"), `otherwise` who may call it without either.
 */
export function accessArguments(what: string, otherwise: string): GeneratorArgument[] {
  return [
    {
      name: 'public',
      message: `Public: anyone may call ${what}, without a token (y/N)`,
      optional: true,
      boolean: true,
      validate: (value) => void parsePublic(value),
    },
    {
      name: 'roles',
      message: `Roles that may call ${what}, comma-separated (${ROLES.join(',')}; Enter: ${otherwise})`,
      optional: true,
      // Asked only when the answer to --public left the routes protected.
      applies: (answers) => !isPublicAnswer(answers.public),
      validate: (value, { answers }) => {
        parseRoles(value);
        if (isPublicAnswer(answers.public)) throw new GeneratorInputError(EXCLUSIVE);
      },
    },
  ];
}

function isPublicAnswer(value: string | undefined): boolean {
  try {
    return parsePublic(value);
  } catch (error) {
    // A refused --public answer is reported on its own.
    if (error instanceof GeneratorInputError) return false;
    throw error;
  }
}

/** The class or method decorator that states the access rule: `Public()`, `Roles('admin')`, none by default. */
export function accessDecorator(
  access: Access,
): { readonly name: 'Public' | 'Roles'; readonly arguments: string[] } | undefined {
  if (access.kind === 'public') return { name: 'Public', arguments: [] };
  if (access.kind === 'roles') return { name: 'Roles', arguments: access.roles.map((role) => `'${role}'`) };
  return undefined;
}

/** The sentence a generated controller's doc comment states the rule with. */
export function accessSentence(access: Access): string {
  if (access.kind === 'public') return 'Public: anyone may call these routes, without a token.';
  if (access.kind === 'roles') {
    return `Only callers with the role ${access.roles.join(' or ')} may call these routes (403 AUTH_FORBIDDEN otherwise).`;
  }
  return 'Any authenticated user may call these routes (a bearer token, no particular role).';
}

/** What the generated templates read about access (controller decorator and the e2e access tests). */
export function accessTemplateData(access: Access): Record<string, unknown> {
  const decorator = accessDecorator(access);
  return {
    accessDecorator: decorator && `@${decorator.name}(${decorator.arguments.join(', ')})`,
    accessImport: decorator?.name,
    accessSentence: accessSentence(access),
    isPublic: access.kind === 'public',
    // A `user` token is refused only when the roles leave `user` out.
    forbidsUser: access.kind === 'roles' && !access.roles.includes('user'),
  };
}

/**
 * The rule a controller class states (`@Public()`, `@Roles('admin', …)`, neither), which a route
 * without flags of its own follows. Roles that are not plain literals of known roles (a constant,
 * a role added since) read as "a token is needed", all that can be known for sure.
 */
export function controllerAccess(controller: ClassDeclaration): Access {
  return declaredAccess(controller);
}

/**
 * Who may call an existing route, read as the guard reads it: the handler's `@Public()` /
 * `@Roles()` over the class's, and a `@Public()` class makes every route public (a combination
 * `routeAccess` refuses to generate, but a hand-written controller may have).
 */
export function effectiveRouteAccess(controller: ClassDeclaration, handler: MethodDeclaration): Access {
  const inherited = controllerAccess(controller);
  if (inherited.kind === 'public') return inherited;
  const own = declaredAccess(handler);
  return own.kind === 'authenticated' ? inherited : own;
}

function declaredAccess(declaration: ClassDeclaration | MethodDeclaration): Access {
  if (declaration.getDecorator('Public') !== undefined) return { kind: 'public' };
  const literals = declaration
    .getDecorator('Roles')
    ?.getArguments()
    .map((argument) => (Node.isStringLiteral(argument) ? argument.getLiteralValue() : ''));
  const [first, ...rest] = literals?.filter(isRole) ?? [];
  if (first === undefined || rest.length + 1 !== literals?.length) return { kind: 'authenticated' };
  return { kind: 'roles', roles: [first, ...rest] };
}

/**
 * A route's own flags over its controller's rule, as the guard reads them (handler first). A
 * `@Public()` controller wins over a handler's `@Roles()`: the guard never checks a role there.
 */
export function routeAccess(own: Access, inherited: Access, controllerPath: string): Access {
  if (own.kind === 'roles' && inherited.kind === 'public') {
    throw new GeneratorInputError(
      `--roles: ${controllerPath} is @Public(), so the guard would never check the route's roles; ` +
        'move @Public() from the class to the routes that stay public first',
    );
  }
  return own.kind === 'authenticated' ? inherited : own;
}
