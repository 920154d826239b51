// Headers that describe one connection, not the message (docs/providers.md, hop-by-hop headers); a relay sets its own.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  // An expectation (`Expect: 100-continue`) is met by the hop that receives it: the listener already answered it.
  "expect",
]);

/** Raw [name, value] pairs minus hop-by-hop ones, names and order kept. */
export function endToEndHeaders(pairs: readonly (readonly [string, string])[]): [string, string][] {
  return pairs.filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())).map(([n, v]) => [n, v]);
}

/** Node's flat rawHeaders → pairs. */
export function headerPairs(raw: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  return pairs;
}

/**
 * A map that inherits no key: a header named `constructor` or `__proto__` is just a header. Its
 * prototype has none, rather than it having no prototype: V8 keeps an object made by
 * `Object.create(null)` as a dictionary, twice as slow to fill for every request the listener reads.
 */
const HeaderBag = function () {} as unknown as new () => Record<string, string>;
HeaderBag.prototype = Object.create(null) as object;

/**
 * A request's headers as `headerMap` makes them, from Node's own map when no name repeats: it is
 * built for every request anyway (by Node 20 and 22 to read `Expect`, by the listener to read
 * `Content-Length`), and it is then the same map. When a name repeats it is not: Node keeps only
 * the first Content-Type, Authorization… where a verifier must see them all; a Set-Cookie is an
 * array. Node's map inherits Object's keys: it is only ever asked for headers by name (a
 * signature's, a credential's), never one named after those.
 */
export function requestHeaderMap(
  req: { headers: Record<string, string | string[] | undefined>; rawHeaders: string[] },
  pairs: readonly (readonly [string, string])[],
): Record<string, string> {
  const node = req.headers;
  let names = 0;
  for (const _ in node) names++;
  return names * 2 === req.rawHeaders.length && node["set-cookie"] === undefined ? (node as Record<string, string>) : headerMap(pairs);
}

/** Pairs → lower-case map (repeated headers joined with ", "). */
export function headerMap(pairs: readonly (readonly [string, string])[]): Record<string, string> {
  const map = new HeaderBag();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const seen = map[key];
    map[key] = seen === undefined ? value : `${seen}, ${value}`;
  }
  return map;
}
