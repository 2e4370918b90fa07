import {
  deriveMethodName,
  EndpointInputError,
  kebabFromCamel,
  parseHttpMethod,
  parseRoutePath,
  routeKey,
} from '../../generators/lib/endpoint-route';

function rejection(method: string, path: string): string {
  try {
    parseRoutePath(parseHttpMethod(method), path);
  } catch (error) {
    if (error instanceof EndpointInputError) return error.message;
    throw error;
  }
  throw new Error(`expected "${method} ${path}" to be rejected`);
}

describe(parseRoutePath.name, () => {
  it('parses an entity route', () => {
    expect(parseRoutePath('post', '/:id/publish')).toEqual({
      method: 'post',
      path: ':id/publish',
      addressesEntity: true,
      staticSegments: ['publish'],
    });
  });

  it('parses a collection route and the root', () => {
    expect(parseRoutePath('get', '/bulk-export/recent')).toMatchObject({
      path: 'bulk-export/recent',
      addressesEntity: false,
      staticSegments: ['bulk-export', 'recent'],
    });
    expect(parseRoutePath('delete', '/')).toMatchObject({ path: '', addressesEntity: false, staticSegments: [] });
  });

  it.each([
    ['get', 'stats', /must start with "\/"/],
    ['get', '/stats/', /empty path segment/],
    ['get', '//stats', /empty path segment/],
    ['get', '/Stats', /segment "Stats" must be kebab-case/],
    ['get', '/bulk_export', /segment "bulk_export" must be kebab-case/],
    ['get', '/:Id', /parameter ":Id" must be camelCase/],
    ['get', '/:articleId', /only a leading :id/],
    ['get', '/stats/:id', /only a leading :id/],
    ['get', '/:id/:id', /only a leading :id/],
  ])('rejects %s %s', (method, path, message) => {
    expect(rejection(method, path)).toMatch(message);
  });
});

describe(parseHttpMethod.name, () => {
  it('accepts the five methods in any case', () => {
    expect(['GET', 'post', 'Put', 'patch', 'DELETE'].map(parseHttpMethod)).toEqual([
      'get',
      'post',
      'put',
      'patch',
      'delete',
    ]);
  });

  it('rejects other methods', () => {
    expect(() => parseHttpMethod('head')).toThrow(/one of get, post, put, patch, delete/);
  });
});

describe(deriveMethodName.name, () => {
  it.each([
    ['post', '/:id/publish', 'publish'],
    ['post', '/bulk-import', 'bulkImport'],
    ['get', '/stats', 'getStats'],
    ['patch', '/:id/cover-image', 'patchCoverImage'],
    ['delete', '/:id/tags', 'deleteTags'],
    ['put', '/:id', 'put'],
    ['post', '/', 'post'],
  ] as const)('%s %s → %s', (method, path, name) => {
    expect(deriveMethodName(parseRoutePath(method, path))).toBe(name);
  });
});

describe(routeKey.name, () => {
  it('ignores parameter names and slashes, as the router does', () => {
    expect(routeKey('GET', ':id')).toBe(routeKey('get', '/:articleId/'));
    expect(routeKey('GET', ':id')).not.toBe(routeKey('GET', 'stats'));
    expect(routeKey('GET', ':id')).not.toBe(routeKey('PATCH', ':id'));
  });
});

describe(kebabFromCamel.name, () => {
  it('splits camelCase words', () => {
    expect(kebabFromCamel('getStats')).toBe('get-stats');
    expect(kebabFromCamel('publish')).toBe('publish');
  });
});
