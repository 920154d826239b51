/**
 * What a long-running listener keeps in memory for someone to look at later (the inspector's
 * requests, what MCP's `received` and a test's `waitFor` read): the newest, within a byte budget
 * and a count, the oldest dropped first and counted, so that a flood of large bodies (cross-site
 * posts need no rebinding) cannot grow the process without bound.
 */
export class BoundedLog<T> {
  readonly items: T[] = [];
  /** How many of the oldest were dropped to stay within the budget. */
  dropped = 0;
  private bytes = 0;
  private readonly sizes: number[] = [];

  constructor(
    private readonly budgetBytes: number,
    private readonly capacity = Number.POSITIVE_INFINITY,
  ) {}

  /** Keeps an item of about `bytes`; drops the oldest while over the budget or the count (the newest always stays). */
  push(item: T, bytes: number): void {
    this.items.push(item);
    this.sizes.push(bytes);
    this.bytes += bytes;
    while (this.items.length > 1 && (this.bytes > this.budgetBytes || this.items.length > this.capacity)) {
      this.items.shift();
      this.bytes -= this.sizes.shift()!;
      this.dropped++;
    }
  }

  /** Forgets every item (counted as dropped: positions go on from where they were). */
  clear(): void {
    this.dropped += this.items.length;
    this.items.length = 0;
    this.sizes.length = 0;
    this.bytes = 0;
  }
}

/** The default budget of each log: 128 MB each, a few hundred MB at most in all (`wh-sim listen --memory`). */
export const DEFAULT_MEMORY_BYTES = 128 * 1024 * 1024;
