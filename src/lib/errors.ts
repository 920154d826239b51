/** Errors that carry the exit code the CLI should end with; anything else is a bug (70). */
export class WhSimError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    readonly hint?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad flag, unknown provider or event, bad override, unreadable input: exit 2. */
export class UsageError extends WhSimError {
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
  }
}

/** The thing checked failed: refused, timed out, unexpected status, invalid signature: exit 1. */
export class DeliveryError extends WhSimError {
  constructor(message: string, hint?: string) {
    super(message, 1, hint);
  }
}
