import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/**
 * The service does not decompress request bodies: that would make the body limit apply to the
 * compressed size (a gzip bomb expands past it). Encoded bodies are refused up front rather than
 * parsed as if they were plain JSON.
 */
export function rejectEncodedBodies(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const encoding = request.headers['content-encoding'];
    if (encoding === undefined || encoding.trim().toLowerCase() === 'identity') {
      done();
      return;
    }
    done(
      new UnsupportedMediaTypeException(`Content-Encoding "${encoding}" is not supported; send an uncompressed body.`),
    );
  });
}
