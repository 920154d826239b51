import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from "node:fs";
import { UsageError } from "../lib/errors.js";
import type { RecordedRequest } from "./format.js";

/**
 * Appends each request as one complete line, or nothing: a short write is continued, and a line
 * that cannot be finished (a full disk) is cut back off the file. When the file cannot take more
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

  /** Writes the line whole; false when recording has stopped. */
  append(entry: RecordedRequest): boolean {
    const fd = this.fd;
    if (fd === undefined) return false;
    const line = Buffer.from(`${JSON.stringify(entry)}\n`);
    let written = 0;
    try {
      // Writes to a deleted file succeed and are lost: check that the recording is still there.
      if (fstatSync(fd).nlink === 0) throw Object.assign(new Error("the file was deleted"), { code: "deleted" });
      while (written < line.length) written += writeSync(fd, line, written);
    } catch (error) {
      if (written > 0) cutBack(fd, this.size);
      this.stop(
        `recording stopped: cannot write to ${this.file} (${describe(error)}); ${this.count} request${this.count === 1 ? "" : "s"} recorded before that`,
      );
      return false;
    }
    this.size += written;
    this.count++;
    return true;
  }

  close(): void {
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
