import {
  controllerPrefix,
  controllerRoutes,
  decoratedClass,
  ensureNamedImport,
  parseSource,
  routeBase,
} from '../../generators/lib/nest-source';
import { importsFor, providerDependencies, publicMethods } from '../../generators/lib/provider-dependencies';

const CONTROLLER = `
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { IdParamsDto } from '../../common/dto';
import { CreateThingDto } from './dto/create-thing.dto';
import { ListThingsQueryDto } from './dto/list-things-query.dto';

const THINGS_PATH = 'things';

@Controller({ path: THINGS_PATH, version: '2' })
export class ThingsController {
  @Post()
  create(@Body() dto: CreateThingDto) {}

  @Get()
  list(@Query() query: ListThingsQueryDto) {}

  @Get('/:id/')
  get(@Param() params: IdParamsDto) {}

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@Param() params: IdParamsDto) {}

  helper() {}
}
`;

const PROVIDER = `
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import type { ThingEntity } from './thing.entity';
import { ThingsRepository } from './things.repository';
import { Clock, CLOCK } from './clock';

export interface Settings { readonly size: number }

@Injectable()
export class ThingsService {
  constructor(
    private readonly things: ThingsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    redis: Redis,
  ) {
    redis.on('error', () => undefined);
  }

  find(): Promise<ThingEntity | null> {
    this.clock.now();
    return this.things.findOneBy({ id: 'x' });
  }

  private internal(): void {
    void this.things.count();
  }

  protected guarded(): void {}
}
`;

describe('controller reading', () => {
  const controller = decoratedClass(parseSource('things.controller.ts', CONTROLLER), 'Controller');

  it('reads every route with its status and argument types', () => {
    expect(controllerRoutes(controller)).toEqual([
      { handler: 'create', method: 'POST', path: '', status: 201, bodyType: 'CreateThingDto' },
      { handler: 'list', method: 'GET', path: '', status: 200, queryType: 'ListThingsQueryDto' },
      { handler: 'get', method: 'GET', path: '/:id/', status: 200, paramsType: 'IdParamsDto' },
      { handler: 'remove', method: 'DELETE', path: ':id', status: 204, paramsType: 'IdParamsDto' },
    ]);
  });

  it('resolves the path through a constant and prefixes the URI version', () => {
    expect(routeBase(controllerPrefix(controller))).toBe('/v2/things');
  });

  it('serves version-neutral controllers without a version prefix', () => {
    const neutral = parseSource(
      'health.controller.ts',
      "@Controller({ path: 'health', version: VERSION_NEUTRAL }) export class HealthController {}",
    );

    expect(routeBase(controllerPrefix(decoratedClass(neutral, 'Controller')))).toBe('/health');
  });
});

describe(ensureNamedImport.name, () => {
  it('adds a name in order to an existing import, and new relative imports sorted by path', () => {
    const file = parseSource('things.controller.ts', CONTROLLER);

    ensureNamedImport(file, '@nestjs/common', 'HttpStatus');
    ensureNamedImport(file, '@nestjs/common', 'Patch');
    ensureNamedImport(file, './dto/thing-response.dto', 'ThingResponseDto');
    ensureNamedImport(file, './things.mapper', 'toThingResponse');

    const imports = file.getImportDeclarations().map((declaration) => declaration.getText());
    expect(imports).toEqual([
      "import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';",
      "import { IdParamsDto } from '../../common/dto';",
      "import { CreateThingDto } from './dto/create-thing.dto';",
      "import { ListThingsQueryDto } from './dto/list-things-query.dto';",
      "import { ThingResponseDto } from './dto/thing-response.dto';",
      "import { toThingResponse } from './things.mapper';",
    ]);
  });
});

describe(providerDependencies.name, () => {
  const file = parseSource('things.service.ts', PROVIDER);
  const provider = decoratedClass(file, 'Injectable');

  it('takes the class or the @Inject token, and lists the methods the provider calls', () => {
    expect(providerDependencies(provider, 'things.service.ts')).toEqual([
      {
        name: 'things',
        type: 'ThingsRepository',
        token: 'ThingsRepository',
        calledMethods: ['count', 'findOneBy'],
        tokenIdentifiers: ['ThingsRepository'],
        typeIdentifiers: ['ThingsRepository'],
      },
      {
        name: 'clock',
        type: 'Clock',
        token: 'CLOCK',
        calledMethods: ['now'],
        tokenIdentifiers: ['CLOCK'],
        typeIdentifiers: ['Clock'],
      },
      {
        name: 'redis',
        type: 'Redis',
        token: 'Redis',
        calledMethods: ['on'],
        tokenIdentifiers: ['Redis'],
        typeIdentifiers: ['Redis'],
      },
    ]);
  });

  it('rejects a parameter whose token it cannot tell', () => {
    const source = '@Injectable() export class A { constructor(private readonly settings: Partial<Settings>) {} }';
    const provider = decoratedClass(parseSource('a.ts', source), 'Injectable');

    expect(() => providerDependencies(provider, 'a.ts')).toThrow(/cannot tell the injection token of "settings/);
  });

  it('lists public methods only', () => {
    expect(publicMethods(provider)).toEqual(['find']);
  });

  it('copies the imports a spec next to the provider needs, values apart from types', () => {
    const imports = importsFor(
      file,
      './things.service',
      new Set(['ThingsService', 'ThingsRepository', 'CLOCK', 'Redis']),
      new Set(['ThingsRepository', 'ThingEntity', 'Clock', 'Redis', 'Settings']),
    );

    expect(imports).toEqual([
      { specifier: 'ioredis', names: [], defaultName: 'Redis', typeOnly: false },
      { specifier: './clock', names: ['CLOCK', 'Clock'], typeOnly: false },
      { specifier: './thing.entity', names: ['ThingEntity'], typeOnly: true },
      { specifier: './things.repository', names: ['ThingsRepository'], typeOnly: false },
      { specifier: './things.service', names: ['Settings', 'ThingsService'], typeOnly: false },
    ]);
  });
});
