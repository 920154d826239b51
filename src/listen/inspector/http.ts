import type { IncomingMessage, ServerResponse } from "node:http";
import { packageVersion } from "../../lib/package-version.js";
import type { BrowserGuard } from "../browser-guard.js";
import { utf8Text } from "../inspect.js";
import { INSPECTOR_FILES } from "./page.generated.js";
import { summaryOf, type InspectedRequest, type InspectorStore } from "./store.js";

/** Where the inspector lives on the listener's port: no webhook path is ever this. */
export const INSPECTOR_PATH = "/_wh-sim/";

export interface ReplayRequest {
  /** "exact": the same bytes and headers; "resign": the same body signed now; "edited": `body`, signed now. */
  readonly mode: "exact" | "resign" | "edited";
  /** Where to: by default the listener itself, so the new request shows up (and is forwarded, when forwarding). */
  readonly url?: string;
  readonly body?: string;
  /** Set by the page once the user agreed to send to a URL that is neither this listener nor its forward target. */
  readonly confirmed?: boolean;
}
export type ReplayResult = { url: string; status: number; durationMs: number; body: string } | { url?: string; error: string; hint?: string };

export interface InspectorDeps {
  readonly store: InspectorStore;
  /** Who may be answered; undefined until the listener is up (nothing is answered before). */
  guard(): BrowserGuard | undefined;
  /** Where a replay may go without the user confirming it: this listener, its forward target. */
  isTrustedTarget(url: URL): boolean;
  /** Told of each refused request (once per Host or Origin): the user may have meant it. */
  onRefused?(message: string): void;
  replay(entry: InspectedRequest, request: ReplayRequest): Promise<ReplayResult>;
}

/**
 * The inspector's page and API, answered before the listener sees the request (so they are never
 * shown, recorded or forwarded as webhooks), and only to this listener's own pages (`BrowserGuard`):
 *   GET  /_wh-sim/                         the page (static, no CDN)
 *   GET  /_wh-sim/api/requests             every request kept, oldest first
 *   GET  /_wh-sim/api/requests/{seq}       one, whole: headers and body
 *   GET  /_wh-sim/api/stream               Server-Sent Events, resumable with Last-Event-ID
 *   GET  /_wh-sim/api/search?q=text        the requests whose headers or body hold the text
 *   POST /_wh-sim/api/requests/{seq}/replay   {mode, url?, body?, confirmed?}
 *   GET  /_wh-sim/api/export?format=ndjson|har[&seq=1,2]
 */
export function inspectorHandler(deps: InspectorDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  // Each Host/Origin refused is told once: a page retrying would fill the terminal.
  const told = new Set<string>();
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://inspector");
    if (!url.pathname.startsWith(INSPECTOR_PATH) && url.pathname !== INSPECTOR_PATH.slice(0, -1)) return false;
    const guard = deps.guard();
    const refusal = guard ? guard.check(req) : { status: 503, message: "wh-sim: the listener is starting\n", reason: "" };
    if (refusal) {
      const who = `Host ${req.headers.host ?? "(none)"}${req.headers.origin ? `, Origin ${req.headers.origin}` : ""}`;
      if (refusal.reason && told.size < 64 && !told.has(who)) {
        told.add(who);
        deps.onRefused?.(`inspector refused ${req.method} ${url.pathname} (${who}): ${refusal.reason}`);
      }
      // The body is not read: the connection closes after the answer, so nothing is left to parse as a request.
      res.writeHead(refusal.status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", connection: "close" }).end(refusal.message);
      return true;
    }
    if (guard?.cookie) res.setHeader("set-cookie", guard.cookie);
    route(req, res, url, deps).catch((error: Error) => json(res, 500, { error: error.message }));
    return true;
  };
}

async function route(req: IncomingMessage, res: ServerResponse, url: URL, deps: InspectorDeps): Promise<void> {
  const path = url.pathname.slice(INSPECTOR_PATH.length);
  const { store } = deps;
  // The page at /_wh-sim/ (and /_wh-sim), its stylesheet and modules beside it.
  const page = req.method === "GET" && Object.hasOwn(INSPECTOR_FILES, path) ? INSPECTOR_FILES[path] : undefined;
  if (page) return file(res, page.type, page.text);
  if (req.method === "GET" && path === "api/requests") return json(res, 200, store.since(0).map(summaryOf));
  if (req.method === "GET" && path === "api/stream") return stream(req, res, url, store);
  if (req.method === "GET" && path === "api/export") return exportRequests(res, url, store);
  if (req.method === "GET" && path === "api/search") return json(res, 200, search(store, url.searchParams.get("q") ?? ""));
  const one = /^api\/requests\/(\d+)(\/replay)?$/.exec(path);
  const entry = one ? store.get(Number(one[1])) : undefined;
  if (one && !entry) return json(res, 404, { error: `no request ${one[1]} (the inspector keeps the latest 10,000)` });
  if (entry && !one![2] && req.method === "GET") return json(res, 200, detailOf(entry));
  if (entry && one![2] && req.method === "POST") {
    // JSON only: a cross-site form cannot post it without the browser asking first.
    if (!/^application\/json\b/.test(req.headers["content-type"] ?? "")) return json(res, 415, { error: "send the replay as application/json" });
    let request: ReplayRequest;
    const body = await readAll(req);
    if (!body) return json(res, 413, { error: `a replay request is at most ${MAX_INSPECTOR_REQUEST / 1024 / 1024} MB` });
    try {
      request = JSON.parse(body.toString("utf8") || "{}") as ReplayRequest;
    } catch {
      return json(res, 400, { error: "the replay request is not JSON" });
    }
    if (!request || !["exact", "resign", "edited"].includes(request.mode)) return json(res, 400, { error: 'mode is "exact", "resign" or "edited"' });
    if (request.url !== undefined && !/^https?:\/\/[^/]/.test(String(request.url))) return json(res, 400, { error: "url must be an http(s) URL" });
    // Signing for any URL a request names would make the listener an oracle for the user's secrets:
    // beyond this listener and its forward target, the user confirms (the page asks).
    if (request.url !== undefined && !deps.isTrustedTarget(new URL(request.url)) && request.confirmed !== true) {
      return json(res, 428, {
        error: `${request.url} is neither this listener nor its forward target: confirm sending this request there`,
        needsConfirmation: true,
      });
    }
    return json(res, 200, await deps.replay(entry, request));
  }
  return json(res, 404, { error: `the inspector has no ${req.method} ${url.pathname}` });
}

/** The requests whose headers or body hold `q` (case-insensitive). */
function search(store: InspectorStore, q: string): number[] {
  const needle = q.toLowerCase();
  return store
    .since(0)
    .filter((e) => {
      const headers = e.record.headers.map(([n, v]) => `${n}: ${v}`).join("\n");
      return `${headers}\n${Buffer.from(e.record.body, "base64").toString("utf8")}`.toLowerCase().includes(needle);
    })
    .map((e) => e.seq);
}

function detailOf(entry: InspectedRequest) {
  // Not UTF-8: text is null, and the page shows the bytes in hex.
  const text = utf8Text(Buffer.from(entry.record.body, "base64")) ?? null;
  return { ...summaryOf(entry), headers: entry.record.headers, body: entry.record.body, text, durationMs: entry.durationMs ?? null };
}

function stream(req: IncomingMessage, res: ServerResponse, url: URL, store: InspectorStore): void {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive" });
  // Each with how many older ones the listener no longer keeps (--memory), for the page to say so.
  const send = (entry: InspectedRequest) =>
    res.write(`id: ${entry.seq}\nevent: request\ndata: ${JSON.stringify({ ...summaryOf(entry), dropped: store.dropped })}\n\n`);
  // A reconnecting page says where it stopped (Last-Event-ID); it gets what it missed, then the rest live.
  const after = Number(req.headers["last-event-id"] ?? url.searchParams.get("after") ?? 0) || 0;
  res.write("retry: 1000\n\n");
  for (const entry of store.since(after)) send(entry);
  const unsubscribe = store.subscribe(send);
  const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), 15_000).unref();
  const stop = () => {
    unsubscribe();
    clearInterval(heartbeat);
  };
  res.on("close", stop);
  // A closed tab half-closes the stream (the listener keeps half-open connections for senders): end it
  // now, rather than write the next event into a connection the browser has dropped.
  req.socket.once("end", () => {
    stop();
    res.end();
  });
}

function exportRequests(res: ServerResponse, url: URL, store: InspectorStore): void {
  const wanted = url.searchParams.get("seq")?.split(",").map(Number);
  const entries = store.since(0).filter((e) => !wanted || wanted.includes(e.seq));
  const format = url.searchParams.get("format") ?? "ndjson";
  if (format === "ndjson") {
    // The --record format: `wh-sim replay` reads it.
    const text = entries.map((e) => JSON.stringify(e.record)).join("\n") + (entries.length ? "\n" : "");
    return download(res, "application/x-ndjson", "wh-sim-requests.ndjson", text);
  }
  if (format === "har") return download(res, "application/json", "wh-sim-requests.har", JSON.stringify(harOf(entries), null, 2));
  json(res, 400, { error: 'format is "ndjson" or "har"' });
}

/** HTTP Archive 1.2: the requests as the listener received them, and its answers. */
function harOf(entries: InspectedRequest[]) {
  return {
    log: {
      version: "1.2",
      creator: { name: "wh-sim", version: packageVersion() },
      entries: entries.map((e) => {
        const headers = e.record.headers.map(([name, value]) => ({ name, value }));
        const host = e.record.headers.find(([n]) => n.toLowerCase() === "host")?.[1] ?? "localhost";
        const body = Buffer.from(e.record.body, "base64");
        return {
          startedDateTime: e.record.time,
          time: e.durationMs ?? 0,
          request: {
            method: e.record.method,
            url: `http://${host}${e.record.path}`,
            httpVersion: "HTTP/1.1",
            headers,
            queryString: [],
            cookies: [],
            headersSize: -1,
            bodySize: body.length,
            postData: { mimeType: e.record.headers.find(([n]) => n.toLowerCase() === "content-type")?.[1] ?? "", text: body.toString("utf8") },
          },
          response: {
            status: e.record.response_status ?? 0,
            statusText: "",
            httpVersion: "HTTP/1.1",
            headers: [],
            cookies: [],
            content: { size: 0, mimeType: "text/plain" },
            redirectURL: "",
            headersSize: -1,
            bodySize: -1,
          },
          cache: {},
          timings: { send: 0, wait: e.durationMs ?? 0, receive: 0 },
          comment:
            `${e.record.provider ?? "unknown"} ${e.record.event ?? ""} verdict ${e.verdict.status}${e.verdict.reason ? ` (${e.verdict.reason})` : ""}`.trim(),
        };
      }),
    },
  };
}

function file(res: ServerResponse, type: string, text: string): void {
  // No other site may frame the page (clickjacking its replay and copy buttons).
  res
    .writeHead(200, {
      "content-type": `${type}; charset=utf-8`,
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
      "content-security-policy": "frame-ancestors 'none'",
      "x-frame-options": "DENY",
    })
    .end(text);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(JSON.stringify(value));
}

function download(res: ServerResponse, type: string, name: string, text: string): void {
  res.writeHead(200, { "content-type": type, "content-disposition": `attachment; filename="${name}"` }).end(text);
}

/** How large a request to the inspector's API may be: a replayed body edited in the page, with room to spare. */
const MAX_INSPECTOR_REQUEST = 16 * 1024 * 1024;

/** The request's body, or undefined past `limit` bytes (the rest is read and dropped, so the answer can be read). */
function readAll(req: IncomingMessage, limit = MAX_INSPECTOR_REQUEST): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
      else chunks.length = 0;
    });
    req.on("end", () => resolve(size <= limit ? Buffer.concat(chunks) : undefined));
    req.on("error", reject);
  });
}
