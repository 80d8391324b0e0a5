/**
 * Which files are text a model can read: the declared type or the file name says so, and the
 * bytes are valid UTF-8 (a `.txt` of Latin-1 or a binary renamed `.json` is not read).
 */

/** Declared content types (before any `;` parameter) that are text besides `text/*`. */
const TEXT_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'application/json', 'application/ld+json', 'application/xml', 'application/yaml', 'application/x-yaml',
  'application/toml', 'application/javascript', 'application/typescript', 'application/x-sh', 'application/sql',
  'application/x-httpd-php', 'application/graphql',
]);

/** File extensions of text: data, markup and source code (Discord often sends no type for them). */
const TEXT_EXTENSIONS: ReadonlySet<string> = new Set([
  'txt', 'text', 'md', 'markdown', 'rst', 'adoc', 'org', 'tex', 'log', 'csv', 'tsv', 'json', 'jsonl', 'ndjson',
  'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'env', 'properties', 'xml', 'html', 'htm', 'css', 'scss', 'sass',
  'less', 'svg', 'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'vue', 'svelte', 'py', 'pyi', 'rb', 'php',
  'pl', 'lua', 'r', 'jl', 'java', 'kt', 'kts', 'scala', 'groovy', 'gradle', 'c', 'h', 'cc', 'cpp', 'cxx', 'hpp',
  'hh', 'cs', 'fs', 'go', 'rs', 'swift', 'm', 'mm', 'dart', 'zig', 'nim', 'hs', 'ml', 'mli', 'ex', 'exs', 'erl',
  'clj', 'cljs', 'elm', 'sh', 'bash', 'zsh', 'fish', 'ps1', 'bat', 'cmd', 'sql', 'graphql', 'gql', 'proto',
  'dockerfile', 'makefile', 'cmake', 'tf', 'hcl', 'nix', 'diff', 'patch', 'srt', 'vtt',
]);

/** Whole file names that are text without an extension. */
const TEXT_FILE_NAMES: ReadonlySet<string> = new Set(['dockerfile', 'makefile', 'readme', 'license', 'gemfile', 'procfile']);

/**
 * Whether a file looks like text by its declared content type (`text/*`, JSON, XML, YAML,
 * scripts) or its name (source code and data extensions). The bytes still have to decode
 * (`decodeUtf8Text`).
 */
export function looksLikeTextFile(fileName: string, contentType?: string): boolean {
  const type = contentType?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (type.startsWith('text/') || TEXT_CONTENT_TYPES.has(type) || type.endsWith('+json') || type.endsWith('+xml')) return true;
  const lowerName = fileName.toLowerCase();
  const dot = lowerName.lastIndexOf('.');
  if (dot === -1) return TEXT_FILE_NAMES.has(lowerName);
  return TEXT_EXTENSIONS.has(lowerName.slice(dot + 1));
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The text of `bytes` when they are valid UTF-8 without NUL characters (a NUL means a binary
 * file, whatever its name); a leading byte-order mark is dropped. Else undefined.
 */
export function decodeUtf8Text(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
