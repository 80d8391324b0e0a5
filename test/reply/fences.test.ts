import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeLine, fenceAfterLine, fenceStateAt, reopenLine } from '../../src/reply/fences.ts';

describe('fenceAfterLine', () => {
  it('GIVEN a fence line with a language THEN it opens a block with that language', () => {
    assert.deepEqual(fenceAfterLine('```ts', undefined), { ticks: '```', info: 'ts' });
    assert.deepEqual(fenceAfterLine('  ```python  ', undefined), { ticks: '```', info: 'python' });
  });

  it('GIVEN a bare fence inside a block THEN it closes the block', () => {
    assert.equal(fenceAfterLine('```', { ticks: '```', info: 'ts' }), undefined);
    assert.equal(fenceAfterLine('```\r', { ticks: '```', info: '' }), undefined);
  });

  it('GIVEN a shorter or annotated fence inside a longer block THEN the block stays open', () => {
    const open = { ticks: '````', info: 'md' };
    assert.equal(fenceAfterLine('```', open), open);
    assert.equal(fenceAfterLine('```js', open), open);
    assert.equal(fenceAfterLine('````', open), undefined);
  });

  it('GIVEN backticks inside prose THEN nothing changes', () => {
    assert.equal(fenceAfterLine('use ```inline``` here', undefined), undefined);
    assert.equal(fenceAfterLine('``not a fence', undefined), undefined);
  });
});

describe('fenceStateAt', () => {
  const text = 'intro\n```ts\nconst a = 1;\n```\nafter\n```py\nprint(1)\n';

  it('GIVEN positions through a text THEN it tells which block is open there', () => {
    assert.equal(fenceStateAt(text, 0, 6, undefined), undefined);
    assert.deepEqual(fenceStateAt(text, 0, text.indexOf('const'), undefined), { ticks: '```', info: 'ts' });
    assert.equal(fenceStateAt(text, 0, text.indexOf('after'), undefined), undefined);
    assert.deepEqual(fenceStateAt(text, 0, text.length, undefined), { ticks: '```', info: 'py' });
  });

  it('GIVEN an unfinished last line THEN it counts only when asked', () => {
    const partial = '```ts\ncode\n```';
    assert.deepEqual(fenceStateAt(partial, 0, partial.length, undefined), { ticks: '```', info: 'ts' });
    assert.equal(fenceStateAt(partial, 0, partial.length, undefined, true), undefined);
  });

  it('GIVEN a start inside a block THEN it continues from the given state', () => {
    const rest = 'more code\n```\nprose';
    assert.equal(fenceStateAt(rest, 0, rest.length, { ticks: '```', info: 'ts' }), undefined);
  });
});

describe('reopenLine and closeLine', () => {
  it('keeps the language and closes on its own line', () => {
    assert.equal(reopenLine({ ticks: '```', info: 'ts' }), '```ts\n');
    assert.equal(closeLine({ ticks: '````', info: '' }, true), '````');
    assert.equal(closeLine({ ticks: '```', info: '' }, false), '\n```');
  });
});
