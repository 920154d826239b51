// node:fs/promises only when a write-behind world first writes (loading it costs a command ~4 ms on Node 26).
import { mkdirSync, promises as fsPromises, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { whSimHome } from "./lib/home.js";
import type { ProviderId, WorldView } from "./providers/types.js";
import { availableProviders, resolveProviderId } from "./providers/registry.js";

/** The world of a process: documents by kind and id, and a way to forget a provider's. */
export interface FileWorld extends WorldView {
  /**
   * Forgets every document of the kinds these providers own (`<provider>-…`: on disk, and those not
   * yet written), after the writes under way; the next call finds none.
   */
  clear(providers: readonly string[]): Promise<void>;
}

interface WorldOptions {
  /** Documents written after the answer (the listener), a document written many times written once. */
  writeBehind?: boolean;
  /** Said when a document cannot be written. */
  warn?: (message: string) => void;
  maxDocuments?: number;
}

/**
 * A listener's world (written behind), held as this process's world until `releaseWorld`: the
 * sends of this process write through it (`processWorld`).
 */
export function listenerWorld(home = whSimHome(), options: Omit<WorldOptions, "writeBehind"> = {}): FileWorld {
  const world = fileWorld(home, { ...options, writeBehind: true });
  listenerWorlds.set(home, world);
  return world;
}

/**
 * The world this process should read and write under `home`: a listener's (write-behind) when one
 * runs in this process, so that what `trigger` makes true and what the listener makes true are
 * one sequence of writes (two worlds of one process, one writing behind, could write an older
 * document over a newer one); otherwise one that writes at once. Between processes the rename of
 * each whole document is the only order (a listener and a `trigger` in another process).
 */
export function processWorld(home = whSimHome()): FileWorld {
  return listenerWorlds.get(home) ?? fileWorld(home);
}

/** The latest write-behind (listener's) world of this process, by home. */
const listenerWorlds = new Map<string, FileWorld>();

/** A listener's world is done with (its listener closed): this process's sends write at once again. */
export function releaseWorld(world: FileWorld): void {
  for (const [home, held] of listenerWorlds) if (held === world) listenerWorlds.delete(home);
}

/**
 * The provider APIs' state: one JSON file per document, `$WH_SIM_HOME/world/<kind>/<id>.json`.
 * Read afresh on every call (a `trigger` in another process may have changed it) and written
 * whole through a rename, so a reader never sees half a document; a listener restarted, or a
 * trigger run beside it, sees the same Items.
 */
export function fileWorld(home = whSimHome(), { writeBehind = false, warn = () => undefined, maxDocuments = MAX_DOCUMENTS }: WorldOptions = {}): FileWorld {
  const path = (kind: string, id: string) => {
    if (!/^[\w-]+$/.test(kind)) throw new Error(`not a world document kind: ${kind}`);
    return join(home, "world", kind, `${fileNameOf(id)}.json`);
  };
  // Write-behind (the listener): documents are written after the answer, a document written many
  // times before then is written once, and this process reads its own writes from memory first.
  const pending = new Map<string, { kind: string; id: string; doc: string; failures?: number }>();
  // Each write has a temporary file of its own: two writes of one document never share one.
  let written = 0;
  const folders = new Set<string>();
  const fileAndTemp = (kind: string, id: string) => {
    const file = path(kind, id);
    // Made once per kind in this process (a listener writes thousands of documents a second).
    if (!folders.has(kind) || !writeBehind) mkdirSync(join(home, "world", kind), { recursive: true, mode: 0o700 });
    folders.add(kind);
    return { file, temp: `${file}.${process.pid}.${++written}.tmp` };
  };
  const writeOne = async (kind: string, id: string, doc: string) => {
    const { file, temp } = fileAndTemp(kind, id);
    await fsPromises.writeFile(temp, doc, { mode: 0o600 });
    await fsPromises.rename(temp, file);
  };
  let flushing: Promise<void> | undefined;
  // The first write after a quiet spell goes at the next turn; under load, batches are spaced, so
  // that a document put by every request is written a few times a second, not once per request.
  const flush = async (after?: { ms: number; keepsAlive: boolean }): Promise<void> => {
    await new Promise((resolve) => {
      if (!after) return void setImmediate(resolve);
      const timer = setTimeout(resolve, after.ms);
      if (!after.keepsAlive) timer.unref();
    });
    let failed = false;
    const write = async (entry: { kind: string; id: string; doc: string; failures?: number }) => {
      const { kind, id, doc } = entry;
      const key = `${kind}/${id}`;
      try {
        await writeOne(kind, id, doc).catch((error: NodeJS.ErrnoException) => {
          // The folder was removed under this listener: made again, once.
          if (error.code !== "ENOENT") throw error;
          folders.delete(kind);
          return writeOne(kind, id, doc);
        });
      } catch (error) {
        // A document that cannot be written (a full disk) stays in memory: this listener still
        // answers from it, and tries again a second later; one that fails every time is given up,
        // said, and never holds up the others.
        entry.failures = (entry.failures ?? 0) + 1;
        if (entry.failures < WRITE_ATTEMPTS) failed = true;
        else {
          if (pending.get(key) === entry) pending.delete(key);
          unwritten.push(key);
          warn(
            `could not write ${key} of the offline world (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); it is kept in memory until the listener stops`,
          );
        }
        return;
      }
      if (pending.get(key)?.doc === doc) pending.delete(key);
    };
    // Several at once (each is two trips to Node's thread pool): one at a time wrote ~2,000
    // documents a second, while a load of distinct events puts more, and the backlog grew.
    const batch = [...pending.values()];
    for (let at = 0; at < batch.length; at += PARALLEL_WRITES) await Promise.all(batch.slice(at, at + PARALLEL_WRITES).map(write));
    flushing = undefined;
    // A retry is not waited for (a listener closing on a full disk ends) and keeps no process alive.
    if (pending.size) flushing = failed ? flush({ ms: RETRY_MS, keepsAlive: false }) : track(flush({ ms: FLUSH_SPACING_MS, keepsAlive: true }));
  };
  // The ids each kind holds, read once per kind: a new one past MAX_DOCUMENTS is refused (WorldFullError).
  const held = new Map<string, Set<string>>();
  const admit = (kind: string, id: string) => {
    let names = held.get(kind);
    if (!names) {
      try {
        names = new Set(readdirSync(join(home, "world", kind)).map((n) => n.slice(0, -5)));
      } catch {
        names = new Set();
      }
      held.set(kind, names);
    }
    const name = fileNameOf(id);
    if (names.has(name)) return;
    if (names.size >= maxDocuments) throw new WorldFullError(kind, join(home, "world", kind), maxDocuments);
    names.add(name);
  };
  return {
    get<T>(kind: string, id: string): T | undefined {
      const mine = pending.get(`${kind}/${id}`);
      if (mine) return JSON.parse(mine.doc) as T;
      try {
        return JSON.parse(readFileSync(path(kind, id), "utf8")) as T;
      } catch {
        return undefined;
      }
    },
    put(kind, id, doc) {
      admit(kind, id);
      if (writeBehind) {
        path(kind, id);
        // Serialised now: the caller may change its object afterwards, the document must not.
        // Deleted first, so that the map's order stays the order of the latest writes (list's order).
        pending.delete(`${kind}/${id}`);
        pending.set(`${kind}/${id}`, { kind, id, doc: JSON.stringify(doc) });
        flushing ??= track(flush());
        return;
      }
      const { file, temp } = fileAndTemp(kind, id);
      writeFileSync(temp, JSON.stringify(doc), { mode: 0o600 });
      renameSync(temp, file);
    },
    list(kind) {
      const dir = join(home, "world", kind);
      let names: string[] = [];
      try {
        names = readdirSync(dir).filter((n) => n.endsWith(".json"));
      } catch {
        // No document of this kind on disk yet (some may still be pending).
      }
      // Documents not yet written are the latest written: they come first, newest first.
      const notYet = [...pending.values()].filter((p) => p.kind === kind).map((p) => p.id);
      const isPending = new Set(notYet.map(fileNameOf));
      const onDisk = names
        .map((n) => n.slice(0, -5))
        .filter((name) => !isPending.has(name))
        .map((id) => ({ id, at: statSync(join(dir, `${id}.json`)).mtimeMs }));
      return [...notYet.reverse(), ...onDisk.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).map((w) => w.id)];
    },
    async clear(providers) {
      const owned = (kind: string) => providers.some((p) => kind.startsWith(`${p}-`));
      for (const [key, entry] of pending) if (owned(entry.kind)) pending.delete(key);
      // A batch already taken is written first, then removed with the rest.
      await flushing;
      const root = join(home, "world");
      let kinds: string[] = [];
      try {
        kinds = readdirSync(root);
      } catch {
        // No world yet: nothing to forget.
      }
      for (const kind of kinds.filter(owned)) rmSync(join(root, kind), { recursive: true, force: true });
      for (const kind of [...held.keys()].filter(owned)) held.delete(kind);
      for (const kind of [...folders].filter(owned)) folders.delete(kind);
    },
  };
}

/** How many documents of one kind the world holds at most: past that, a new one is refused, and said. */
const MAX_DOCUMENTS = 100_000;

/** The world holds as many documents of a kind as it may: what a new one would have said is not kept. */
export class WorldFullError extends Error {
  constructor(kind: string, folder: string, most: number) {
    super(`the offline world holds ${most.toLocaleString("en-US")} ${kind} documents, its most: clear ${folder} to keep new ones`);
  }
}

/** Documents named by something else than a safe, short name (a 300-character id, `1e+308`) are stored under its hash. */
const SAFE_NAME = /^[\w.-]{1,200}$/;
const HASHED = /^~[0-9a-f]{64}$/;
function fileNameOf(id: string): string {
  // A listed name that is a hash already names its file (`list` gives names, `get` takes them back).
  return SAFE_NAME.test(id) || HASHED.test(id) ? id : `~${createHash("sha256").update(id).digest("hex")}`;
}

/** How many times a document is tried before it is given up (and said). */
const WRITE_ATTEMPTS = 3;

/** Documents given up on, by every write-behind world of this process: said again when the listener stops. */
const unwritten: string[] = [];

/** How long a write-behind world waits between batches when documents keep coming. */
const FLUSH_SPACING_MS = 50;
/** How many documents a write-behind world writes at once. */
const PARALLEL_WRITES = 16;
/** How long it waits before trying again a document it could not write. */
const RETRY_MS = 1000;

/** Writes still under way in this process's write-behind worlds. */
const inFlight = new Set<Promise<void>>();
function track(flush: Promise<void>): Promise<void> {
  inFlight.add(flush);
  void flush.finally(() => inFlight.delete(flush));
  return flush;
}

/**
 * Resolves once every document put in a write-behind world is on disk, or given up on (a listener
 * closing waits for it), with those that could not be written.
 */
export async function worldWritten(): Promise<string[]> {
  while (inFlight.size) await Promise.all(inFlight);
  return unwritten.splice(0);
}

/** The providers a reset names (all when none), each checked: a misspelt one is a usage error naming the nearest. */
export function providersToReset(given: readonly string[] | undefined): ProviderId[] {
  return given?.length ? [...new Set(given.map(resolveProviderId))] : availableProviders();
}

/**
 * Forgets what the offline APIs learnt, on disk (all providers, or those named): `wh-sim reset` and
 * the library's `reset()`. A running listener is reset through its own `reset` (it also forgets
 * what it holds in memory).
 */
export async function resetWorld(providers?: readonly string[], home = whSimHome()): Promise<{ providers: ProviderId[] }> {
  const chosen = providersToReset(providers);
  await fileWorld(home).clear(chosen);
  return { providers: chosen };
}
