import { vi } from "vitest";

export interface Captured {
  stdout: string;
  stderr: string;
  /** What the command threw (a UsageError is exit 2, a DeliveryError exit 1), if anything. */
  error?: unknown;
}

/** Runs a command in-process and collects what it printed with console.log / console.error. */
export async function capture(run: () => Promise<unknown>): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void (stdout += `${args.join(" ")}\n`));
  const error = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void (stderr += `${args.join(" ")}\n`));
  try {
    await run();
    return { stdout, stderr };
  } catch (thrown) {
    return { stdout, stderr, error: thrown };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}
