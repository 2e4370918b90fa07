import type { OpenAPIObject } from '@nestjs/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { OpenApiContract } from './openapi-contract';

const PROBLEM = { $ref: '#/components/schemas/Problem' };

/** A two-operation document: what the checker compares the little server below with. */
const document: OpenAPIObject = {
  openapi: '3.0.0',
  info: { title: 'contract', version: '1' },
  paths: {
    '/items/{id}': {
      get: {
        responses: {
          '200': {
            description: 'found',
            headers: { 'X-Request-Id': { required: true, schema: { type: 'string' } } },
            content: {
              'application/json': {
                schema: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
              },
            },
          },
          '404': { description: 'missing', content: { 'application/problem+json': { schema: PROBLEM } } },
        },
      },
      delete: { responses: { '202': { description: 'accepted' } } },
    },
  },
  components: {
    schemas: {
      Problem: { type: 'object', required: ['status'], properties: { status: { type: 'integer', nullable: true } } },
    },
  },
};

const ID = '0b5c9a52-7bd8-4c58-8f4e-6f2f0e8f6d11';

describe('OpenApiContract', () => {
  let server: FastifyInstance;
  let reply: { status: number; type: string; body: unknown; headers: Record<string, string> };
  let contract: OpenApiContract;

  beforeAll(async () => {
    server = Fastify();
    server.all('/items/:id', (_request, response) => {
      void response.code(reply.status).headers(reply.headers).type(reply.type).send(reply.body);
    });
    await server.ready();
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    contract = new OpenApiContract(document);
    reply = { status: 200, type: 'application/json', body: { id: ID }, headers: { 'x-request-id': 'r1' } };
  });

  const get = (url = `/items/${ID}`): ReturnType<OpenApiContract['request']> => contract.request(server, 'GET', url);

  it('accepts a declared status with its content type, a valid body and the required headers', async () => {
    await expect(get()).resolves.toMatchObject({ statusCode: 200 });
    reply = { status: 404, type: 'application/problem+json', body: { status: null }, headers: {} };
    await expect(get()).resolves.toMatchObject({ statusCode: 404 });
  });

  it('rejects a status the operation does not declare', async () => {
    reply = { ...reply, status: 409 };
    await expect(get()).rejects.toThrow('GET /items/{id} answered 409, which the document does not declare');
  });

  it('rejects a content type the response does not declare', async () => {
    reply = { ...reply, type: 'text/plain', body: 'ok' };
    await expect(get()).rejects.toThrow('GET /items/{id} 200 is text/plain; declared: application/json');
  });

  it('rejects a body off its schema, following references into the components', async () => {
    reply = { ...reply, body: { id: 'not-a-uuid' } };
    await expect(get()).rejects.toThrow('body does not match its schema: data/id must match format "uuid"');
    reply = { status: 404, type: 'application/problem+json', body: { status: 'gone' }, headers: {} };
    await expect(get()).rejects.toThrow('GET /items/{id} 404 body does not match its schema');
  });

  it('rejects a response without a required header', async () => {
    reply = { ...reply, headers: {} };
    await expect(get()).rejects.toThrow('GET /items/{id} 200 lacks the required header X-Request-Id');
  });

  it('rejects a body where none is declared, and a route the document does not have', async () => {
    reply = { ...reply, status: 202 };
    await expect(contract.request(server, 'DELETE', `/items/${ID}`)).rejects.toThrow('declares no body but has one');
    await expect(get('/other')).rejects.toThrow('GET /other is not in the OpenAPI document');
  });

  it('lists the declared responses no checked response has shown', async () => {
    await get();

    expect(contract.unexercised()).toEqual(['DELETE /items/{id} 202', 'GET /items/{id} 404']);
  });
});
