import { hmacSha256 } from "../../lib/crypto.js";
import { STRIPE_THIN_EVENTS } from "./thin-events.generated.js";

/**
 * What a thin event id carries, so that any `wh-sim listen` can rebuild the event and its related
 * object from the id alone — also for events `trigger` sent straight to the app, on another
 * machine, with no store shared between them.
 */
export interface ThinKey {
  readonly type: string;
  readonly created: Date;
  /** Seeds the event's ids and values. */
  readonly seed: Buffer;
  /** The connected account (`--account`): the event's `context`. */
  readonly context?: string | undefined;
  /** The related object's id, when it is given rather than made (a scenario's later steps). */
  readonly subject?: string | undefined;
}

const VERSION = 1;
const SEED_BYTES = 8;
const CHECK_BYTES = 4;
const CHECK_KEY = "wh-sim thin event id";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const PREFIX = "evt_test_";

/** `evt_test_` + base62 of [version][type index: 2][created ms: 6][seed: 8][context[\0 subject]][check: 4]. */
export function thinEventId(key: ThinKey): string {
  const index = STRIPE_THIN_EVENTS.findIndex((e) => e.name === key.type);
  if (index < 0) throw new RangeError(`not a thin event type: ${key.type}`);
  const head = Buffer.alloc(9);
  head.writeUInt8(VERSION, 0);
  head.writeUInt16BE(index, 1);
  head.writeUIntBE(key.created.getTime(), 3, 6);
  const names = (key.context ?? "") + (key.subject ? `\0${key.subject}` : "");
  const payload = Buffer.concat([head, key.seed.subarray(0, SEED_BYTES), Buffer.from(names, "utf8")]);
  return PREFIX + toBase62(Buffer.concat([payload, hmacSha256(CHECK_KEY, payload).subarray(0, CHECK_BYTES)]));
}

/** The key inside an id `thinEventId` made; undefined for any other id. */
export function parseThinEventId(id: string): ThinKey | undefined {
  if (!id.startsWith(PREFIX)) return undefined;
  const bytes = fromBase62(id.slice(PREFIX.length));
  if (!bytes || bytes.length < 9 + SEED_BYTES + CHECK_BYTES || bytes[0] !== VERSION) return undefined;
  const payload = bytes.subarray(0, bytes.length - CHECK_BYTES);
  if (
    !hmacSha256(CHECK_KEY, payload)
      .subarray(0, CHECK_BYTES)
      .equals(bytes.subarray(bytes.length - CHECK_BYTES))
  )
    return undefined;
  const type = STRIPE_THIN_EVENTS[payload.readUInt16BE(1)]?.name;
  if (!type) return undefined;
  const [context, subject] = payload
    .subarray(9 + SEED_BYTES)
    .toString("utf8")
    .split("\0");
  return {
    type,
    created: new Date(payload.readUIntBE(3, 6)),
    seed: Buffer.from(payload.subarray(9, 9 + SEED_BYTES)),
    ...(context ? { context } : {}),
    ...(subject ? { subject } : {}),
  };
}

function toBase62(bytes: Buffer): string {
  let n = BigInt(`0x${bytes.toString("hex")}`);
  let out = "";
  while (n > 0n) {
    out = BASE62[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}

function fromBase62(text: string): Buffer | undefined {
  if (!/^[0-9A-Za-z]{1,200}$/.test(text)) return undefined;
  let n = 0n;
  for (const c of text) n = n * 62n + BigInt(BASE62.indexOf(c));
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex");
}
