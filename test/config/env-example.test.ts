import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'dotenv';
import { loadProviderConfig } from '../../src/config/provider-config.ts';

const example = parse(readFileSync(new URL('../../.env.example', import.meta.url), 'utf8'));

describe('.env.example', () => {
  it('GIVEN the provider settings of .env.example THEN they are the defaults: the file documents them', () => {
    const fromExample = loadProviderConfig(example);
    const defaults = loadProviderConfig({});
    assert.deepEqual(fromExample.enabled, defaults.enabled);
    assert.deepEqual([fromExample.h2o, fromExample.aivvm], [defaults.h2o, defaults.aivvm]);
    assert.deepEqual(fromExample.http, defaults.http);
  });
});
