/**
 * Local fake upstreams, one per provider protocol (see README.md). Import from here.
 */
import { AivvmFake } from './aivvm.ts';
import type { FakeKind } from './common.ts';
import { H2oFake, type H2oFakeOptions } from './h2o.ts';
import { OpenAiFake, type OpenAiFakeOptions } from './openai.ts';

export * from './aivvm.ts';
export * from './common.ts';
export * from './h2o.ts';
export * from './openai.ts';
export * from './scenario.ts';

/** Options accepted by `startFake` (the union of every fake's options). */
export type AnyFakeOptions = OpenAiFakeOptions & H2oFakeOptions;

/** Starts a fake of the given kind on 127.0.0.1. */
export function startFake(kind: 'openai', options?: AnyFakeOptions): Promise<OpenAiFake>;
export function startFake(kind: 'h2o', options?: AnyFakeOptions): Promise<H2oFake>;
export function startFake(kind: 'aivvm', options?: AnyFakeOptions): Promise<AivvmFake>;
export function startFake(kind: FakeKind, options?: AnyFakeOptions): Promise<OpenAiFake | H2oFake | AivvmFake>;
export function startFake(kind: FakeKind, options: AnyFakeOptions = {}): Promise<OpenAiFake | H2oFake | AivvmFake> {
  if (kind === 'openai') return new OpenAiFake(options).start();
  if (kind === 'h2o') return new H2oFake(options).start();
  return new AivvmFake(options).start();
}
