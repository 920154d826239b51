import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from "node:fs";
import { UsageError } from "../lib/errors.js";
import { recordLine, type RecordedRequest } from "./format.js";

/** A batch this long (in characters) is written at once rather than at the next turn of the event loop. */
const FLUSH_CHARS = 1 << 20;

/**
 * Appends each request as one complete line, or nothing: a short write is continued, and a line
 * that cannot be finished (a full disk) is cut back off the file. Lines are batched (see `append`). When the file cannot take more
 * (full, deleted, gone), recording stops and says why once; `count` is what the file really holds.
 */
export class Recorder {
  private fd: number | undefined;
  private size: number;
  count = 0;
  /** Why recording stopped before the listener did, if it did. */
  failure: string | undefined;

  constructor(
    readonly file: string,
    private readonly onFailure: (message: string) => void = () => undefined,
  ) {
    try {
      this.fd = openSync(file, "a", 0o600);
      this.size = fstatSync(this.fd).size;
    } catch (error) {
      throw new UsageError(`cannot write the recording ${file}: ${describe(error)}`, "check that its folder exists and is writable");
    }
  }

  // Lines wait for the next turn of the event loop and go out in one write: a listener under load
  // records thousands a second, and a write (and a check of the file) per line would cost more.
  // Kept as text and encoded once per batch: one conversion for thousands of lines.
  private pending: string[] = [];
  private pendingChars = 0;
  private scheduled = false;

  /** Queues the line, written whole at the next flush; false when recording has stopped. */
  append(entry: RecordedRequest): boolean {
    if (this.fd === undefined) return false;
    const line = `${recordLine(entry)}\n`;
    this.pending.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return true;
  }

  /** Writes the queued lines: each one whole, or (on a full disk) not at all. */
  flush(): void {
    this.scheduled = false;
    const fd = this.fd;
    const lines = this.pending;
    this.pending = [];
    this.pendingChars = 0;
    if (fd === undefined || lines.length === 0) return;
    const batch = Buffer.from(lines.join(""));
    let written = 0;
    try {
      // Writes to a deleted file succeed and are lost: check that the recording is still there.
      if (fstatSync(fd).nlink === 0) throw Object.assign(new Error("the file was deleted"), { code: "deleted" });
      while (written < batch.length) written += writeSync(fd, batch, written);
    } catch (error) {
      // Keep the lines that went out whole; cut the half line off.
      let whole = 0;
      let kept = 0;
      for (const line of lines) {
        const bytes = Buffer.byteLength(line);
        if (whole + bytes > written) break;
        whole += bytes;
        kept++;
      }
      if (written > whole) cutBack(fd, this.size + whole);
      this.size += whole;
      this.count += kept;
      this.stop(
        `recording stopped: cannot write to ${this.file} (${describe(error)}); ${this.count} request${this.count === 1 ? "" : "s"} recorded before that`,
      );
      return;
    }
    this.size += written;
    this.count += lines.length;
  }

  close(): void {
    this.flush();
    const fd = this.fd;
    if (fd === undefined) return;
    this.fd = undefined;
    try {
      fsyncSync(fd);
    } catch {
      // Nothing to flush on a device such as /dev/full, or the disk is gone: the lines were written.
    } finally {
      closeSync(fd);
    }
  }

  private stop(message: string): void {
    this.failure = message;
    this.close();
    this.onFailure(message);
  }
}

/** Removes half a line; a device that has no size (e.g. /dev/full) has nothing to cut. */
function cutBack(fd: number, size: number): void {
  try {
    ftruncateSync(fd, size);
  } catch {
    // Nothing to cut back on a device.
  }
}

function describe(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    ENOSPC: "no space left on the device",
    EACCES: "permission denied",
    EROFS: "read-only file system",
    EDQUOT: "disk quota exceeded",
    ENOENT: "no such folder",
    EISDIR: "it is a folder",
    EIO: "input/output error",
  };
  return code === "deleted" ? message : code ? `${code}${known[code] ? `: ${known[code]}` : ""}` : message;
}
