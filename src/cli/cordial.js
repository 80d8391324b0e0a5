#!/usr/bin/env node
/**
 * The `cordial` command (package.json "bin", run as `npx cordial …`): the terminal CLI on
 * Node 24, whatever `node` the shell finds first.
 *
 * This file is plain JavaScript on purpose: a system Node older than 22 cannot load
 * TypeScript (ERR_UNKNOWN_FILE_EXTENSION), but it can run this. On Node 24 it loads
 * src/cli.ts in this process; on an older one it hands over to the Node 24 that `npm install`
 * brought (the `node` package), passing arguments, stdio, signals and the exit code through.
 * It writes nothing itself, so stdout stays the answer alone.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cliUrl = new URL('../cli.ts', import.meta.url);
const requiredMajor = 24;

if (Number(process.versions.node.split('.')[0]) >= requiredMajor) {
  await import(cliUrl.href);
} else {
  runOnPinnedNode();
}

function runOnPinnedNode() {
  const pinnedNode = findPinnedNode();
  if (pinnedNode === undefined) {
    process.stderr.write(`cordial: Node ${requiredMajor} is needed and this is Node ${process.versions.node}; run "npm install" in the project folder, which brings it\n`);
    process.exit(2);
  }
  const child = spawn(pinnedNode, [fileURLToPath(cliUrl), ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl+C reaches the child straight from the terminal (same process group): relaying it too
  // would interrupt it twice. Signals sent to this process alone are passed on.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`cordial: could not start ${pinnedNode}: ${error.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    // die of the same signal, so the shell reports it as it would have for the child
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
}

/** The `node` binary of the `node` package this project depends on, if it is installed. */
function findPinnedNode() {
  try {
    const packageJson = createRequire(import.meta.url).resolve('node/package.json');
    return path.join(path.dirname(packageJson), 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  } catch {
    return undefined;
  }
}
