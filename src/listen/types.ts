import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { LISTEN_DEFAULTS } from "../defaults.js";
import type { Relay } from "../http/forward.js";
import type { ListenerApi } from "./api.js";
import type { Refusal } from "./browser-guard.js";
import type { Inspection, KnownProvider } from "./inspect.js";
import type { Recorder } from "../recording/recorder.js";
import type { VerdictView } from "./inspect.js";
import type { VerifierSetup } from "./setup.js";

// The shapes the listener's modules share (server, request, routes, connection errors), in a
// module of their own so that none of them imports another for its types.

/** What a listener needs; every other setting, when absent or undefined, takes its default from `LISTEN_DEFAULTS`. */
export interface ListenerOptions extends Unset<ListenerSettings> {
  known: readonly KnownProvider[];
  /** Provider APIs answered on the listener's port (Plaid's): their calls are reported with `api`, never as webhooks. */
  apis?: readonly ListenerApi[];
  /** Called exactly once per request, after its answer was sent (or could not be). */
  onRequest(request: ReceivedRequest): void;
  /** Requests this answers (true) are the listener's own pages, never reported as webhooks (the inspector). */
  intercept?(req: IncomingMessage, res: ServerResponse): boolean;
  /** `--allowed-host`: names besides the listener's own a request may be addressed to. */
  allowedHosts?: readonly string[];
  /** Something the user should know that is not a request (e.g. the machine ran out of file descriptors). */
  onWarning?(message: string): void;
  /** A number in [0, 1) for --fail-rate; injectable for tests. */
  chance?: () => number;
  now?: () => Date;
}

type ListenerSettings = { -readonly [K in keyof typeof LISTEN_DEFAULTS]: (typeof LISTEN_DEFAULTS)[K] extends string ? string : number } & {
  /** Only this path is treated as the webhook endpoint; others get 404 (and are still shown). */
  path?: string;
  forwardTo?: string;
};

type Unset<T> = { [K in keyof T]?: T[K] | undefined };
/** Every setting, with its default where it was not given. */
export type Settings = ListenerSettings & Omit<ListenerOptions, keyof ListenerSettings>;

export interface ReceivedRequest {
  time: Date;
  method: string;
  path: string;
  headers: [string, string][];
  body: Buffer;
  size: number;
  inspection?: Inspection;
  /** The status sent, or null when no answer reached the sender (it hung up, or the listener stopped). */
  status: number | null;
  durationMs: number;
  /** What happened besides a normal delivery: too large, wrong path, companion route, app down… */
  note?: string;
  /** A call to a provider's API (or a route serving one): which, what about, and the provider's error code. */
  api?: { provider: string; endpoint: string; subject?: string; error?: string };
  /** The app's side when forwarding: its status and time, and its body when it did not answer 2xx. */
  forwarded?: { status: number; durationMs: number; body?: string } | { error: string };
}

/** One request from its first byte to its one report. */
export interface Exchange {
  readonly req?: IncomingMessage;
  readonly time: Date;
  readonly started: number;
  readonly method: string;
  readonly path: string;
  readonly headers: [string, string][];
  reported: boolean;
}

/** What the listener knows about a connection: the answers it still owes, in order, and the request being read. */
export interface Connection {
  owed: ServerResponse[];
  reading?: Exchange | undefined;
  /** A connection-level error was answered: the connection is done, later errors on it are echoes. */
  failed: boolean;
  /** How many bytes the socket had read when its last request was whole: a reset with no byte since cuts no request. */
  idleAt: number;
  /** It carried the listener's own pages (the inspector, its event stream): its end is never a request. */
  servesPages: boolean;
}

/** What the connection-error protocol needs of the listener. */
export interface ConnectionContext {
  now: () => Date;
  report: (exchange: Exchange, rest: Omit<ReceivedRequest, "time" | "method" | "path" | "headers" | "durationMs">) => void;
  connectionOf: (socket: Socket) => Connection;
}

/** What handling a request needs of its listener. */
export interface HandlerContext extends ConnectionContext {
  options: Settings;
  relay: Relay | undefined;
  isStopping: () => boolean;
  /** A request has begun: it is open until reported. */
  track: () => void;
  /** Why a request is refused as one only a web page sends (set once the port is known). */
  refuse?: (req: IncomingMessage) => Refusal | undefined;
}

/** An open listener: where it is, what it received, what it verifies with, and how to close it. */
export interface ListenerSession {
  url: string;
  /** Where to send it webhooks: `url` and its `--path` (default `/webhook`). */
  webhookUrl: string;
  port: number;
  /** The address it is bound to. */
  host: string;
  /** The run's token when the listener is reachable beyond loopback (its pages, MCP and control plane need it). */
  token: string | undefined;
  verifiers: VerifierSetup;
  /** Everything received so far, oldest first (within `memoryBytes`: see `dropped`). */
  received: Received[];
  readonly dropped: number;
  /** The number the next request will have (`seq`): wait for one `after` it. */
  readonly next: number;
  /** The first matching request no earlier `waitFor` returned (see `receivedLog`). */
  waitFor(match?: WaitMatch | ((request: Received) => boolean)): Promise<Received>;
  /** Each provider's secret or key as the banner shows it. */
  secrets: { provider: string; shown: string }[];
  /** The secrets it verifies a provider with, in full (a re-signed replay uses them). */
  signingSecrets(provider: string): readonly string[] | undefined;
  forwardTo?: string;
  /** The inspector's page, when served. */
  inspector?: { pageUrl(): string; loaded: number };
  recorder?: Recorder;
  /** How many requests it answered. */
  readonly count: number;
  /**
   * Forgets what the offline APIs learnt (the world's documents of these providers, or of all) and
   * what arrived (the received log, the inspector's list): each test of a suite starts clean.
   */
  reset(providers?: readonly string[]): Promise<{ providers: string[] }>;
  /** Stops (requests in flight get `graceMs`), then waits for the recording and the offline world to be written; resolves with the world's documents that could not be. */
  close(graceMs?: number): Promise<{ unwritten: string[] }>;
}

/** What the tools that read a listener need of it (MCP's, the control plane's): no way to close it. */
export type ListenerView = Pick<
  ListenerSession,
  "url" | "webhookUrl" | "received" | "dropped" | "waitFor" | "secrets" | "signingSecrets" | "forwardTo" | "reset" | "verifiers" | "next"
>;

/** A request the hook received: what arrived, who sent it, and whether its signature holds. */
export interface Received {
  /** Its number in arrival order, from 1 (kept by a reset: a later request has a larger one). */
  seq: number;
  /** When it arrived. */
  time: Date;
  /** A webhook (anything sent to the listener), or a call to a provider's API. */
  kind: "webhook" | "api";
  method: string;
  path: string;
  headers: [string, string][];
  body: Buffer;
  provider: string | undefined;
  event: string | undefined;
  id: string | undefined;
  verdict: VerdictView;
  /** The status answered; null when no answer reached the sender. */
  status: number | null;
}

/** What `waitFor` looks for: every key given must hold. */
export interface WaitMatch {
  provider?: string | undefined;
  event?: string | undefined;
  /** The event's id (`evt_…`, a Plaid `webhook_code`'s item delivery id, …). */
  id?: string | undefined;
  /** The request's path, without its query. */
  path?: string | undefined;
  verdict?: VerdictView["status"] | undefined;
  kind?: Received["kind"] | undefined;
  /** Only a request that arrived after this one (its `seq`); then earlier waits do not matter. */
  after?: number | undefined;
  /** Any other test of the request. */
  where?: ((request: Received) => boolean) | undefined;
  timeoutMs?: number | undefined;
}
