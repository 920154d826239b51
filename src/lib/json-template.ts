import type { Json } from "./json.js";

/** A leaf of a JSON value that changes from one rendering to the next, and what it was compiled from. */
export interface Hole<Role> {
  readonly value: Json;
  /** The key that holds it (for an array item, the array's key), as `mapJson` passes it. */
  readonly key: string | undefined;
  readonly role: Role;
}

/**
 * A JSON value written once as 2-space pretty JSON with holes where its changing leaves are:
 * `render(values)` gives what `JSON.stringify(v, null, 2)` gives for the value with each hole's
 * leaf replaced by the value at its index. Holes are in the order `mapJson` visits leaves, so a
 * caller that draws randomness per leaf draws it in the same order either way. Rendering costs a
 * string concatenation per hole instead of a copy of the whole value and a pretty-printing of it.
 */
export interface JsonTemplate<Role> {
  readonly holes: readonly Hole<Role>[];
  render(values: readonly Json[]): string;
}

/** `pick` names the role of a leaf that changes (undefined for one that never does); `depth` is 1 for a top-level key. */
export function compileJsonTemplate<Role>(value: Json, pick: (leaf: Json, key: string | undefined, depth: number) => Role | undefined): JsonTemplate<Role> {
  const texts: string[] = [];
  const holes: Hole<Role>[] = [];
  let text = "";
  const write = (v: Json, key: string | undefined, depth: number, indent: string): void => {
    if (Array.isArray(v)) {
      if (v.length === 0) return void (text += "[]");
      const inner = `${indent}  `;
      text += "[\n";
      v.forEach((item, i) => {
        text += inner;
        write(item, key, depth + 1, inner);
        text += i < v.length - 1 ? ",\n" : "\n";
      });
      text += `${indent}]`;
      return;
    }
    if (v !== null && typeof v === "object") {
      const keys = Object.keys(v);
      if (keys.length === 0) return void (text += "{}");
      const inner = `${indent}  `;
      text += "{\n";
      keys.forEach((k, i) => {
        text += `${inner}${JSON.stringify(k)}: `;
        write(v[k]!, k, depth + 1, inner);
        text += i < keys.length - 1 ? ",\n" : "\n";
      });
      text += `${indent}}`;
      return;
    }
    const role = pick(v, key, depth);
    if (role === undefined) return void (text += JSON.stringify(v));
    texts.push(text);
    holes.push({ value: v, key, role });
    text = "";
  };
  write(value, undefined, 0, "");
  texts.push(text);
  return {
    holes,
    render(values) {
      let out = texts[0]!;
      for (let i = 0; i < holes.length; i++) out += JSON.stringify(values[i]) + texts[i + 1]!;
      return out;
    },
  };
}
