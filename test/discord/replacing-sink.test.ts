import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replacingSink } from '../../src/discord/sinks/replacing-sink.ts';
import type { ControlledSink } from '../../src/discord/sinks/streaming-controls.ts';

function recordingSink(): { sink: ControlledSink; writes: string[] } {
  const writes: string[] = [];
  let next = 900;
  return {
    writes,
    sink: {
      create: async (content) => {
        next += 1;
        writes.push(`create ${next}: ${content}`);
        return { messageId: String(next) };
      },
      edit: async (messageId, content) => {
        writes.push(`edit ${messageId}: ${content}`);
        return { messageId };
      },
      showControls: async (messageId) => void writes.push(`controls ${messageId}`),
    },
  };
}

test('GIVEN an answer of three messages regenerated into one THEN the first is edited and the other two are left for deletion', async () => {
  const { sink, writes } = recordingSink();
  const replacing = replacingSink(sink, ['101', '102', '103']);
  assert.deepEqual(await replacing.create('new', { final: false }), { messageId: '101' });
  await replacing.edit('101', 'new text', { final: true, last: true });
  assert.deepEqual(writes, ['edit 101: new', 'edit 101: new text']);
  assert.deepEqual(replacing.unused(), ['102', '103']);
});

test('GIVEN an answer of one message regenerated into two THEN the second is a new message and nothing is left over', async () => {
  const { sink, writes } = recordingSink();
  const replacing = replacingSink(sink, ['101']);
  await replacing.create('part one', { final: true });
  assert.deepEqual(await replacing.create('part two', { final: true, last: true }), { messageId: '901' });
  await replacing.showControls('901', {});
  assert.deepEqual(writes, ['edit 101: part one', 'create 901: part two', 'controls 901']);
  assert.deepEqual(replacing.unused(), []);
});
