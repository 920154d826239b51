import { InvalidArgumentError } from "commander";

export function parseInteger(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `200`, `2xx`, `200,202`: validated here, matched by `statusMatches`. */
export function parseExpect(value: string): string {
  const parts = value.split(",").map((p) => p.trim().toLowerCase());
  if (!parts.every((p) => /^[1-5](\d\d|xx)$/.test(p))) {
    throw new InvalidArgumentError("expected a status such as 200, 2xx or 200,202");
  }
  return parts.join(",");
}

/** `a,b , c` → ["a", "b", "c"]. */
export function parseList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

/** A Stripe connected account id, `acct_` and letters or digits. */
export function parseAccount(value: string): string {
  if (!/^acct_[A-Za-z0-9]{1,64}$/.test(value)) throw new InvalidArgumentError("expected a connected account id such as acct_1Nv0FGQ9RKHgCVdK");
  return value;
}

/** A number above zero (a rate, a duration). */
export function parsePositive(unit: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n > 0 && Number.isFinite(n))) throw new InvalidArgumentError(`expected a number of ${unit} above 0`);
    return n;
  };
}

export function parseFraction(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError("expected a number from 0 to 1");
  return n;
}

/** `1048576`, `512kb`, `10mb`. */
export function parseBytes(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError("expected a size such as 1048576, 512kb or 10mb");
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? "b").toLowerCase() as "b"];
  return Math.floor(Number(m[1]) * unit);
}
