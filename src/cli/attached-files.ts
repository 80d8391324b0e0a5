/**
 * `ask --image <path>` and `--file <path>`: local files read into the parts of the user's
 * message, with the same classification as the bot's Discord attachments (an image by its
 * bytes, a text file by its name and valid UTF-8). Anything wrong with a file is the command
 * line's mistake (a UsageError, exit 2), found before any request is sent.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FileTextPart, ImagePart } from '../model/chat-message.ts';
import { formatByteSize } from '../attachments/byte-size.ts';
import { classifyAttachment } from '../attachments/classify-attachment.ts';
import { detectImageType } from '../attachments/image-type.ts';
import { attachedFileLimits } from './attached-file-limits.ts';
import { UsageError } from './usage-error.ts';

/** The paths given on the command line, each flag in the order given. */
export interface AttachedPaths {
  /** `--image` paths. */
  images: readonly string[];
  /** `--file` paths. */
  files: readonly string[];
}

/** The parts read from the paths: text files first, then images, each in the order given. */
export async function readAttachedFiles(paths: AttachedPaths): Promise<Array<FileTextPart | ImagePart>> {
  const files = await Promise.all(paths.files.map(readTextFile));
  const images = await Promise.all(paths.images.map(readImage));
  return [...files, ...images];
}

async function readImage(path: string): Promise<ImagePart> {
  const bytes = await readLocalFile('--image', path, attachedFileLimits.maxImageBytes);
  // by its bytes, as the bot reads attachments: a file name can say anything
  const mediaType = detectImageType(bytes);
  if (mediaType === undefined) throw new UsageError(`--image ${path}: not a PNG, JPEG, WebP or GIF image`);
  return { type: 'image', mediaType, data: bytes, name: basename(path) };
}

async function readTextFile(path: string): Promise<FileTextPart> {
  const bytes = await readLocalFile('--file', path, attachedFileLimits.maxTextFileBytes);
  const reading = classifyAttachment({ name: basename(path), bytes }, { maxTextFileBytes: attachedFileLimits.maxTextFileBytes });
  if (reading.kind === 'image') throw new UsageError(`--file ${path}: this is an image; give it with --image`);
  if (reading.kind !== 'file-text') throw new UsageError(`--file ${path}: not a text file (text, data or source code in UTF-8) that can be inlined`);
  return reading.part;
}

/** The whole file, refused before reading when it is no regular file or bigger than `maxBytes`. */
async function readLocalFile(flag: string, path: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw new UsageError(`${flag} ${path}: ${whyUnreadable(error)}`);
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new UsageError(`${flag} ${path}: ${stats.isDirectory() ? 'a directory' : 'not a regular file'}`);
    if (stats.size > maxBytes) throw new UsageError(`${flag} ${path}: larger than the ${formatByteSize(maxBytes)} the CLI sends`);
    return new Uint8Array(await handle.readFile());
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${flag} ${path}: ${whyUnreadable(error)}`);
  } finally {
    await handle.close();
  }
}

function whyUnreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'a directory';
  return `cannot be read (${error instanceof Error ? error.message : String(error)})`;
}
