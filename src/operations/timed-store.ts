/**
 * Times every call of an asynchronous store: `store` as it is, except that each method that
 * returns a promise reports how long that promise took to settle, resolved or rejected.
 * Methods that return anything else (a synchronous store), and properties that are not
 * functions, pass through unobserved.
 */
export function timedStore<T extends object>(
  store: T,
  observe: (method: string, seconds: number) => void,
  now: () => number = () => performance.now(),
): T {
  const wrappers = new Map<string, { original: Function; wrapper: Function }>();
  const report = (method: string, startedAt: number): void => {
    // a metrics failure must never turn a store call that worked into one that failed
    try {
      observe(method, (now() - startedAt) / 1000);
    } catch {
      // the store's answer stands
    }
  };
  const wrap = (method: string, original: Function): Function =>
    function timed(...args: unknown[]): unknown {
      const startedAt = now();
      // called on the store itself, not the proxy: its private fields are not the proxy's
      const result: unknown = Reflect.apply(original, store, args);
      if (!isThenable(result)) return result;
      return Promise.resolve(result).then(
        (value) => {
          report(method, startedAt);
          return value;
        },
        (error: unknown) => {
          report(method, startedAt);
          throw error;
        },
      );
    };
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      const known = wrappers.get(property);
      // the same wrapper on every read (`store.close === store.close`), a new one if the method was replaced
      if (known?.original === value) return known.wrapper;
      const wrapper = wrap(property, value);
      wrappers.set(property, { original: value, wrapper });
      return wrapper;
    },
    set(target, property, value) {
      return Reflect.set(target, property, value, target);
    },
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
