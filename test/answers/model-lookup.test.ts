/**
 * ModelLookup over the real provider registry, against local servers: which id applies where,
 * resolving an id (static lists, `GET /models` discovery, a listing that never answers), the
 * context a model takes, and every id the providers list.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { isUnknownModel, ModelLookup } from '../../src/answers/model-lookup.ts';
import { loadProviderConfig } from '../../src/config/provider-config.ts';
import { createProviderRegistry, type ProviderRegistry, type ResolvedModel } from '../../src/providers/registry.ts';
import { openaiErrors, startOpenAiFake, type OpenAiFake } from '../fake-upstreams/index.ts';

/** A server that takes requests and never answers them, noting when each connection closes. */
class SilentServer {
  readonly requests: IncomingMessage[] = [];
  readonly #server: Server;
  readonly #closed: Promise<void>[] = [];
  #onRequest: (() => void) | undefined;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<SilentServer> {
    const server = createServer();
    const silent = new SilentServer(server);
    server.on('request', (request: IncomingMessage) => {
      silent.requests.push(request);
      silent.#closed.push(new Promise((resolve) => request.socket.once('close', () => resolve())));
      silent.#onRequest?.();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return silent;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/v1`;
  }

  /** Resolves once the connection of request `index` is closed (the client gave up). */
  closed(index: number): Promise<void> {
    return this.#closed[index]!;
  }

  stop(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

let local: OpenAiFake;
let down: OpenAiFake;
let silent: SilentServer;
const registries: ProviderRegistry[] = [];

before(async () => {
  local = await startOpenAiFake({ models: ['qwen', 'llama3'] });
  down = await startOpenAiFake();
  silent = await SilentServer.start();
});
after(async () => {
  await Promise.all([local.stop(), down.stop(), silent.stop()]);
});
afterEach(async () => {
  await Promise.all(registries.splice(0).map((registry) => registry.close()));
  local.reset();
  down.reset();
});

/**
 * Four providers: `openai` with a static list (gpt-4o, gpt-4o-mini; 32,768 tokens), `local`
 * discovering its models from a fake (16,384 tokens), `down` whose listing fails, and `slow`
 * whose listing never answers.
 */
function lookup(defaults: { server?: Record<string, string>; channel?: Record<string, string>; global?: string } = {}, enabled = 'openai,local,down,slow'): ModelLookup {
  const config = loadProviderConfig({
    PROVIDERS: enabled,
    OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    OPENAI_MODELS: 'gpt-4o,gpt-4o-mini',
    OPENAI_CONTEXT_TOKENS: '32768',
    LOCAL_BASE_URL: local.url,
    LOCAL_CONTEXT_TOKENS: '16384',
    DOWN_BASE_URL: down.url,
    SLOW_BASE_URL: silent.url,
    PROVIDER_MAX_RETRIES: '0',
  });
  const registry = createProviderRegistry(config);
  registries.push(registry);
  const server = defaults.server ?? {};
  const channel = defaults.channel ?? {};
  return new ModelLookup({ registry, serverDefault: async (guildId) => server[guildId], channelDefault: async (channelId) => channel[channelId], globalDefault: defaults.global });
}

const guild = '1100000000000000501';

function resolvedId(value: ResolvedModel | { unknown: string }): string {
  assert.ok(!('unknown' in value), `expected a resolved model, got ${JSON.stringify(value)}`);
  return `${value.provider.id} ${value.model} ${value.id}`;
}

describe('ModelLookup.effective', () => {
  it('GIVEN every candidate THEN the option wins, then the thread’s model, then the server’s default, then the global one', async () => {
    const models = lookup({ server: { [guild]: 'local/qwen' }, global: 'openai/gpt-4o-mini' });
    assert.deepEqual((await models.effective({ option: 'openai/gpt-4o', threadModel: 'local/llama3', guildId: guild })), { modelId: 'openai/gpt-4o', source: 'option' });
    assert.deepEqual((await models.effective({ option: null, threadModel: 'local/llama3', guildId: guild })), { modelId: 'local/llama3', source: 'thread' });
    assert.deepEqual((await models.effective({ option: '  ', guildId: guild })), { modelId: 'local/qwen', source: 'server' }, 'a blank option is no choice');
    assert.deepEqual((await models.effective({ guildId: '1100000000000000999' })), { modelId: 'openai/gpt-4o-mini', source: 'global' }, 'a server without a default');
    assert.deepEqual((await models.effective({ guildId: null })), { modelId: 'openai/gpt-4o-mini', source: 'global' }, 'outside servers');
  });

  it('GIVEN a channel default THEN it comes after the option and the thread’s model and before the server’s; only in servers', async () => {
    const channel = '1100000000000000601';
    const models = lookup({ server: { [guild]: 'local/qwen' }, channel: { [channel]: 'openai/gpt-4o' }, global: 'openai/gpt-4o-mini' });
    assert.deepEqual((await models.effective({ option: 'local/llama3', channelId: channel, guildId: guild })), { modelId: 'local/llama3', source: 'option' });
    assert.deepEqual((await models.effective({ threadModel: 'local/llama3', channelId: channel, guildId: guild })), { modelId: 'local/llama3', source: 'thread' });
    assert.deepEqual((await models.effective({ channelId: channel, guildId: guild })), { modelId: 'openai/gpt-4o', source: 'channel' });
    assert.deepEqual((await models.effective({ channelId: '1100000000000000602', guildId: guild })), { modelId: 'local/qwen', source: 'server' }, 'a channel without a default');
    assert.deepEqual((await models.effective({ channelId: channel, guildId: null })), { modelId: 'openai/gpt-4o-mini', source: 'global' }, 'outside servers no channel is read');
    const registry = createProviderRegistry(loadProviderConfig({ PROVIDERS: 'openai', OPENAI_MODELS: 'gpt-4o' }));
    registries.push(registry);
    const withoutChannels = new ModelLookup({ registry, serverDefault: async () => 'openai/gpt-4o', globalDefault: undefined });
    assert.deepEqual((await withoutChannels.effective({ channelId: channel, guildId: guild })), { modelId: 'openai/gpt-4o', source: 'server' }, 'a lookup given no channel defaults');
  });

  it('GIVEN no server default and no DEFAULT_MODEL THEN no model applies; outside servers no server is asked', async () => {
    const asked: string[] = [];
    const registry = createProviderRegistry(loadProviderConfig({ PROVIDERS: 'openai', OPENAI_MODELS: 'gpt-4o' }));
    registries.push(registry);
    const bare = new ModelLookup({ registry, serverDefault: async (guildId) => void asked.push(guildId) as undefined, globalDefault: undefined });
    assert.equal((await bare.effective({ guildId: guild })), undefined);
    assert.equal((await bare.effective({ guildId: null })), undefined);
    assert.equal((await bare.effective({})), undefined);
    assert.deepEqual(asked, [guild]);
  });
});

describe('ModelLookup.resolve', () => {
  it('GIVEN a model of a static list THEN it resolves to its provider without asking any server', async () => {
    const models = lookup();
    assert.equal(resolvedId(await models.resolve('openai/gpt-4o')), 'openai gpt-4o openai/gpt-4o');
    assert.equal(local.requests.length + down.requests.length + silent.requests.length, 0);
  });

  it('GIVEN ids no provider can answer THEN each comes back as data saying why', async () => {
    const models = lookup();
    assert.deepEqual(await models.resolve('nope/x'), { unknown: 'nope/x', reason: { code: 'no-provider', provider: 'nope', configured: ['openai', 'local', 'down', 'slow'] } });
    assert.deepEqual(await models.resolve('openai/gpt-5'), { unknown: 'openai/gpt-5', reason: { code: 'not-listed', provider: 'openai', model: 'gpt-5' } });
    assert.deepEqual(await models.resolve('gpt-4o'), { unknown: 'gpt-4o', reason: { code: 'missing-provider', part: 'gpt-4o' } });
  });

  it('GIVEN a discovering provider THEN its `GET /models` decides, once: a listed model resolves, another is refused', async () => {
    const models = lookup();
    assert.equal(resolvedId(await models.resolve('local/llama3')), 'local llama3 local/llama3');
    const refused = await models.resolve('local/mistral');
    assert.ok(isUnknownModel(refused));
    assert.deepEqual(refused.reason, { code: 'not-listed', provider: 'local', model: 'mistral' });
    assert.equal(local.requestsTo('GET', '/v1/models').length, 1, 'the listing is cached');
  });

  it('GIVEN a listing that fails THEN the id is accepted: the upstream has the last word', async () => {
    down.failNext({ method: 'GET', path: '/v1/models', error: openaiErrors.serverError() });
    const models = lookup();
    assert.equal(resolvedId(await models.resolve('down/whatever')), 'down whatever down/whatever');
    assert.equal(down.requestsTo('GET', '/v1/models').length, 1);
  });

  it('GIVEN a listing that never answers THEN the id resolves once the wait is over, and the listing is let go', async () => {
    const models = lookup();
    const before = silent.requests.length;
    const started = performance.now();
    assert.equal(resolvedId(await models.resolve('slow/model', 100)), 'slow model slow/model');
    // the wait (100 ms) ends it, not the provider's first-token time-out (60 s)
    assert.ok(performance.now() - started < 30_000);
    assert.equal(silent.requests.length, before + 1);
    assert.equal(silent.requests[before]!.url, '/v1/models');
    await silent.closed(before);
  });
});

describe('ModelLookup.contextTokens', () => {
  it('GIVEN models their providers list THEN each takes the context its provider states', async () => {
    const models = lookup();
    const openai = await models.resolve('openai/gpt-4o');
    const discovered = await models.resolve('local/qwen');
    assert.ok(!isUnknownModel(openai) && !isUnknownModel(discovered));
    assert.equal(await models.contextTokens(openai), 32768);
    assert.equal(await models.contextTokens(discovered), 16384);
  });

  it('GIVEN the listing fails THEN the context falls back to 8,192 tokens', async () => {
    down.failNext({ method: 'GET', path: '/v1/models', error: openaiErrors.serverError(), times: 2 });
    const models = lookup();
    const resolved = await models.resolve('down/gpt-4o');
    assert.ok(!isUnknownModel(resolved));
    assert.equal(await models.contextTokens(resolved), 8192);
    assert.equal(down.requestsTo('GET', '/v1/models').length, 2);
  });
});

describe('ModelLookup.knownModelIds', () => {
  it('GIVEN a static list, a discovered list and a failing provider THEN the ids of the first two, in provider order', async () => {
    down.failNext({ method: 'GET', path: '/v1/models', error: openaiErrors.serverError() });
    const models = lookup({}, 'openai,local,down');
    assert.deepEqual(await models.knownModelIds(), ['openai/gpt-4o', 'openai/gpt-4o-mini', 'local/llama3', 'local/qwen']);
  });

  it('GIVEN a provider whose listing never answers THEN the signal ends the wait and it lists none', async () => {
    const models = lookup({}, 'openai,slow');
    assert.deepEqual(await models.knownModelIds(AbortSignal.timeout(100)), ['openai/gpt-4o', 'openai/gpt-4o-mini']);
  });
});
