import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { whSimHome } from "./lib/home.js";
import type { WorldView } from "./providers/types.js";

/**
 * The provider APIs' state: one JSON file per document, `$WH_SIM_HOME/world/<kind>/<id>.json`.
 * Read afresh on every call (a `trigger` in another process may have changed it) and written
 * whole through a rename, so a reader never sees half a document; a listener restarted, or a
 * trigger run beside it, sees the same Items.
 */
export function fileWorld(home = whSimHome()): WorldView {
  const path = (kind: string, id: string) => {
    if (!/^[\w-]+$/.test(kind) || !/^[\w.-]+$/.test(id)) throw new Error(`not a world document name: ${kind}/${id}`);
    return join(home, "world", kind, `${id}.json`);
  };
  return {
    get<T>(kind: string, id: string): T | undefined {
      try {
        return JSON.parse(readFileSync(path(kind, id), "utf8")) as T;
      } catch {
        return undefined;
      }
    },
    put(kind, id, doc) {
      const file = path(kind, id);
      mkdirSync(join(home, "world", kind), { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(doc), { mode: 0o600 });
      renameSync(temp, file);
    },
    list(kind) {
      const dir = join(home, "world", kind);
      let names: string[];
      try {
        names = readdirSync(dir).filter((n) => n.endsWith(".json"));
      } catch {
        return [];
      }
      const written = names.map((n) => ({ id: n.slice(0, -5), at: statSync(join(dir, n)).mtimeMs }));
      return written.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).map((w) => w.id);
    },
  };
}
