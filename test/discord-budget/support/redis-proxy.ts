/**
 * A TCP proxy on loopback in front of the real Redis, which a test can cut (every connection
 * dropped, the port refusing new ones) and restore on the same port: Redis lost and found
 * mid-run, without touching the Redis other tests use.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export class RedisProxy {
  readonly #target: { host: string; port: number };
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;
  #port = 0;

  constructor(redisUrl: string) {
    const url = new URL(redisUrl);
    this.#target = { host: url.hostname, port: Number(url.port || 6379) };
  }

  /** The proxy's URL (same credentials and database as the target's are not needed here). */
  get url(): string {
    return `redis://127.0.0.1:${this.#port}`;
  }

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.#target);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.#port, '127.0.0.1', resolve));
    this.#port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  /** Drops every connection and stops listening: clients now get ECONNREFUSED. */
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
