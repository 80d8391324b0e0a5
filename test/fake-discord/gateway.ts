import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { CloseCode, Intent, Opcode } from './constants.ts';
import type { FakeEventBus } from './events.ts';

/** A shard as IDENTIFY names it: `[shard_id, num_shards]`. */
export type ShardKey = readonly [id: number, count: number];

/** A gateway session: survives a dropped socket so the client can RESUME it. */
export interface GatewaySession {
  id: string;
  intents: number;
  /** The shard it identified as; `[0, 1]` (every event) when IDENTIFY named none. */
  shard: ShardKey;
  /** Sequence number of the last dispatch. */
  seq: number;
  /** The live socket, or `null` while the client is away. */
  socket: WebSocket | null;
  /** Recent dispatches, replayed on RESUME. */
  backlog: Array<{ s: number; t: string; d: unknown }>;
}

/** What the gateway needs from the rest of the fake. */
export interface GatewayOptions {
  botToken: string;
  heartbeatIntervalMs: number;
  /** Whether the application may ask for the Message Content intent (else 4014). */
  messageContentGranted: boolean;
  events: FakeEventBus;
  /** Most guilds one session may hold: an IDENTIFY whose shard holds more closes with 4011. */
  maxGuildsPerShard: number;
  /** READY `d`, minus `session_id`, `resume_gateway_url`, `guilds` and `shard`, which the gateway fills in. */
  readyData: () => Record<string, unknown>;
  /** Ids of the guilds the bot is in, all shards together. */
  botGuildIds: () => string[];
  /** GUILD_CREATE `d` of one guild of the bot, sent after READY to the session of its shard. */
  guildCreate: (guildId: string) => unknown;
  /** GUILD_MEMBERS_CHUNK `d` answering a Request Guild Members (op 8). */
  membersChunk: (request: Record<string, unknown>) => unknown;
  resumeUrl: () => string;
}

const BACKLOG_LIMIT = 1000;
/** Discord's close codes for sharding mistakes (the others live in `constants.ts`). */
const ShardCloseCode = { InvalidShard: 4010, ShardingRequired: 4011 } as const;
const UNSHARDED: ShardKey = [0, 1];

/** The shard Discord sends a guild's events to: `(guild_id >> 22) % num_shards`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Whether a session gets the events of a guild (`null`: a DM, which only shard 0 gets). */
export function sessionReceives(session: Pick<GatewaySession, 'shard'>, guildId: string | null): boolean {
  const [id, count] = session.shard;
  return guildId === null ? id === 0 : shardOf(guildId, count) === id;
}
/** Close codes by which a client ends its session for good (discord.js resumes after 4200). */
const SESSION_ENDING_CLOSE_CODES = new Set([1000, 1001]);

/**
 * The gateway WebSocket: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACKs, RESUME with
 * replay of missed dispatches, and the close codes Discord uses for bad tokens, intents and
 * shards. Sharded like Discord: each session gets only the events of its shard's guilds.
 */
export class GatewayServer {
  readonly #options: GatewayOptions;
  readonly #server = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, GatewaySession>();
  readonly #sockets = new Set<WebSocket>();
  #sessionStarts = 0;

  constructor(options: GatewayOptions) {
    this.#options = options;
    this.#server.on('connection', (socket) => this.#accept(socket));
  }

  /** Takes over an HTTP upgrade request for the gateway path. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#server.handleUpgrade(request, socket, head, (webSocket) => this.#server.emit('connection', webSocket, request));
  }

  /** Live and resumable sessions. */
  sessions(): GatewaySession[] {
    return [...this.#sessions.values()];
  }

  /** Sessions started by an accepted IDENTIFY so far (RESUMEs excluded), for `session_start_limit`. */
  get sessionStarts(): number {
    return this.#sessionStarts;
  }

  /**
   * Sends a dispatch of a guild (`null` for a DM) to every session of the guild's shard, as
   * Discord routes events; `build` returns the session's `d`, or `null` to skip the session
   * (missing intent). Sessions without a socket keep it for their RESUME.
   */
  dispatch(event: string, guildId: string | null, build: (session: GatewaySession) => unknown): void {
    for (const session of this.#sessions.values()) {
      if (!sessionReceives(session, guildId)) continue;
      const data = build(session);
      if (data !== null) this.#send(session, event, data);
    }
  }

  /** Cuts every socket without a close frame, like a network failure (clients then RESUME). */
  dropConnections(): void {
    for (const socket of this.#sockets) socket.terminate();
  }

  /** Asks every client to reconnect and resume (op 7), as Discord does before maintenance. */
  requestReconnect(): void {
    for (const socket of this.#sockets) sendJson(socket, { op: Opcode.Reconnect, d: null, s: null, t: null });
  }

  /** Closes every socket and the server. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    this.#sessions.clear();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: WebSocket): void {
    this.#sockets.add(socket);
    let session: GatewaySession | null = null;
    sendJson(socket, { op: Opcode.Hello, d: { heartbeat_interval: this.#options.heartbeatIntervalMs }, s: null, t: null });
    socket.on('message', (raw: RawData) => {
      let payload: { op?: unknown; d?: unknown };
      try {
        payload = JSON.parse(raw.toString()) as { op?: unknown; d?: unknown };
      } catch {
        socket.close(CloseCode.DecodeError, 'Error while decoding payload.');
        return;
      }
      const data = (payload.d ?? {}) as Record<string, unknown>;
      switch (payload.op) {
        case Opcode.Heartbeat:
          sendJson(socket, { op: Opcode.HeartbeatAck, d: null, s: null, t: null });
          return;
        case Opcode.Identify:
          if (session) return void socket.close(CloseCode.AlreadyAuthenticated, 'Already authenticated.');
          session = this.#identify(socket, data);
          return;
        case Opcode.Resume:
          if (session) return void socket.close(CloseCode.AlreadyAuthenticated, 'Already authenticated.');
          session = this.#resume(socket, data);
          return;
        case Opcode.PresenceUpdate:
        case Opcode.VoiceStateUpdate:
        case Opcode.RequestGuildMembers:
          if (!session) return void socket.close(CloseCode.NotAuthenticated, 'Not authenticated.');
          if (payload.op === Opcode.RequestGuildMembers) this.#send(session, 'GUILD_MEMBERS_CHUNK', this.#options.membersChunk(data));
          return;
        default:
          socket.close(CloseCode.UnknownOpcode, 'Unknown opcode.');
      }
    });
    socket.on('close', (code: number) => {
      this.#sockets.delete(socket);
      if (session && session.socket === socket) {
        session.socket = null;
        if (SESSION_ENDING_CLOSE_CODES.has(code)) this.#sessions.delete(session.id);
      }
      this.#options.events.report({ type: 'gatewayClose', sessionId: session?.id ?? null, code });
    });
    socket.on('error', () => {
      // a client vanishing mid-frame is routine in tests; 'close' follows and cleans up
    });
  }

  #identify(socket: WebSocket, data: Record<string, unknown>): GatewaySession | null {
    if (!this.#tokenMatches(data['token'])) {
      socket.close(CloseCode.AuthenticationFailed, 'Authentication failed.');
      return null;
    }
    const intents = typeof data['intents'] === 'number' ? data['intents'] : 0;
    if ((intents & Intent.MessageContent) !== 0 && !this.#options.messageContentGranted) {
      socket.close(CloseCode.DisallowedIntents, 'Disallowed intent(s).');
      return null;
    }
    const shard = data['shard'] === undefined ? UNSHARDED : parseShard(data['shard']);
    if (!shard) {
      socket.close(ShardCloseCode.InvalidShard, 'Invalid shard.');
      return null;
    }
    const guildIds = this.#options.botGuildIds().filter((guildId) => sessionReceives({ shard }, guildId));
    if (guildIds.length > this.#options.maxGuildsPerShard) {
      socket.close(ShardCloseCode.ShardingRequired, 'Sharding required.');
      return null;
    }
    const session: GatewaySession = { id: randomBytes(16).toString('hex'), intents, shard, seq: 0, socket, backlog: [] };
    this.#sessions.set(session.id, session);
    this.#sessionStarts += 1;
    this.#options.events.report({ type: 'gatewayIdentify', sessionId: session.id, intents });
    this.#send(session, 'READY', {
      ...this.#options.readyData(),
      guilds: guildIds.map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.#options.resumeUrl(),
      shard: [...shard],
    });
    for (const guildId of guildIds) this.#send(session, 'GUILD_CREATE', this.#options.guildCreate(guildId));
    return session;
  }

  #resume(socket: WebSocket, data: Record<string, unknown>): GatewaySession | null {
    const session = typeof data['session_id'] === 'string' ? this.#sessions.get(data['session_id']) : undefined;
    if (!this.#tokenMatches(data['token']) || !session) {
      // not resumable: the client must identify again
      sendJson(socket, { op: Opcode.InvalidSession, d: false, s: null, t: null });
      return null;
    }
    const lastSeen = typeof data['seq'] === 'number' ? data['seq'] : 0;
    if (session.socket && session.socket !== socket) session.socket.terminate();
    session.socket = socket;
    for (const missed of session.backlog) if (missed.s > lastSeen) sendJson(socket, { op: Opcode.Dispatch, ...missed });
    this.#options.events.report({ type: 'gatewayResume', sessionId: session.id });
    this.#send(session, 'RESUMED', {});
    return session;
  }

  #send(session: GatewaySession, event: string, data: unknown): void {
    session.seq += 1;
    const dispatch = { s: session.seq, t: event, d: data };
    session.backlog.push(dispatch);
    if (session.backlog.length > BACKLOG_LIMIT) session.backlog.shift();
    if (session.socket?.readyState === WebSocket.OPEN) sendJson(session.socket, { op: Opcode.Dispatch, ...dispatch });
  }

  #tokenMatches(token: unknown): boolean {
    return typeof token === 'string' && token.replace(/^Bot\s+/i, '') === this.#options.botToken;
  }
}

/** IDENTIFY's `shard`, or `null` when Discord would refuse it (4010): two integers, 0 ≤ id < count. */
function parseShard(value: unknown): ShardKey | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [id, count] = value as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return null;
  const shard: ShardKey = [id as number, count as number];
  return shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1] ? shard : null;
}

function sendJson(socket: WebSocket, payload: unknown): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
}
