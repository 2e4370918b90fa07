import { join } from 'node:path';
import type { ClassDeclaration } from 'ts-morph';
import { endpointGenerator } from '../../generators/endpoint.generator';
import {
  accessTemplateData,
  controllerAccess,
  effectiveRouteAccess,
  parseAccess,
  parsePublic,
  parseRoles,
  routeAccess,
} from '../../generators/lib/access';
import { GeneratorInputError } from '../../generators/lib/generator';
import { decoratedClass, parseSource } from '../../generators/lib/nest-source';
import { argumentsOf, decidePrompt, givenValueProblems } from '../../generators/lib/prompts';
import { moduleGenerator } from '../../generators/module.generator';

// Rendering imports node-plop, an ES module Jest's loader cannot require; no validator renders.
jest.mock('../../generators/lib/templates', () => ({}));

const ROOT = join(__dirname, '..', '..');

function controller(decorators: string): ClassDeclaration {
  const source = `${decorators}\n@Controller({ path: 'invoices', version: '1' })\nexport class InvoicesController {}\n`;
  return decoratedClass(parseSource('invoices.controller.ts', source), 'Controller');
}

describe('generator access flags', () => {
  describe('--public', () => {
    it.each([
      [undefined, false],
      ['', false],
      ['true', true],
      ['yes', true],
      ['Y', true],
      ['no', false],
      ['n', false],
      ['false', false],
    ])('reads %j as %j', (value, expected) => {
      expect(parsePublic(value)).toBe(expected);
    });

    it('refuses an answer that is neither yes nor no', () => {
      expect(() => parsePublic('maybe')).toThrow(new GeneratorInputError('--public: "maybe" is not yes or no'));
    });
  });

  describe('--roles', () => {
    it('reads a comma-separated list of known roles, spaces allowed', () => {
      expect(parseRoles('admin')).toEqual(['admin']);
      expect(parseRoles('admin, user')).toEqual(['admin', 'user']);
      expect(parseRoles('user,admin')).toEqual(['user', 'admin']);
    });

    it('refuses unknown, empty and repeated roles, every problem at once', () => {
      expect(() => parseRoles('admin,owner,,admin,owner')).toThrow(
        '--roles "admin,owner,,admin,owner": an empty role (write them as admin,user); ' +
          'unknown role "owner"; roles are admin, user; admin, owner given more than once',
      );
    });

    it('refuses a list without admin, saying why', () => {
      expect(() => parseRoles('user')).toThrow(
        /--roles "user": admin must be among them: admins get no implicit access/,
      );
    });
  });

  describe('both flags', () => {
    it('defaults to any authenticated user', () => {
      expect(parseAccess({})).toEqual({ kind: 'authenticated' });
      expect(parseAccess({ public: 'no' })).toEqual({ kind: 'authenticated' });
    });

    it('reads --public and --roles', () => {
      expect(parseAccess({ public: 'true' })).toEqual({ kind: 'public' });
      expect(parseAccess({ roles: 'admin,user' })).toEqual({ kind: 'roles', roles: ['admin', 'user'] });
    });

    it('refuses --public with --roles', () => {
      expect(() => parseAccess({ public: 'true', roles: 'admin' })).toThrow(/--public and --roles exclude each other/);
    });

    it('reports the conflict, and a bad role list, before anything is planned', () => {
      for (const generator of [moduleGenerator, endpointGenerator]) {
        expect(givenValueProblems(generator, { public: 'true', roles: 'admin' }, ROOT)).toEqual([
          expect.stringMatching(/--public and --roles exclude each other/),
        ]);
        expect(givenValueProblems(generator, { roles: 'guest' }, ROOT)).toEqual([
          expect.stringMatching(/unknown role "guest"/),
        ]);
      }
    });

    it('asks for roles in a terminal only when the routes are not public', () => {
      const roles = argumentsOf(moduleGenerator).find((argument) => argument.name === 'roles');
      if (roles === undefined) throw new Error('module has no roles argument');

      expect(decidePrompt(moduleGenerator, roles, { name: 'invoices', public: 'y' }, true)).toEqual({ kind: 'skip' });
      expect(decidePrompt(moduleGenerator, roles, { name: 'invoices', public: '' }, true)).toEqual({ kind: 'ask' });
      expect(decidePrompt(moduleGenerator, roles, { name: 'invoices' }, false)).toEqual({ kind: 'skip' });
    });
  });

  describe('a route in an existing controller', () => {
    it("reads the controller's own rule", () => {
      expect(controllerAccess(controller(''))).toEqual({ kind: 'authenticated' });
      expect(controllerAccess(controller('@Public()'))).toEqual({ kind: 'public' });
      expect(controllerAccess(controller("@Roles('admin', 'user')"))).toEqual({
        kind: 'roles',
        roles: ['admin', 'user'],
      });
    });

    it('reads roles it cannot resolve as "a token is needed"', () => {
      expect(controllerAccess(controller('@Roles(MANAGER)'))).toEqual({ kind: 'authenticated' });
      expect(controllerAccess(controller("@Roles('admin', 'auditor')"))).toEqual({ kind: 'authenticated' });
    });

    it('follows the controller without flags, its own flags otherwise, as the guard reads them', () => {
      const admins = { kind: 'roles', roles: ['admin'] } as const;

      expect(routeAccess({ kind: 'authenticated' }, admins, 'c.ts')).toEqual(admins);
      expect(routeAccess({ kind: 'public' }, admins, 'c.ts')).toEqual({ kind: 'public' });
      expect(routeAccess(admins, { kind: 'authenticated' }, 'c.ts')).toEqual(admins);
    });

    it('refuses --roles under a @Public() controller, whose routes the guard never checks', () => {
      expect(() => routeAccess({ kind: 'roles', roles: ['admin'] }, { kind: 'public' }, 'c.ts')).toThrow(
        /--roles: c.ts is @Public\(\), so the guard would never check the route's roles/,
      );
    });

    it.each([
      ['', '', { kind: 'authenticated' }],
      ["@Roles('admin')", '', { kind: 'roles', roles: ['admin'] }],
      ["@Roles('admin')", "@Roles('admin', 'user')", { kind: 'roles', roles: ['admin', 'user'] }],
      ["@Roles('admin')", '@Public()', { kind: 'public' }],
      ['@Public()', "@Roles('admin')", { kind: 'public' }],
    ])('reads a route of a %s controller marked %s as the guard does', (onClass, onHandler, expected) => {
      const source = `${onClass}\n@Controller('invoices')\nexport class InvoicesController {\n  ${onHandler}\n  @Get()\n  list() {}\n}\n`;
      const declaration = decoratedClass(parseSource('invoices.controller.ts', source), 'Controller');

      expect(effectiveRouteAccess(declaration, declaration.getMethodOrThrow('list'))).toEqual(expected);
    });
  });

  it('gives the templates the decorator, its import and what the generated tests check', () => {
    expect(accessTemplateData({ kind: 'roles', roles: ['admin'] })).toMatchObject({
      accessDecorator: "@Roles('admin')",
      accessImport: 'Roles',
      isPublic: false,
      forbidsUser: true,
    });
    expect(accessTemplateData({ kind: 'roles', roles: ['admin', 'user'] })).toMatchObject({ forbidsUser: false });
    expect(accessTemplateData({ kind: 'public' })).toMatchObject({
      accessDecorator: '@Public()',
      accessImport: 'Public',
      isPublic: true,
    });
    const authenticated = accessTemplateData({ kind: 'authenticated' });
    expect(authenticated).toMatchObject({ accessDecorator: undefined, accessImport: undefined, isPublic: false });
    expect(authenticated.accessSentence).toMatch(/^Any authenticated user may call these routes/);
  });
});
