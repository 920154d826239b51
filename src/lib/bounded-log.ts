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

  /**
   * Keeps an item of about `bytes`; over the budget or the count, drops the oldest (the newest always
   * stays) down to nine tenths of them at once: one splice now and then, not a shift of the whole
   * array for every item a full log takes.
   */
  push(item: T, bytes: number): void {
    this.items.push(item);
    this.sizes.push(bytes);
    this.bytes += bytes;
    if (this.bytes <= this.budgetBytes && this.items.length <= this.capacity) return;
    let drop = 0;
    let freed = 0;
    const keepBytes = this.budgetBytes * 0.9;
    const keepCount = Math.floor(this.capacity * 0.9);
    while (drop < this.items.length - 1 && (this.bytes - freed > keepBytes || this.items.length - drop > keepCount)) freed += this.sizes[drop++]!;
    this.items.splice(0, drop);
    this.sizes.splice(0, drop);
    this.bytes -= freed;
    this.dropped += drop;
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

/**
 * The default budget of what every listener keeps for `waitFor`, the control plane and MCP: some
 * thousands of webhooks, plenty for a test (which resets between tests), and little beside a long
 * run's other memory (`--memory` sets it, with the inspector's).
 */
export const DEFAULT_RECEIVED_BYTES = 16 * 1024 * 1024;
