import { connect, createServer, type Server, type Socket } from 'node:net';

interface Link {
  readonly client: Socket;
  readonly upstream: Socket;
}

/**
 * A TCP proxy in front of PostgreSQL that a test can cut, blackhole and restore, to observe the
 * app while its database disappears for real (refused connections, severed sessions, silence)
 * without touching the shared server.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly links = new Set<Link>();
  private blackholed = false;

  private constructor(
    private readonly target: { host: string; port: number },
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const address = probe.address();
    await new Promise((resolve) => probe.close(resolve));
    if (address === null || typeof address === 'string') throw new Error('no TCP port assigned');
    const proxy = new TcpProxy(target, address.port);
    await proxy.resume();
    return proxy;
  }

  /** Accept and forward connections again, on the same port. */
  async resume(): Promise<void> {
    const server = createServer((client) => {
      this.track(client);
      // A blackholed database accepts the connection and then never says a word.
      if (this.blackholed) return;
      const upstream = connect(this.target);
      this.track(upstream);
      const link = { client, upstream };
      this.links.add(link);
      client.on('close', () => this.links.delete(link));
      // Without a proxy the app's socket is the database's: when the server resets it (a
      // terminated backend may close with unread data, which is a RST, not a FIN) the app sees
      // it at once. pipe() forwards an end but not a reset, so a closed side closes the other.
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      forward(link);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  /** Refuse new connections and sever every open one, as a crashed database would. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /**
   * Keep every connection open but stop all traffic, as a partitioned network or a hung server
   * would: new connections are accepted and never answered, open ones fall silent both ways.
   */
  blackhole(): void {
    this.blackholed = true;
    for (const { client, upstream } of this.links) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  /** End the silence: traffic held on open connections flows again, new connections are forwarded. */
  heal(): void {
    this.blackholed = false;
    for (const link of this.links) forward(link);
  }

  /**
   * Forward new connections again but leave the open ones silent for good, as after a failover
   * whose old sessions vanished without a reset: only a client that drops them recovers.
   */
  healNewConnectionsOnly(): void {
    this.blackholed = false;
    this.links.clear();
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }
}

function forward({ client, upstream }: Link): void {
  client.pipe(upstream).pipe(client);
}
