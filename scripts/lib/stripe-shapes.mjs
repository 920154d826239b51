// Stripe's object shapes, read from the TypeScript declarations stripe-node generates from Stripe's
// OpenAPI spec. Both the Stripe fixture generator (to shape what it writes) and the tests (to
// check every fixture) use them, so "valid" means one thing: valid against the stripe-node we
// depend on (`stripe`, the newest API version) or its aliased previous major (`stripe-22`).
//
// A type becomes a small descriptor tree; checking and shaping JSON works on descriptors only:
//   { kind: "any" } | { kind: "string" | "number" | "boolean" | "null" } | { kind: "literal", value }
//   | { kind: "decimal" } | { kind: "array", element } | { kind: "union", members }
//   | { kind: "object", name, props: Map<key, { optional, type }>, index }
import { join } from "node:path";
import ts from "typescript";
import { ROOT } from "./emit-generated.mjs";

/** The stripe-node packages we shape for: the newest (default) and the previous major. */
export const STRIPE_PACKAGES = ["stripe", "stripe-23-1", "stripe-22"];

/**
 * Loads one stripe-node package's declarations. Returns its API version, and for every v1 event
 * type: the event's descriptor, its object's descriptor and its documentation line.
 */
export function loadStripeShapes(packageName = "stripe") {
  const { checker, aliases, packageDir } = compile(packageName, ["Stripe.Event"]);
  const describe = describer(checker);
  const events = new Map();
  for (const member of aliases[0].types) {
    const type = literalProperty(checker, member, "type");
    if (type === undefined) continue;
    const dataType = checker.getTypeOfSymbol(member.getProperty("data"));
    const objectType = checker.getTypeOfSymbol(dataType.getProperty("object"));
    events.set(type, { event: describe(member), object: describe(objectType), objectName: checker.typeToString(objectType), doc: docOf(checker, member) });
  }
  const version = /ApiVersion = '([^']+)'/.exec(ts.sys.readFile(join(packageDir, "esm/apiVersion.js")) ?? "")?.[1];
  if (!version) throw new Error(`${packageName}: no ApiVersion in esm/apiVersion.js`);
  return { packageName, version, events };
}

/**
 * The thin (v2) event types: for each, the fetched event's shape (`GET /v2/core/events/{id}`),
 * the related object's shape (what `fetchRelatedObject()` resolves to) or undefined, whether the
 * reference is a singleton (no id), and its documentation line.
 */
export function loadThinShapes(packageName = "stripe") {
  const { checker, aliases } = compile(packageName, ["Stripe.V2.Core.Event"]);
  const describe = describer(checker);
  const events = new Map();
  for (const member of aliases[0].types) {
    const type = literalProperty(checker, member, "type");
    if (type === undefined) continue;
    const fetch = member.getProperty("fetchRelatedObject");
    const [signature] = fetch ? checker.getSignaturesOfType(checker.getTypeOfSymbol(fetch), ts.SignatureKind.Call) : [];
    const promised = signature && checker.getAwaitedType(checker.getReturnTypeOfSignature(signature));
    const reference = member.getProperty("related_object");
    events.set(type, {
      event: describe(member),
      related: promised ? describe(promised) : undefined,
      singleton: reference ? checker.typeToString(checker.getTypeOfSymbol(reference)).includes("Singleton") : false,
      doc: docOf(checker, member),
    });
  }
  return { packageName, events };
}

/**
 * Named stripe-node types as shape descriptors (`Stripe.WebhookEndpoint`, `Stripe.FinancialConnections.Transaction`…):
 * the objects the API answers that no event carries.
 */
export function loadStripeTypes(typeNames, packageName = "stripe") {
  const { checker, aliases } = compile(packageName, typeNames, false);
  const describe = describer(checker);
  return new Map(typeNames.map((name, i) => [name, describe(aliases[i])]));
}

/** A program over one stripe-node package's declarations, with the named types resolved (each a union, unless told otherwise). */
function compile(packageName, typeNames, unions = true) {
  const packageDir = join(ROOT, "node_modules", packageName);
  const entry = join(ROOT, "__stripe_shapes__.ts");
  const source = `import Stripe from ${JSON.stringify(packageName)};\n${typeNames.map((t, i) => `export type T${i} = ${t};`).join("\n")}\n`;
  const options = {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, ...rest) =>
    name === entry ? ts.createSourceFile(name, source, ts.ScriptTarget.ES2022, true) : getSourceFile.call(host, name, ...rest);
  host.fileExists = (name) => name === entry || fileExists.call(host, name);
  host.readFile = (name) => (name === entry ? source : readFile.call(host, name));
  const program = ts.createProgram([entry], options, host);
  const checker = program.getTypeChecker();
  const aliases = program
    .getSourceFile(entry)
    .statements.filter((s) => ts.isTypeAliasDeclaration(s))
    .map((s) => checker.getTypeAtLocation(s.name));
  aliases.forEach((a, i) => {
    if (unions && !a.isUnion()) throw new Error(`${packageName}: ${typeNames[i]} is not a union`);
  });
  return { checker, aliases, packageDir };
}

function literalProperty(checker, type, name) {
  const prop = type.getProperty(name);
  const literal = prop && checker.getTypeOfSymbol(prop);
  return literal?.isStringLiteral() ? literal.value : undefined;
}

const docOf = (checker, type) => ts.displayPartsToString(type.symbol.getDocumentationComment(checker)).trim();

/** Turns TypeScript types into descriptors, lazily (Stripe's types are recursive) and once per type. */
function describer(checker) {
  const cache = new Map();
  const describe = (type) => {
    let desc = cache.get(type.id);
    if (desc) return desc;
    desc = build(type);
    cache.set(type.id, desc);
    return desc;
  };
  const build = (type) => {
    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { kind: "any" };
    if (f & ts.TypeFlags.Null) return { kind: "null" };
    if (type.isStringLiteral() || type.isNumberLiteral()) return { kind: "literal", value: type.value };
    if (f & ts.TypeFlags.BooleanLiteral) return { kind: "literal", value: type.intrinsicName === "true" };
    if (f & ts.TypeFlags.String) return { kind: "string" };
    if (f & ts.TypeFlags.Number) return { kind: "number" };
    if (type.aliasSymbol?.name === "Decimal") return { kind: "decimal" };
    // `'a' | 'b' | OtherString` (string & {}): stripe-node's forward-compatible enums. Stripe sends
    // the listed values; checks hold a field to them, and OtherString alone means any string.
    if (type.isIntersection() && type.types.some((t) => t.flags & ts.TypeFlags.String)) return { kind: "otherString" };
    if (type.isUnion()) {
      const members = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined)).map(describe);
      return members.length === 1 ? members[0] : { kind: "union", members };
    }
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type);
      return lazy({ kind: "array" }, "element", () => describe(element));
    }
    const desc = { kind: "object", name: checker.typeToString(type) };
    lazy(desc, "props", () => {
      const props = new Map();
      for (const symbol of checker.getPropertiesOfType(type)) {
        // Methods (a thin event's fetchRelatedObject) are the SDK's, not the JSON's.
        if (symbol.flags & ts.SymbolFlags.Method || checker.getSignaturesOfType(checker.getTypeOfSymbol(symbol), ts.SignatureKind.Call).length) continue;
        const optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0;
        props.set(symbol.name, { optional, type: describe(checker.getTypeOfSymbol(symbol)) });
      }
      return props;
    });
    const [index] = checker.getIndexInfosOfType(type);
    return lazy(desc, "index", () => (index ? describe(index.type) : undefined));
  };
  return describe;
}

function lazy(target, key, make) {
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = make();
      Object.defineProperty(target, key, { value, enumerable: true });
      return value;
    },
  });
  return target;
}

const isObjectDesc = (d) => d.kind === "object";
const isStringDesc = (d) => d.kind === "string" || d.kind === "otherString";
const hasNull = (d) => d.kind === "null" || (d.kind === "union" && d.members.some(hasNull));
const membersOf = (d) => (d.kind === "union" ? d.members : [d]);

/**
 * An expandable field: Stripe's types say `string | Stripe.X` where X has an id. A webhook carries
 * the id string (webhooks are never expanded).
 */
export function isExpandable(desc) {
  const members = membersOf(desc);
  return members.some(isStringDesc) && members.some((m) => isObjectDesc(m) && m.props.has("id"));
}

/** The literal values a field allows, or undefined when it is not an enum. */
export function allowedLiterals(desc) {
  const members = membersOf(desc).filter((m) => m.kind !== "null" && m.kind !== "otherString");
  return members.length > 0 && members.every((m) => m.kind === "literal") ? members.map((m) => m.value) : undefined;
}

/** The object descriptor a JSON object is checked against: by its `object` literal, else the closest. */
function objectMemberFor(value, desc) {
  const candidates = membersOf(desc).filter(isObjectDesc);
  if (candidates.length <= 1) return candidates[0];
  const byObject = candidates.find((c) => {
    const o = c.props.get("object")?.type;
    return o?.kind === "literal" && o.value === value.object;
  });
  if (byObject) return byObject;
  let best;
  let fewest = Infinity;
  for (const c of candidates) {
    const n = checkShape(value, c).length;
    if (n < fewest) [best, fewest] = [c, n];
  }
  return best;
}

const kindOfValue = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Every way `value` differs from `desc`: [{ path, message }]. `partial` (for previous_attributes)
 * makes object properties optional at every depth; array elements stay whole.
 */
export function checkShape(value, desc, path = "", partial = false) {
  const errors = [];
  const fail = (message) => errors.push({ path: path || "(root)", message });
  const members = membersOf(desc);
  if (members.some((m) => m.kind === "any")) return errors;
  if (value === null) {
    if (!hasNull(desc)) fail("is null; Stripe's type does not allow null");
    return errors;
  }
  switch (kindOfValue(value)) {
    case "string": {
      if (members.some((m) => m.kind === "string") || (members.some((m) => m.kind === "decimal") && DECIMAL.test(value))) return errors;
      const literals = members.filter((m) => m.kind === "literal" && typeof m.value === "string").map((m) => m.value);
      if (literals.includes(value) || (literals.length === 0 && members.some((m) => m.kind === "otherString"))) return errors;
      fail(literals.length ? `"${value}" is not one of ${literals.map((l) => `"${l}"`).join(", ")}` : `is a string; expected ${expected(desc)}`);
      return errors;
    }
    case "number":
      if (!members.some((m) => m.kind === "number" || (m.kind === "literal" && m.value === value))) fail(`is ${value}; expected ${expected(desc)}`);
      return errors;
    case "boolean":
      if (!members.some((m) => m.kind === "literal" && m.value === value)) fail(`is ${value}; expected ${expected(desc)}`);
      return errors;
    case "array": {
      const array = members.find((m) => m.kind === "array");
      if (!array) fail(`is an array; expected ${expected(desc)}`);
      else value.forEach((v, i) => errors.push(...checkShape(v, array.element, `${path}[${i}]`, false)));
      return errors;
    }
    default: {
      if (isExpandable(desc)) {
        fail(`is an expanded object; a webhook carries the id string here`);
        return errors;
      }
      const object = objectMemberFor(value, desc);
      if (!object) {
        fail(`is an object; expected ${expected(desc)}`);
        return errors;
      }
      for (const [key, prop] of object.props) {
        if (!(key in value) && !prop.optional && !partial) errors.push({ path: join2(path, key), message: `is missing (required by ${object.name})` });
      }
      for (const [key, v] of Object.entries(value)) {
        const prop = object.props.get(key);
        const type = prop?.type ?? object.index;
        if (!type) errors.push({ path: join2(path, key), message: `is not a property of ${object.name}` });
        else errors.push(...checkShape(v, type, join2(path, key), partial));
      }
      return errors;
    }
  }
}

const join2 = (path, key) => (path ? `${path}.${key}` : key);

function expected(desc) {
  return membersOf(desc)
    .map((m) => (m.kind === "literal" ? JSON.stringify(m.value) : m.kind === "object" ? m.name : m.kind))
    .join(" | ");
}

/** Checks a whole event: the envelope against the event's type, previous_attributes as a partial object. */
export function checkEvent(event, shapes) {
  const info = shapes.events.get(event.type);
  if (!info) return [{ path: "type", message: `"${event.type}" is not an event type of ${shapes.packageName} (API ${shapes.version})` }];
  const { previous_attributes: previous, ...data } = event.data ?? {};
  const errors = checkShape({ ...event, data }, info.event);
  if (previous !== undefined) errors.push(...checkShape(previous, info.object, "data.previous_attributes", true));
  return errors;
}

/**
 * `value` reshaped to `desc`: expanded objects collapsed to their id, properties the type lacks
 * dropped, missing required ones (and values of the wrong type or outside an enum) made by
 * `fill(desc, path, key)`. Reports each change through `note(path, what)`.
 */
export function conform(value, desc, fill, note = () => {}, path = "", key = "", partial = false) {
  const members = membersOf(desc);
  if (members.some((m) => m.kind === "any")) return value;
  const replace = (why) => {
    note(path, why);
    return fill(desc, path, key);
  };
  if (value === null) return hasNull(desc) ? null : replace("null not allowed");
  if (isExpandable(desc) && kindOfValue(value) === "object") {
    note(path, "collapsed to its id");
    return typeof value.id === "string" ? value.id : fill(desc, path, key);
  }
  const problems = kindOfValue(value) === "object" || kindOfValue(value) === "array" ? [] : checkShape(value, desc, path);
  if (problems.length) return replace(problems[0].message);
  if (Array.isArray(value)) {
    const array = members.find((m) => m.kind === "array");
    return array ? value.map((v, i) => conform(v, array.element, fill, note, `${path}[${i}]`, key)) : replace("not an array");
  }
  if (kindOfValue(value) !== "object") return value;
  const object = objectMemberFor(value, desc);
  if (!object) return replace("not an object");
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    const type = object.props.get(k)?.type ?? object.index;
    if (type) out[k] = conform(v, type, fill, note, join2(path, k), k, partial);
    else note(join2(path, k), `dropped: not a property of ${object.name}`);
  }
  tidyTaggedUnion(out, object, note, path);
  if (!partial) {
    for (const [k, prop] of object.props) {
      if (k in out || prop.optional) continue;
      note(join2(path, k), "added");
      out[k] = fill(prop.type, join2(path, k), k);
    }
  }
  return out;
}

/**
 * Stripe's tagged hashes (`{type: "subscription_details", subscription_details: {…}, quote_details: null}`)
 * fill only the member their `type` names; the example objects often fill several.
 */
function tidyTaggedUnion(out, object, note, path) {
  const tags = typeof out.type === "string" ? allowedLiterals(object.props.get("type")?.type ?? { kind: "any" }) : undefined;
  for (const tag of tags ?? []) {
    if (tag === out.type || out[tag] === null || out[tag] === undefined) continue;
    const prop = object.props.get(tag);
    if (!prop) continue;
    note(join2(path, tag), `emptied: type is "${out.type}"`);
    if (hasNull(prop.type)) out[tag] = null;
    else if (prop.optional) delete out[tag];
  }
}

/**
 * A value of `desc` made from the type alone: null where allowed, the first literal of an enum,
 * else `primitive(kind, path, key, owner)` — kind "id" for an expandable reference (owner: the
 * object it refers to), else "string" | "number" | "boolean" | "decimal" (owner: the enclosing object).
 */
export function synthesize(desc, path, key, primitive, owner = undefined) {
  const members = membersOf(desc);
  if (hasNull(desc)) return null;
  if (isExpandable(desc))
    return primitive(
      "id",
      path,
      key,
      members.find((m) => isObjectDesc(m) && m.props.has("id")),
    );
  const first = members.find((m) => m.kind === "literal") ?? members[0];
  switch (first.kind) {
    case "literal":
      return first.value;
    case "array":
      return [];
    case "object": {
      const out = {};
      for (const [k, prop] of first.props) if (!prop.optional) out[k] = synthesize(prop.type, join2(path, k), k, primitive, first);
      return out;
    }
    case "otherString":
      return primitive("string", path, key, owner);
    default:
      return primitive(first.kind, path, key, owner);
  }
}
