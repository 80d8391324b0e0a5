/**
 * The container files, checked without Docker (no machine here has an engine): every step of the
 * Dockerfile is one this test stands in for. Its base image runs the Node major package.json
 * pins; what it COPYs exists, passes .dockerignore and is enough for src/ to load with the
 * production dependencies alone; its CMD's entry file and imports resolve; it runs as a user
 * other than root; compose.yaml's healthchecks and the settings it gives the bot. The real
 * `npm ci --omit=dev` and start-up are `.ci/container-steps`'s (too slow, and networked, here).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const packageJson = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** One instruction of a Dockerfile, its continuation lines joined. */
interface Instruction {
  name: string;
  args: string;
}

function parseDockerfile(text: string): Instruction[] {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [name = '', ...rest] = line.split(/\s+/);
      return { name: name.toUpperCase(), args: rest.join(' ') };
    });
}

const dockerfile = parseDockerfile(read('Dockerfile'));
const instructions = (name: string) => dockerfile.filter((instruction) => instruction.name === name);

/** A COPY's sources (relative to the build context) and destination, flags left out. */
function copyOf(instruction: Instruction): { sources: string[]; destination: string } {
  const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
  const destination = words.pop();
  assert.ok(destination !== undefined && words.length > 0, `COPY ${instruction.args}: no source`);
  return { sources: words.map((source) => source.replace(/\/$/, '')), destination };
}

/** A destination as a path inside the image's working directory (the folder standing for it). */
function inWorkdir(destination: string): string {
  const workdir = instructions('WORKDIR').at(-1)?.args ?? '/';
  return path.posix.isAbsolute(destination) ? path.posix.relative(workdir, destination) : destination;
}

/** .dockerignore's verdict on a path: the last pattern matching it or one of its parents wins. */
function isIgnored(file: string, patterns: string[]): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = path.posix.normalize(negated ? raw.slice(1) : raw).replace(/^\/|\/$/g, '');
    const expression = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\0').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\0/g, '.*')}$`);
    const parts = file.split('/');
    const matches = parts.some((_, index) => expression.test(parts.slice(0, index + 1).join('/')));
    if (matches) ignored = !negated;
  }
  return ignored;
}

const ignorePatterns = read('.dockerignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

/** The files of the build context a COPY source names: the work tree's, less what .dockerignore leaves out (as `docker build .` sends them). */
function inContext(source: string): string[] {
  const walk = (relative: string): string[] =>
    statSync(path.join(root, relative)).isDirectory() ? readdirSync(path.join(root, relative)).flatMap((name) => walk(path.posix.join(relative, name))) : [relative];
  return walk(source).filter((file) => !isIgnored(file, ignorePatterns));
}

/** The tracked files a COPY source names (a file, or everything under a folder). */
function trackedUnder(source: string): string[] {
  return execFileSync('git', ['ls-files', '-z', '--', source], { cwd: root, encoding: 'utf8' }).split('\0').filter((file) => file !== '');
}

/** Module specifiers a source file loads at run time: `import type` and `export type` are erased, so left out. */
function runtimeImports(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^\s*(?:import|export)(\s+type\b)?[\w\s{},*$]*?\bfrom\s*['"]([^'"]+)['"]/gm)) if (match[1] === undefined) specifiers.push(match[2] as string);
  for (const match of source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) specifiers.push(match[1] as string);
  for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(match[1] as string);
  return specifiers;
}

/** The package a bare specifier names (`discord.js`, `@scope/name`, without a subpath). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(?:ts|js|mjs)$/.test(name) ? [full] : [];
  });
}

/** Where an import leads: `bare` for a package or builtin, else the file it must be. */
function target(fromFile: string, specifier: string): { bare: string } | { file: string } {
  return specifier.startsWith('.') || specifier.startsWith('/') ? { file: path.resolve(path.dirname(fromFile), specifier) } : { bare: specifier };
}

describe('the Dockerfile’s steps, checked without Docker', () => {
  // a folder holding exactly what the Dockerfile copies, as the image would
  let image: string;
  before(() => {
    image = mkdtempSync(path.join(tmpdir(), 'cordial-image-'));
    for (const instruction of instructions('COPY')) {
      const { sources, destination } = copyOf(instruction);
      for (const source of sources) {
        // a folder's contents go into the destination, a file goes there by its name
        const isFolder = statSync(path.join(root, source)).isDirectory();
        for (const file of inContext(source)) {
          const into = path.join(image, inWorkdir(destination), isFolder ? path.relative(source, file) : path.basename(file));
          mkdirSync(path.dirname(into), { recursive: true });
          cpSync(path.join(root, file), into);
        }
      }
    }
  });
  after(() => rmSync(image, { recursive: true, force: true }));

  it('GIVEN package.json pins Node through its `node` dependency THEN the base image runs that major', () => {
    const from = instructions('FROM');
    assert.equal(from.length, 1, 'one stage');
    const image = /^node:(\d+)(?:[.-]|$)/.exec(from[0]?.args ?? '');
    assert.ok(image !== null, `FROM ${from[0]?.args}: not an official node image`);
    const pinned = /^(\d+)\./.exec(packageJson.dependencies['node'] ?? '');
    assert.ok(pinned !== null, 'package.json pins no `node` dependency');
    assert.equal(image[1], pinned[1]);
  });

  it('THEN what it COPYs is tracked (a clone, as CI’s, has it), passes .dockerignore, and .dockerignore keeps out .env, node_modules, data/ and .git', () => {
    const copies = instructions('COPY').map(copyOf);
    assert.ok(copies.length > 0);
    for (const { sources } of copies) {
      for (const source of sources) {
        const files = trackedUnder(source);
        assert.ok(files.length > 0, `COPY ${source}: nothing tracked there`);
        for (const file of files) assert.equal(isIgnored(file, ignorePatterns), false, `${file} is copied but .dockerignore leaves it out of the build`);
      }
    }
    for (const kept of ['.env', 'node_modules/discord.js/package.json', 'data/cordial.sqlite', '.git/HEAD']) assert.equal(isIgnored(kept, ignorePatterns), true, `${kept} would reach the build`);
  });

  it('THEN the copied files are enough: every relative import in src/ resolves inside them, and every package imported is a production dependency or a node: builtin', () => {
    const production = new Set(Object.keys(packageJson.dependencies));
    const problems: string[] = [];
    for (const file of sourceFiles(path.join(image, 'src'))) {
      for (const specifier of runtimeImports(readFileSync(file, 'utf8'))) {
        const where = target(file, specifier);
        const name = path.relative(image, file);
        if ('file' in where) {
          if (!existsSync(where.file)) problems.push(`${name}: ${specifier} is not in the image`);
        } else if (!specifier.startsWith('node:') && !production.has(packageOf(specifier))) {
          const dev = packageOf(specifier) in packageJson.devDependencies ? ' (a dev dependency: --omit=dev leaves it out)' : '';
          problems.push(`${name}: ${specifier} is not a production dependency${dev}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('THEN `npm ci --ignore-scripts` skips only the `node` package’s install script (the image has its own Node)', () => {
    const run = instructions('RUN').map((instruction) => instruction.args);
    assert.ok(run.some((command) => /\bnpm ci\b.*--omit=dev/.test(command) && command.includes('--ignore-scripts')), 'npm ci --omit=dev --ignore-scripts');
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dev?: boolean; hasInstallScript?: boolean }> };
    const scripted = Object.entries(lock.packages)
      .filter(([name, entry]) => name !== '' && entry.dev !== true && entry.hasInstallScript === true)
      .map(([name]) => name);
    assert.deepEqual(scripted, ['node_modules/node']);
  });

  it('THEN its CMD runs a file of the image, everything it loads resolves, and it runs as a user other than root', async () => {
    const commands = instructions('CMD');
    assert.equal(commands.length, 1);
    const command = JSON.parse(commands[0]?.args ?? '') as string[];
    assert.equal(command[0], 'node', 'exec form, run by the image’s node');
    const entry = path.join(image, command[1] ?? '');
    assert.ok(existsSync(entry), `${command[1]} is not in the image`);
    // the entry's whole graph: files inside the image, packages as installed
    const seen = new Set<string>();
    const pending = [entry];
    const unresolved: string[] = [];
    while (pending.length > 0) {
      const file = pending.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const specifier of runtimeImports(readFileSync(file, 'utf8'))) {
        const where = target(file, specifier);
        if ('file' in where) {
          if (existsSync(where.file)) pending.push(where.file);
          else unresolved.push(`${path.relative(image, file)}: ${specifier}`);
        } else if (!specifier.startsWith('node:')) {
          try {
            import.meta.resolve(specifier);
          } catch {
            unresolved.push(`${path.relative(image, file)}: ${specifier}`);
          }
        }
      }
    }
    assert.deepEqual(unresolved, []);
    assert.ok(seen.size > 1, 'the entry imports the bot');

    const users = instructions('USER');
    const last = users.at(-1)?.args.split(':')[0];
    assert.ok(last !== undefined, 'no USER: the image would run as root');
    assert.notEqual(last, 'root');
    assert.notEqual(last, '0');
    assert.ok(dockerfile.lastIndexOf(users.at(-1) as Instruction) < dockerfile.indexOf(commands[0] as Instruction), 'USER comes before CMD');
  });
});

/** compose.yaml, read line by line: its services, a service's `environment` keys, and every `${VAR}` it interpolates. */
const composeLines = read('compose.yaml')
  .split('\n')
  .filter((line) => !/^\s*#/.test(line));

function serviceBlocks(): Map<string, string[]> {
  const services = new Map<string, string[]>();
  let inServices = false;
  let current: string[] | undefined;
  for (const line of composeLines) {
    if (/^\S/.test(line)) inServices = line.startsWith('services:');
    else if (inServices && /^ {2}[\w-]+:\s*$/.test(line)) services.set(line.trim().slice(0, -1), (current = []));
    else if (inServices && current !== undefined) current.push(line);
  }
  return services;
}

function environmentKeys(block: string[]): string[] {
  const start = block.findIndex((line) => /^ {4}environment:\s*$/.test(line));
  if (start < 0) return [];
  const keys: string[] = [];
  for (const line of block.slice(start + 1)) {
    const key = /^ {6}([A-Za-z_][A-Za-z0-9_]*):/.exec(line);
    if (key === null) break;
    keys.push(key[1] as string);
  }
  return keys;
}

const interpolated = [...new Set(composeLines.flatMap((line) => [...line.replace(/\$\$/g, '').matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1] as string)))];
const documented = new Set(
  read('.env.example')
    .split('\n')
    .flatMap((line) => /^#?\s*([A-Z][A-Z0-9_]*)=/.exec(line)?.[1] ?? []),
);


describe('compose.yaml', () => {
  const services = serviceBlocks();
  const bot = services.get('bot') ?? [];
  const undocumented = () => [...new Set([...environmentKeys(bot), ...interpolated])].filter((name) => !documented.has(name));

  it('GIVEN the bot, PostgreSQL and Redis THEN each has a healthcheck, and the bot waits for the other two to be healthy', () => {
    assert.deepEqual([...services.keys()].sort(), ['bot', 'postgres', 'redis']);
    for (const [name, block] of services) assert.ok(block.some((line) => /^ {4}healthcheck:/.test(line)), `${name} has no healthcheck`);
    const text = bot.join('\n');
    for (const dependency of ['postgres', 'redis']) assert.match(text, new RegExp(`^ {6}${dependency}:\\n {8}condition: service_healthy`, 'm'));
    assert.ok(bot.some((line) => /^ {4}env_file: \.env\s*$/.test(line)), 'settings from .env');
    assert.deepEqual(environmentKeys(bot).sort(), ['DATABASE_URL', 'HEALTH_PORT', 'REDIS_URL']);
    assert.ok((services.get('postgres') ?? []).some((line) => line.includes('postgres-data:/var/lib/postgresql/data')), 'PostgreSQL keeps its data in a volume');
  });

  it('THEN every setting it gives the bot or reads from .env is one .env.example documents', () => {
    assert.deepEqual(undocumented(), []);
  });
});
