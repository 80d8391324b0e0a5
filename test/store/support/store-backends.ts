/**
 * The databases the store contract suite (`test/store/contract/`) runs against: each contract
 * file describes the behaviour once, and `forEachBackend` runs it on every backend listed here.
 *
 * Adding a backend is one entry in `storeBackends`: a name and an `open` that gives a store on
 * a database no other test sees (SQLite in memory; for PostgreSQL a fresh random schema), with a
 * `close` that closes the store and throws its database away (dropping that schema). `close` is
 * called after every test, also when the test closed the store itself.
 */
import { afterEach, describe } from 'node:test';
import { openStore } from '../../../src/store/store.ts';
import type { Store } from '../../../src/store/store-port.ts';
import { openFreshPostgresStore } from '../postgres/fresh-schema.ts';

/** What a contract test may set when it opens a store. */
export interface StoreBackendOptions {
  /** The store's clock, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** An open store and what throws its database away. */
export interface OpenedStore {
  store: Store;
  /** Closes the store (if the test has not) and removes its database; safe to call once a test is done with it. */
  close(): Promise<void>;
}

/** A database the contract suite runs on. */
export interface StoreBackend {
  /** Shown in each suite's name, e.g. `guild settings (sqlite)`. */
  name: string;
  /** A store on a new, empty database of this kind, migrated to the latest schema. */
  open(options?: StoreBackendOptions): Promise<OpenedStore>;
}

/** Opens a store of the backend a suite runs on; the suite closes it after the test. */
export type OpenStore = (options?: StoreBackendOptions) => Promise<Store>;

const sqlite: StoreBackend = {
  name: 'sqlite',
  async open(options = {}) {
    const store = openStore({ path: ':memory:', ...options });
    return { store, close: () => store.close() };
  },
};

// the real server at DATABASE_URL, each store on a random schema that its close drops
const postgres: StoreBackend = {
  name: 'postgres',
  open: (options = {}) => openFreshPostgresStore(options),
};

/** Every backend the contract suite runs on. */
export const storeBackends: StoreBackend[] = [sqlite, postgres];

/**
 * One `describe` per backend, named `${name} (${backend})`. `body` declares the tests with the
 * `open` it is given; every store a test opens with it is closed (and its database removed)
 * after that test, whether it passed or not.
 */
export function forEachBackend(name: string, body: (open: OpenStore, backend: StoreBackend) => void): void {
  for (const backend of storeBackends) {
    describe(`${name} (${backend.name})`, () => {
      let opened: OpenedStore[] = [];
      afterEach(async () => {
        const closing = opened;
        opened = [];
        for (const handle of closing) await handle.close();
      });
      const open: OpenStore = async (options) => {
        const handle = await backend.open(options);
        opened.push(handle);
        return handle.store;
      };
      body(open, backend);
    });
  }
}

/**
 * Runs `check` on a store of its own and closes it however `check` ends: for a property's runs,
 * each of which needs an empty database (a suite's `open` would keep them all open to the test's end).
 */
export async function withFreshStore<T>(backend: StoreBackend, options: StoreBackendOptions, check: (store: Store) => Promise<T>): Promise<T> {
  const handle = await backend.open(options);
  try {
    return await check(handle.store);
  } finally {
    await handle.close();
  }
}
