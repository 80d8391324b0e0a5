import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startOpenAiFake, type OpenAiFake } from '../fake-upstreams/openai.ts';
import { startAivvmFake, type AivvmFake } from '../fake-upstreams/aivvm.ts';
import { runCli } from './run-cli.ts';

/** A real 1×1 PNG. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** The first bytes of a JPEG (SOI, APP0 "JFIF"), which is how the type is told. */
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);

type SentMessage = { role: string; content: string | Array<{ type: string; text?: string; image_url?: { url: string } }> };

describe('ask --image and --file, run as a real child process', () => {
  let openai: OpenAiFake;
  let aivvm: AivvmFake;
  let folder: string;
  let env: Record<string, string>;
  const path = (name: string) => join(folder, name);
  const lastMessages = () => (openai.requests.at(-1)?.parsedBody as { messages: SentMessage[] }).messages;

  before(async () => {
    openai = await startOpenAiFake({ models: ['gpt-4o', 'gpt-3.5-turbo'] });
    aivvm = await startAivvmFake();
    folder = await mkdtemp(join(tmpdir(), 'cordial-cli-attachments-'));
    await writeFile(path('cat.png'), png);
    await writeFile(path('photo.jpg'), jpeg);
    await writeFile(path('notes.md'), '# Notes\n\nКот сидит на окне. 🐈\n');
    await writeFile(path('data.json'), '{"answer": 42}');
    await writeFile(path('report.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0x00, 0xe2, 0xe3, 0xcf])]));
    await writeFile(path('latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    await writeFile(path('big.txt'), '');
    await truncate(path('big.txt'), 1024 * 1024 + 1);
    await writeFile(path('huge.png'), png);
    await truncate(path('huge.png'), 20 * 1024 * 1024 + 1);
    env = {
      PROVIDERS: 'openai,aivvm',
      OPENAI_BASE_URL: openai.url,
      OPENAI_MODELS: 'gpt-4o,gpt-3.5-turbo',
      OPENAI_VISION_MODELS: 'gpt-4o',
      AIVVM_BASE_URL: aivvm.url,
      PROVIDER_MAX_RETRIES: '0',
    };
  });
  after(async () => {
    await openai.stop();
    await aivvm.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('GIVEN --image for a vision model THEN the image reaches the upstream as a data URL whose bytes are the file, after the prompt', async () => {
    openai.enqueue({ text: 'A cat.' });
    const run = await runCli(['ask', '--model', 'openai/gpt-4o', '--image', path('cat.png'), 'What is this?'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'A cat.\n');
    const [message] = lastMessages();
    assert.equal(message?.role, 'user');
    assert.ok(Array.isArray(message.content));
    assert.deepEqual(message.content[0], { type: 'text', text: 'What is this?' });
    assert.equal(message.content[1]?.type, 'image_url');
    const url = message.content[1]?.image_url?.url ?? '';
    assert.match(url, /^data:image\/png;base64,/);
    assert.deepEqual(Buffer.from(url.slice('data:image/png;base64,'.length), 'base64'), png);
  });

  it('GIVEN --image twice and --file THEN every part is sent: the prompt, the file inlined, then the images in order, each with its type from its bytes', async () => {
    openai.enqueue({ text: 'Two pictures and notes.' });
    const run = await runCli(['ask', '--model', 'openai/gpt-4o', '--image', path('photo.jpg'), '--file', path('notes.md'), '--image', path('cat.png'), 'Describe'], env);
    assert.equal(run.code, 0, run.stderr);
    const content = lastMessages()[0]?.content;
    assert.ok(Array.isArray(content));
    assert.deepEqual(content.map((part) => part.type), ['text', 'text', 'image_url', 'image_url']);
    assert.equal(content[0]?.text, 'Describe');
    assert.equal(content[1]?.text, '[file notes.md]\n# Notes\n\nКот сидит на окне. 🐈\n[end of notes.md]');
    assert.equal(content[2]?.image_url?.url, `data:image/jpeg;base64,${jpeg.toString('base64')}`);
    assert.equal(content[3]?.image_url?.url, `data:image/png;base64,${png.toString('base64')}`);
  });

  it('GIVEN --file for any model THEN the file is inlined with its name after the prompt, as text', async () => {
    openai.enqueue({ text: '42.' });
    const run = await runCli(['ask', '--model', 'openai/gpt-3.5-turbo', '--file', path('data.json'), 'What is the answer?'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '42.\n');
    assert.deepEqual(lastMessages(), [{ role: 'user', content: 'What is the answer?\n[file data.json]\n{"answer": 42}\n[end of data.json]' }]);
  });

  it('GIVEN --image for a model not in <ID>_VISION_MODELS THEN exit 2 naming the setting, and no request at all', async () => {
    const before = openai.requests.length + aivvm.requests.length;
    const openaiRun = await runCli(['ask', '--model', 'openai/gpt-3.5-turbo', '--image', path('cat.png'), 'What is this?'], env);
    assert.equal(openaiRun.code, 2);
    assert.equal(openaiRun.stdout, '');
    assert.equal(openaiRun.stderr, 'cordial: openai/gpt-3.5-turbo is not given images: add "gpt-3.5-turbo" (or *) to OPENAI_VISION_MODELS if it is a vision model\nRun \'npx cordial ask --help\' for usage.\n');
    const aivvmRun = await runCli(['ask', '--model', 'aivvm/gpt-4', '--image', path('cat.png'), 'What is this?'], env);
    assert.equal(aivvmRun.code, 2);
    assert.match(aivvmRun.stderr, /^cordial: aivvm\/gpt-4 is not given images: aivvm is text-only\n/);
    assert.equal(openai.requests.length + aivvm.requests.length, before);
  });

  it('GIVEN --image for an endpoint that discovers its models AND no vision setting THEN exit 2 before even GET /models', async () => {
    const ollama = await startOpenAiFake({ variant: 'ollama', models: ['llava'] });
    try {
      const run = await runCli(['ask', '--model', 'ollama/llava', '--image', path('cat.png'), 'hi'], { PROVIDERS: 'ollama', OLLAMA_BASE_URL: ollama.url });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /OLLAMA_VISION_MODELS/);
      assert.deepEqual(ollama.requests, []);
    } finally {
      await ollama.stop();
    }
  });

  it('GIVEN a bad --file, or no prompt, for an endpoint that discovers its models THEN exit 2 before even GET /models', async () => {
    const ollama = await startOpenAiFake({ variant: 'ollama', models: ['llama3'] });
    try {
      const ollamaEnv = { PROVIDERS: 'ollama', OLLAMA_BASE_URL: ollama.url };
      const missingFile = await runCli(['ask', '--model', 'ollama/llama3', '--file', path('missing.txt'), 'hi'], ollamaEnv);
      assert.equal(missingFile.code, 2, missingFile.stderr);
      assert.match(missingFile.stderr, /--file .*missing\.txt: no such file\n/);
      const noPrompt = await runCli(['ask', '--model', 'ollama/llama3'], ollamaEnv, '');
      assert.equal(noPrompt.code, 2, noPrompt.stderr);
      assert.match(noPrompt.stderr, /no prompt/);
      assert.deepEqual(ollama.requests, []);
    } finally {
      await ollama.stop();
    }
  });

  it('GIVEN a file that is missing, a directory, of the wrong kind or too big THEN exit 2 saying which and why, and no request', async () => {
    const before = openai.requests.length;
    const cases: Array<[string[], RegExp]> = [
      [['--image', path('missing.png')], /--image .*missing\.png: no such file\n/],
      [['--file', path('missing.txt')], /--file .*missing\.txt: no such file\n/],
      [['--file', folder], /--file .*: a directory\n/],
      [['--image', path('notes.md')], /--image .*notes\.md: not a PNG, JPEG, WebP or GIF image\n/],
      [['--file', path('cat.png')], /--file .*cat\.png: this is an image; give it with --image\n/],
      [['--file', path('report.pdf')], /--file .*report\.pdf: not a text file \(text, data or source code in UTF-8\) that can be inlined\n/],
      [['--file', path('latin1.txt')], /--file .*latin1\.txt: not a text file/],
      [['--file', path('big.txt')], /--file .*big\.txt: larger than the 1 MB the CLI sends\n/],
      [['--image', path('huge.png')], /--image .*huge\.png: larger than the 20 MB the CLI sends\n/],
    ];
    for (const [flags, expected] of cases) {
      const run = await runCli(['ask', '--model', 'openai/gpt-4o', ...flags, 'hi'], env);
      assert.equal(run.code, 2, `${flags.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, expected);
    }
    assert.equal(openai.requests.length, before);
  });

  it('GIVEN --image or --file on chat THEN exit 2: they are options of ask', async () => {
    const run = await runCli(['chat', '--model', 'openai/gpt-4o', '--image', path('cat.png')], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^cordial: --image and --file are options of ask, not of chat\n/);
  });
});
