import type { WorldView } from "./types.js";

/** Documents of one kind in the world: found by id, listed newest first (the most recently written). */
export interface Collection<T> {
  get(world: WorldView, id: string): T | undefined;
  put(world: WorldView, id: string, doc: T): void;
  /** The documents, most recently written first (at most `limit`). */
  newest(world: WorldView, limit?: number): T[];
}

export function collection<T>(kind: string): Collection<T> {
  return {
    get: (world, id) => world.get<T>(kind, id),
    put: (world, id, doc) => world.put(kind, id, doc),
    newest: (world, limit) =>
      world
        .list(kind)
        .slice(0, limit)
        .flatMap((id) => world.get<T>(kind, id) ?? []),
  };
}
