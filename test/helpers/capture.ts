import fs from "node:fs";
import { vi } from "vitest";

export interface Captured {
  stdout: string;
  stderr: string;
  /** What the command threw (a UsageError is exit 2, a DeliveryError exit 1), if anything. */
  error?: unknown;
}

/** Runs a command in-process and collects what it printed: console.log / console.error, and writes to descriptor 1. */
export async function capture(run: () => Promise<unknown>): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void (stdout += `${args.join(" ")}\n`));
  const error = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void (stderr += `${args.join(" ")}\n`));
  const writeSync = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
  const direct = vi.spyOn(fs, "writeSync").mockImplementation(((fd: number, data: Uint8Array, offset?: number | null, ...rest: unknown[]) => {
    if (fd !== 1) return writeSync(fd, data, offset, ...rest);
    stdout += Buffer.from(data)
      .subarray(offset ?? 0)
      .toString("utf8");
    return data.length - (offset ?? 0);
  }) as typeof fs.writeSync);
  try {
    await run();
    return { stdout, stderr };
  } catch (thrown) {
    return { stdout, stderr, error: thrown };
  } finally {
    log.mockRestore();
    error.mockRestore();
    direct.mockRestore();
  }
}
