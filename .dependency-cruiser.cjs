// @ts-check
// Architecture rules, enforced by `npm run lint` (see docs/architecture.md for the picture).
// test/delivery/architecture-rules.spec.ts proves every rule fires on a violating fixture.

/** Entry points started by node or a CLI rather than imported: never orphans. */
const ENTRY_POINTS = [
  '^src/main\\.ts$',
  '^src/migrate\\.ts$',
  // A module's commands (`npm run user:create`), run by node like main and migrate.
  '^src/modules/[^/]+/[^/]+\\.cli\\.ts$',
  '^src/core/database/data-source\\.ts$',
  '^src/migrations/',
  '\\.(spec|e2e-spec)\\.ts$',
  '\\.d\\.ts$',
];

const CONTROLLER = '\\.controller\\.ts$';
const SERVICE = '\\.service\\.ts$';
const REPOSITORY = '\\.repository\\.ts$';
const ENTITY = '\\.entity\\.ts$';
const DTO = '(/dto/|\\.dto\\.ts$)';
const SPEC = '\\.(spec|e2e-spec)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Cycles make module initialisation order fragile and hide the real layering.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A file nothing imports is dead code (entry points and migrations excepted).',
      from: { orphan: true, path: '^src/', pathNot: ENTRY_POINTS },
      to: {},
    },
    {
      name: 'src-not-to-test-or-scripts',
      severity: 'error',
      comment: 'Production code never loads test helpers or dev scripts (they are not in the image); specs may.',
      from: { path: '^src/', pathNot: SPEC },
      to: { path: '^(test|scripts|generators|templates)/' },
    },
    {
      name: 'src-not-to-dev-dependencies',
      severity: 'error',
      comment: 'The image installs production dependencies only; src (tests aside) may not need a devDependency.',
      from: { path: '^src/', pathNot: SPEC },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve fails at runtime.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'core-not-to-modules',
      severity: 'error',
      comment:
        'core/, common/ and config/ are shared infrastructure; feature modules depend on them, never the reverse.',
      from: { path: '^src/(core|common|config)/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'modules-only-through-registry',
      severity: 'error',
      comment:
        'Files at the top of src (app.module, main) import feature modules only through the registry src/modules/index.ts.',
      from: { path: '^src/[^/]+\\.ts$', pathNot: SPEC },
      to: { path: '^src/modules/[^/]+/' },
    },
    {
      name: 'modules-through-index',
      severity: 'error',
      comment: "A feature module reaches another only through that module's index.ts, its public surface.",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'controller-not-to-data-layer',
      severity: 'error',
      comment: 'Controllers talk to services and DTOs; repositories and entities stay behind the service.',
      from: { path: CONTROLLER },
      to: { path: [REPOSITORY, ENTITY] },
    },
    {
      name: 'service-not-to-controller',
      severity: 'error',
      comment: 'Dependencies point down the layers: controller → service → repository → entity.',
      from: { path: SERVICE },
      to: { path: CONTROLLER },
    },
    {
      name: 'repository-not-upwards',
      severity: 'error',
      comment:
        'Repositories know entities, never the layers that call them; naming a DTO type (e.g. a sort-field union) is allowed.',
      from: { path: REPOSITORY },
      to: { path: [CONTROLLER, SERVICE, DTO], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'entity-not-upwards',
      severity: 'error',
      comment: 'Entities are the bottom layer: they import no controller, service, repository or DTO.',
      from: { path: ENTITY },
      to: { path: [CONTROLLER, SERVICE, REPOSITORY, DTO] },
    },
    {
      name: 'dto-not-to-logic',
      severity: 'error',
      comment: 'DTOs describe the HTTP contract; they must not pull in services or the data layer.',
      from: { path: DTO },
      to: { path: [CONTROLLER, SERVICE, REPOSITORY] },
    },
    {
      name: 'typeorm-only-in-data-layer',
      severity: 'error',
      comment: 'In feature modules only repositories and entities use TypeORM; module files may register them.',
      from: { path: '^src/modules/', pathNot: [REPOSITORY, ENTITY, '\\.module\\.ts$', SPEC] },
      to: { path: '(^|/)node_modules/(typeorm|@nestjs/typeorm)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-not-to-http-platform',
      severity: 'error',
      comment: 'Services, repositories and entities stay HTTP-agnostic: no Fastify types or adapters.',
      from: { path: [SERVICE, REPOSITORY, ENTITY] },
      to: { path: '(^|/)node_modules/(fastify|@fastify/[^/]+|@nestjs/platform-fastify)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|\\.tmp|\\.data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
