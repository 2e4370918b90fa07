import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionDrain } from './connection-drain';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve((server.address() as AddressInfo).port);
    }),
  );
}

function get(port: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, (response) => {
      response.resume();
      response.on('end', () => {
        resolve(response.headers.connection);
      });
    })
      .on('error', reject)
      .end();
  });
}

describe(ConnectionDrain.name, () => {
  let server: Server;

  beforeEach(() => {
    server = createServer((_request, response) => response.end('ok'));
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('asks clients to close the connection only once announced', async () => {
    const port = await listen(server);
    const drain = new ConnectionDrain(server);

    expect(await get(port)).toBe('keep-alive');
    drain.announce();
    expect(await get(port)).toBe('close');
  });

  it('stops accepting, but resolves before the grace once every connection has ended', async () => {
    const port = await listen(server);
    const drain = new ConnectionDrain(server);
    drain.announce();
    await get(port);

    const startedAt = Date.now();
    await drain.closeListener(5_000);

    expect(Date.now() - startedAt).toBeLessThan(1_000);
    await expect(get(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
