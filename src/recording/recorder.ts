import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { UsageError } from "../lib/errors.js";
import type { RecordedRequest } from "./format.js";

/**
 * Appends each request as one complete line with a single synchronous write, so a Ctrl-C
 * (handled between writes) never leaves half a line, and nothing waits in a buffer.
 */
export class Recorder {
  private fd: number | undefined;
  count = 0;

  constructor(readonly file: string) {
    try {
      this.fd = openSync(file, "a", 0o600);
    } catch (error) {
      throw new UsageError(
        `cannot write the recording ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        "check that its folder exists and is writable",
      );
    }
  }

  append(entry: RecordedRequest): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    this.count++;
  }

  close(): void {
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }
}
