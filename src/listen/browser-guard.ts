import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { networkInterfaces } from "node:os";
import { safeEqual } from "../lib/crypto.js";

/**
 * Who may use the listener's browser-facing routes (the inspector; later the MCP endpoint).
 *
 * A page on any site can make the browser send requests to 127.0.0.1 — by DNS rebinding
 * (`evil.example` resolved to 127.0.0.1, so the browser sends `Host: evil.example:4242`) or by
 * posting across origins (the browser sends that site's `Origin`). Both carry a name that is not
 * this listener's, so a request is answered only when its `Host` — and its `Origin`, when it has
 * one — names this listener: a loopback name or the bound address with the listener's port, or a
 * host the user allowed. Bound beyond loopback, anyone on the network can send any `Host`, so a
 * per-run random token is needed as well (in the URL the banner prints, then in a cookie).
 */
export interface BrowserGuardSettings {
  /** The address the listener is bound to (`--host`). */
  readonly boundHost: string;
  readonly port: number;
  /** `--allowed-host` names (a leading dot allows every subdomain too), any port. */
  readonly allowedHosts?: readonly string[];
  /** Per-run token (`runToken`): needed when the listener is bound beyond loopback; made here when none is given; null: never. */
  readonly token?: string | null;
  /** What the guard keeps, as its refusals name it ("the inspector", "MCP"). */
  readonly door?: string;
  /** Own names under any port (a sender's `Host: 127.0.0.1`): the name is what DNS rebinding changes. */
  readonly anyPort?: boolean;
}

/**
 * The run's token, one for every door of one listener (the inspector, MCP): made when the listener
 * is bound beyond loopback, where anyone on the network can send any `Host`; none on loopback.
 */
export function runToken(boundHost: string): string | undefined {
  if (isLoopbackBinding(boundHost)) return undefined;
  // Given (a container's compose file shares it with the test harness), or made for this run.
  const given = process.env.WH_SIM_TOKEN;
  if (given !== undefined && given.length >= 16) return given;
  return randomBytes(18).toString("base64url");
}

export interface Refusal {
  readonly status: 401 | 403;
  /** The answer's body: what was refused and how to allow it. */
  readonly message: string;
  /** The same in a few words, for the listener's own output. */
  readonly reason: string;
}

export interface BrowserGuard {
  /** Undefined when the request may be answered; otherwise what to answer. */
  check(req: IncomingMessage): Refusal | undefined;
  /** Whether a `Host` header (or an Origin's host) names this listener. */
  accepts(hostHeader: string): boolean;
  /** Whether a URL is this listener itself (any of its accepted names, its port). */
  isOwnUrl(url: URL): boolean;
  /** The token the browser must present, when one is needed. */
  readonly token: string | undefined;
  /** The `Set-Cookie` value that keeps the token for the page's later requests. */
  readonly cookie: string | undefined;
  /** The query that carries the token in the URL the banner prints ("" when none is needed). */
  readonly query: string;
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
const WILDCARDS = new Set(["0.0.0.0", "::", "[::]"]);

/** Whether binding here keeps the listener on this machine. */
export function isLoopbackBinding(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function createBrowserGuard(settings: BrowserGuardSettings): BrowserGuard {
  const port = String(settings.port);
  const ownNames = new Set([...LOOPBACK_NAMES, bracketed(settings.boundHost.toLowerCase())]);
  // Bound to every interface: the machine's own addresses name it too.
  if (WILDCARDS.has(settings.boundHost)) for (const address of interfaceAddresses()) ownNames.add(bracketed(address));
  const allowed = (settings.allowedHosts ?? []).map((h) => h.toLowerCase().replace(/:\d+$/, ""));
  const token = settings.token === null ? undefined : (settings.token ?? runToken(settings.boundHost));
  const door = settings.door ?? "the inspector";
  // Cookies are shared by every port of a host: the name carries the port, so two listeners keep their own.
  const cookieName = `wh_sim_token_${port}`;

  const isAllowedName = (name: string) => allowed.some((a) => (a.startsWith(".") ? name.endsWith(a) || name === a.slice(1) : name === a));
  /** `host[:port]` as a Host header or an Origin's host carries it. */
  const accepts = (hostHeader: string) => {
    const { name, port: given } = splitHost(hostHeader.toLowerCase());
    if (isAllowedName(name)) return true;
    return ownNames.has(name) && (settings.anyPort === true || (given ?? "80") === port);
  };
  const presentedToken = (req: IncomingMessage) => {
    const query = new URL(req.url ?? "/", "http://x").searchParams.get("token");
    const header = req.headers["x-wh-sim-token"];
    // An agent's MCP client sends it as a bearer token (its config's "headers").
    const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const cookie = cookieValue(req.headers.cookie, cookieName);
    return query ?? (typeof header === "string" ? header : undefined) ?? bearer ?? cookie;
  };

  return {
    token,
    cookie: token ? `${cookieName}=${token}; Path=/_wh-sim/; HttpOnly; SameSite=Strict` : undefined,
    query: token ? `?token=${token}` : "",
    isOwnUrl: (url) => url.protocol === "http:" && accepts(url.host),
    accepts,
    check(req) {
      const host = req.headers.host;
      if (!host || !accepts(host)) {
        return {
          status: 403,
          reason: `not this listener's name (--allowed-host ${host ? splitHost(host).name : "<name>"} allows it)`,
          message:
            `wh-sim: ${door} does not answer requests addressed to Host "${host ?? ""}": only this listener's own names ` +
            `(localhost, 127.0.0.1, [::1] with port ${port}) are accepted, which keeps other web pages out (DNS rebinding).\n` +
            `If you reach the listener under that name on purpose, start it with --allowed-host ${host ? splitHost(host).name : "<name>"} ` +
            `(or "listen": {"allowedHosts": [...]} in wh-sim.config.json).\n`,
        };
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !originAccepted(origin, accepts)) {
        return {
          status: 403,
          reason: "a page of another origin",
          message:
            `wh-sim: ${door} does not answer requests from pages of another origin (Origin: ${origin}).\n` +
            `Open it from the URL the listener printed; to allow that origin's host, start the listener with --allowed-host <name>.\n`,
        };
      }
      if (token) {
        const given = presentedToken(req);
        if (!given || !safeEqual(Buffer.from(given), Buffer.from(token))) {
          return {
            status: 401,
            reason: given ? "wrong token" : "no token (the listener is reachable from the network)",
            message:
              `wh-sim: this listener is reachable from the network, so ${door} needs the token it printed at start-up.\n` +
              (door === "the inspector"
                ? "Open the inspector through that URL (it ends with ?token=…).\n"
                : "Send it as Authorization: Bearer <token> (the banner prints the agent's config with it).\n"),
          };
        }
      }
      return undefined;
    },
  };
}

/**
 * The webhook paths and the provider APIs: what a server-side sender (a provider, an SDK, `trigger`)
 * sends, never what only a browser does. A page's request is refused: one under a name that is not
 * this listener's (DNS rebinding, which would read every stored object and sign events for the
 * page's own URL), with another origin's `Origin`, or that `Sec-Fetch-Site` says came from another
 * site. No token: senders on the network are the point of `--host 0.0.0.0`.
 */
export function createCallerGuard(settings: Omit<BrowserGuardSettings, "token" | "door">): (req: IncomingMessage) => Refusal | undefined {
  // A container reaches the host as host.docker.internal (Docker Desktop, and --add-host on Linux).
  const guard = createBrowserGuard({ ...settings, allowedHosts: [...(settings.allowedHosts ?? []), "host.docker.internal"], token: null, anyPort: true });
  return (req) => {
    const host = req.headers.host;
    // HTTP/1.0 may come without Host (1.1 without one is answered 400 before this): no browser sends that.
    if (host !== undefined && !guard.accepts(host)) {
      const name = splitHost(host).name;
      return {
        status: 403,
        reason: `not this listener's name (--allowed-host ${name} allows it)`,
        message:
          `wh-sim: this listener answers only requests addressed to its own names (localhost, 127.0.0.1, [::1], its address, ` +
          `host.docker.internal), not "${host}": a web page could reach it under a name of its own (DNS rebinding).\n` +
          `If you reach it under that name on purpose (a compose service, a tunnel), start it with --allowed-host ${name}.\n`,
      };
    }
    const origin = req.headers.origin;
    const site = req.headers["sec-fetch-site"];
    if ((origin !== undefined && !originAccepted(origin, guard.accepts)) || site === "cross-site" || site === "same-site") {
      return {
        status: 403,
        reason: "a web page of another site",
        message: `wh-sim: webhooks and the provider APIs answer servers and SDKs, not web pages of another site (${origin ?? `Sec-Fetch-Site: ${site}`}).\n`,
      };
    }
    return undefined;
  };
}

function originAccepted(origin: string, accepts: (host: string) => boolean): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && accepts(url.host);
  } catch {
    // "null" (a sandboxed frame, a file: page) and anything unparsable name no one.
    return false;
  }
}

/** `[::1]:4242` → `[::1]`, `4242`; `example.com` → `example.com`, no port. */
function splitHost(host: string): { name: string; port: string | undefined } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(host);
  return m ? { name: m[1]!, port: m[2] || undefined } : { name: host, port: undefined };
}

function bracketed(address: string): string {
  return address.includes(":") && !address.startsWith("[") ? `[${address}]` : address;
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((i) => (i ? [i.address.replace(/%.*$/, "")] : []));
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}
