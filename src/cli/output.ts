import { closeSync, fstatSync, openSync, promises, writeSync, type Stats } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join, resolve } from 'node:path';
import { ArchcostError } from '../core/errors.js';
import { printable, PrintableText } from '../core/printable.js';
import { fsFailure, inputsRead } from './io.js';

/**
 * A command's output as it is written: every control character is escaped (as `\u001b`, which
 * inside a JSON string reads as the same value) except the newline and, when colour is on, the
 * colour sequences of archcost's own renderers. A spec's name or a file name therefore cannot
 * recolour the terminal, set its title or overwrite a line; the renderers need not know (the
 * labels that carry the user's text are escaped where they are made).
 */
async function printablePieces(text: string | readonly string[]): Promise<string[]> {
  const pieces = typeof text === 'string' ? [text] : text;
  // Text without an ESC prints the same with colour on or off: chalk (and node:tty, ~1 ms) loads only for text with one.
  const colour = pieces.some((piece) => piece.includes('\u001b')) && (await import('chalk')).default.level > 0;
  return pieces.map((piece) => printable(piece, colour));
}

/**
 * Writes a command's data: to standard output, or with `--output FILE` to a temporary file in the
 * same directory renamed over FILE, so a reader (or a baseline in a repository) never sees half of it.
 * FILE must be a regular file (or not exist yet) and not one of the files the command read; a
 * symbolic link is written through (the file it points to is replaced, the link stays), and an
 * existing file keeps its mode (and, when archcost runs as root, its owner).
 * Large outputs come in pieces (report/json.ts `jsonPieces`), each made when the last one is taken.
 */
export async function writeOutput(text: string | readonly string[] | PrintableText, file?: string): Promise<void> {
  if (file === undefined || file === '-') {
    if (text instanceof PrintableText) await printAsMade(text);
    else for (const piece of await printablePieces(text)) process.stdout.write(piece);
    return;
  }
  const { writeFile, chmod, chown, rename, rm } = promises; // fs.promises loads on first read: only --output needs it (~1 ms)
  const target = await throughLinks(file);
  const existing = await statOrUndefined(target, file);
  if (existing) refuseTarget(existing, file);
  // `wx` refuses a name that exists, so the suffix need only make a clash unlikely (node:crypto costs ~2 ms to load).
  const suffix = Math.floor(Math.random() * 2 ** 32).toString(16);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${suffix}.tmp`);
  try {
    const mode = existing ? existing.mode & 0o7777 : 0o666;
    if (text instanceof PrintableText) writeAsMade(temporary, text, mode);
    else await writeFile(temporary, await printablePieces(text), { flag: 'wx', mode });
    if (existing) {
      await chmod(temporary, existing.mode & 0o7777); // the umask may have cleared bits the file had
      if (process.getuid?.() === 0) await chown(temporary, existing.uid, existing.gid);
    }
    await rename(temporary, target);
  } catch (e) {
    await rm(temporary, { force: true });
    throw writeFailure(e, file, target);
  }
}

/** Why the output could not be written: the temporary file's directory missing, or the file system's refusal in words. */
function writeFailure(e: unknown, file: string, target = resolve(file)): ArchcostError {
  const error = e as NodeJS.ErrnoException;
  const why = error.code === 'ENOENT' ? `no such directory: ${dirname(target)}` : fsFailure(error);
  return new ArchcostError({ file, message: `cannot write the output: ${why}` });
}

/**
 * Prints each piece as soon as it is made, and makes the next only when standard output has taken
 * it: a pipe to a slower reader is non-blocking in Node, and writing on regardless would queue the
 * whole report in memory.
 */
async function printAsMade(text: PrintableText): Promise<void> {
  if (stdoutIsFile()) {
    // Node's stream for a file writes before `write` returns: the bytes are taken unless it holds them in a queue.
    return writeAsBytes(text.pieces, (bytes) => {
      process.stdout.write(bytes);
      return process.stdout.writableLength === 0;
    });
  }
  for (const piece of text.pieces) if (!process.stdout.write(piece)) await once(process.stdout, 'drain');
}

/** Writes each piece to the file as soon as it is made: a 70 MB report is never held whole. */
function writeAsMade(path: string, text: PrintableText, mode: number): void {
  const fd = openSync(path, 'wx', mode);
  try {
    writeAsBytes(text.pieces, (bytes) => {
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
      return true;
    });
  } finally {
    closeSync(fd);
  }
}

/**
 * Standard output is a file or a device such as /dev/null, not a terminal, a pipe or a socket:
 * what Node (libuv's handle guess) writes through a stream that writes at once.
 */
function stdoutIsFile(): boolean {
  if (process.stdout.isTTY) return false;
  try {
    const target = fstatSync(process.stdout.fd);
    return target.isFile() || target.isCharacterDevice();
  } catch {
    return false;
  }
}

/**
 * Hands each piece on as its UTF-8 bytes, made in one buffer used again for the next piece when
 * `write` says it has taken them. A buffer made for each 64 KB piece (Buffer.from, or what Node's
 * stream for a file does with a string) cost 4x the writing itself: 76 MB took ~35 ms, not ~8 ms.
 */
function writeAsBytes(pieces: Iterable<string>, write: (bytes: Buffer) => boolean): void {
  let buffer = Buffer.allocUnsafe(0);
  for (const piece of pieces) {
    // A UTF-16 unit is at most 3 bytes of UTF-8.
    if (buffer.length < 3 * piece.length) buffer = Buffer.allocUnsafe(3 * piece.length);
    const length = buffer.write(piece);
    // Still held (a queue): the next piece is made in a buffer of its own.
    if (!write(buffer.subarray(0, length))) buffer = Buffer.allocUnsafe(0);
  }
}

/** Links this deep are a loop (the kernel's own limit is 40). */
const MAX_LINKS = 40;

/** The file a path names after following symbolic links, even when the last one points to a file not made yet. */
async function throughLinks(file: string): Promise<string> {
  const { lstat, readlink } = promises;
  let path = resolve(file);
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    let link: Stats;
    try {
      link = await lstat(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return path;
      throw writeFailure(e, file);
    }
    if (!link.isSymbolicLink()) return path;
    path = resolve(dirname(path), await readlink(path).catch((e: unknown) => Promise.reject(writeFailure(e, file))));
  }
  throw new ArchcostError({ file, message: `cannot write the output: more than ${MAX_LINKS} symbolic links in a row (a loop?)` });
}

async function statOrUndefined(path: string, file: string): Promise<Stats | undefined> {
  const { stat } = promises;
  try {
    return await stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw writeFailure(e, file);
  }
}

/**
 * A device, a directory or a pipe is not replaced by a file; an input is not overwritten by the
 * report on it (the same file as one read: its device and inode when it was read).
 */
function refuseTarget(target: Stats, file: string): void {
  if (!target.isFile()) {
    throw new ArchcostError({ file, message: `--output writes a regular file, and this is ${kindOf(target)}; refusing to replace it` });
  }
  for (const { path: input, dev, ino } of inputsRead()) {
    if (dev === target.dev && ino === target.ino) {
      const same = resolve(input) === resolve(file) ? 'is' : `is the same file as ${input}, which is`;
      throw new ArchcostError({ file, message: `--output ${same} an input of this command; writing there would overwrite it: choose another file` });
    }
  }
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isFIFO()) return 'a named pipe';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}
