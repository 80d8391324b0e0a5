import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { ReasoningOutput } from '../../src/cli/reasoning-output.ts';
import { streamToOutput } from '../../src/cli/stream-to-output.ts';
import type { ResolvedModel } from '../../src/providers/registry.ts';
import type { StreamPart } from '../../src/model/stream-part.ts';

function collected(isTTY: boolean): PassThrough & { isTTY: boolean; text: () => string } {
  const stream = new PassThrough() as PassThrough & { isTTY: boolean; text: () => string };
  stream.isTTY = isTTY;
  let text = '';
  stream.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  stream.text = () => text;
  return stream;
}

/** A model that yields `parts`, then fails with `failure` when one is given. */
function modelYielding(parts: StreamPart[], failure?: Error): ResolvedModel {
  const provider = {
    id: 'stub',
    listModels: async () => [],
    knowsModel: () => true,
    checkReachable: async () => {},
    async *stream() {
      yield* parts;
      if (failure !== undefined) throw failure;
    },
  };
  return { provider, model: 'm', id: 'stub/m' };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('streamToOutput with a ReasoningOutput', () => {
  it('GIVEN reasoning, then text, at a terminal THEN stderr shows the reasoning faint, closed by a line break, before the answer', async () => {
    const answer = collected(true);
    const errors = collected(true);
    const parts: StreamPart[] = [
      { type: 'reasoning-delta', text: 'Think' },
      { type: 'reasoning-delta', text: 'ing.' },
      { type: 'text-delta', text: 'Done' },
      { type: 'finish', reason: 'stop' },
    ];
    const result = await streamToOutput(modelYielding(parts), [], {}, { answer, reasoning: new ReasoningOutput(errors) }, new AbortController().signal);
    await settle();
    assert.equal(result.text, 'Done');
    assert.equal(answer.text(), 'Done');
    assert.equal(errors.text(), '\x1b[2mThinking.\x1b[22m\n');
  });

  it('GIVEN a failure mid-reasoning at a terminal THEN the faint style is still turned off', async () => {
    const errors = collected(true);
    const result = await streamToOutput(modelYielding([{ type: 'reasoning-delta', text: 'Hmm\n' }], new Error('cut')), [], {}, { answer: collected(false), reasoning: new ReasoningOutput(errors) }, new AbortController().signal);
    await settle();
    assert.equal((result.error as Error).message, 'cut');
    assert.equal(errors.text(), '\x1b[2mHmm\n\x1b[22m');
  });

  it('GIVEN no ReasoningOutput THEN reasoning is dropped and the answer is exact', async () => {
    const answer = collected(false);
    const parts: StreamPart[] = [{ type: 'reasoning-delta', text: 'secret' }, { type: 'text-delta', text: 'Answer' }, { type: 'finish', reason: 'stop' }];
    const result = await streamToOutput(modelYielding(parts), [], {}, { answer }, new AbortController().signal);
    await settle();
    assert.equal(result.finish?.reason, 'stop');
    assert.equal(answer.text(), 'Answer');
  });
});
