import type { Config } from "../config.js";
import { HEALTH_PATH, LISTEN_DEFAULTS } from "../defaults.js";
import { toRecordedRequest } from "../recording/format.js";
import { Recorder } from "../recording/recorder.js";
import type { DeliveryReport } from "../send/report.js";
import { listenerWorld, providersToReset, releaseWorld, worldWritten } from "../world.js";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createBrowserGuard, runToken } from "./browser-guard.js";
import { receivedLog } from "./received-log.js";
import { startListener } from "./server.js";
import type { ListenerSession, ReceivedRequest } from "./types.js";

export type { ListenerSession, ListenerView } from "./types.js";
import { setUpVerifiers } from "./setup.js";

/** Everything a listener is, as plain data: what `wh-sim listen`, the library, `demo`, MCP and the control plane ask for. */
export interface ListenerRequest {
  /** Default 4242 (`LISTEN_DEFAULTS`); 0 for any free port. */
  port?: number | undefined;
  /** Default 127.0.0.1; beyond loopback, the pages and the control plane need the run's token. */
  host?: string | undefined;
  /** Only this path is the webhook endpoint. */
  path?: string | undefined;
  /** `provider=secret` specs (`--secret`); the rest from the config, the environment, then the test secrets. */
  secrets?: readonly string[] | undefined;
  config?: Config | undefined;
  /** Relay every request to the app, and send the webhooks API calls cause there. */
  forwardTo?: string | undefined;
  status?: number | undefined;
  delayMs?: number | undefined;
  failRate?: number | undefined;
  maxBody?: number | undefined;
  requestTimeoutMs?: number | undefined;
  forwardTimeoutMs?: number | undefined;
  /** `--allowed-host`: names besides the listener's own a request may be addressed to. */
  allowedHosts?: readonly string[] | undefined;
  /** Answer the providers' APIs on the same port (default true). */
  apis?: boolean | undefined;
  /** Serve the inspector's page (`--ui`). */
  inspector?: boolean | undefined;
  /** Append every request to this recording (`--record`); the inspector loads it first. */
  record?: string | undefined;
  /** Keep the credentials apps send the provider APIs in the recording and the inspector. */
  keepCredentials?: boolean | undefined;
  /** About how many bytes of what arrived are kept (the received log: 16 MB by default; the inspector: 128 MB). */
  memoryBytes?: number | undefined;
  /**
   * Keep what arrives for `waitFor`, `received` and the control plane from the start (default true).
   * `wh-sim listen` without --mcp starts keeping at the first call to its control plane: a listener
   * nobody queries keeps nothing and pays nothing for it.
   */
  keepReceived?: boolean | undefined;
}

/** What the one who opened the listener hears: each request (after it is recorded and kept), the webhooks API calls cause, warnings. */
export interface ListenerHooks {
  onRequest?(request: ReceivedRequest): void;
  onDelivery?(report: DeliveryReport): void;
  onWarning?(message: string): void;
  /** The recording stopped (a full disk, a deleted file); the listener goes on. */
  onRecordingFailed?(message: string): void;
}

/** Opens a listener: the one place its parts (verifiers, APIs, inspector, recording, received log) are put together. */
export async function openListener(request: ListenerRequest, hooks: ListenerHooks = {}): Promise<ListenerSession> {
  const config = request.config ?? {};
  const host = request.host ?? LISTEN_DEFAULTS.host;
  const allowedHosts = request.allowedHosts ?? [];
  const verifiers = await setUpVerifiers(request.secrets, config);
  const verifyOf = (id: string) => verifiers.known.find((k) => k.provider.id === id)?.verify;
  const signingSecrets = (id: string) => verifyOf(id)?.secrets;
  const token = runToken(host);
  const recorder = request.record ? new Recorder(request.record, (message) => hooks.onRecordingFailed?.(message)) : undefined;
  const inspector = request.inspector
    ? await (
        await import("./inspector/index.js")
      ).createInspector({
        record: request.record,
        secretsFor: signingSecrets,
        config,
        timeoutMs: request.forwardTimeoutMs ?? LISTEN_DEFAULTS.forwardTimeoutMs,
        boundHost: host,
        allowedHosts,
        forwardTo: request.forwardTo,
        token,
        memoryBytes: request.memoryBytes,
        onRefused: (message) => hooks.onWarning?.(message),
      })
    : undefined;
  const log = receivedLog(request.memoryBytes, { keeping: request.keepReceived !== false });
  // Made once the session is (it acts on it); until then its paths answer 503 like the inspector's.
  const doors: { control?: (req: IncomingMessage, res: ServerResponse) => boolean } = {};
  let count = 0;
  const keepCredentials = request.keepCredentials === true;
  const onRequest = (r: ReceivedRequest) => {
    count++;
    // Made once for the file and the inspector alike.
    const record = recorder || inspector ? toRecordedRequest(r, { keepCredentials }) : undefined;
    if (record) {
      recorder?.append(record);
      inspector?.store.add(r, record);
    }
    log.add(r);
    hooks.onRequest?.(r);
  };
  // Written after each answer: a listener under load must not wait for the disk on every webhook.
  const world = listenerWorld(undefined, hooks.onWarning ? { warn: hooks.onWarning } : {});
  const apis =
    request.apis === false
      ? []
      : await (async () => {
          // Provider APIs answered on the same port; the webhooks their calls cause go out through the one send plan.
          const [{ setUpApis }, { fireEvents }] = await Promise.all([import("./api.js"), import("./fire.js")]);
          return setUpApis(
            verifiers.providers,
            fireEvents(signingSecrets, (report) => hooks.onDelivery?.(report), request.forwardTo),
            { verifyFor: verifyOf, world },
          );
        })();
  const listener = await startListener({
    host,
    port: request.port,
    path: request.path,
    status: request.status,
    delayMs: request.delayMs,
    failRate: request.failRate,
    maxBody: request.maxBody,
    requestTimeoutMs: request.requestTimeoutMs,
    forwardTo: request.forwardTo,
    forwardTimeoutMs: request.forwardTimeoutMs,
    known: verifiers.known,
    apis,
    onRequest,
    // The listener's own doors (the control plane, the inspector) answer their paths; a webhook path never starts so.
    intercept: (req, res) =>
      req.url?.startsWith(OWN_PATHS) === true && (health(req, res) || doors.control?.(req, res) === true || inspector?.handler(req, res) === true),
    allowedHosts,
    ...(hooks.onWarning ? { onWarning: hooks.onWarning } : {}),
  });
  inspector?.listening(listener.url, listener.port);
  const guard = createBrowserGuard({ boundHost: host, port: listener.port, allowedHosts, door: "the control plane", ...(token ? { token } : {}) });
  const session: ListenerSession = {
    url: listener.url,
    webhookUrl: `${listener.url}${request.path ?? "/webhook"}`,
    port: listener.port,
    host,
    token,
    verifiers,
    received: log.received,
    get dropped() {
      return log.dropped;
    },
    get next() {
      return log.next;
    },
    waitFor: (match) => log.waitFor(match),
    secrets: verifiers.secrets.map(({ provider, shown }) => ({ provider, shown })),
    signingSecrets,
    ...(request.forwardTo ? { forwardTo: request.forwardTo } : {}),
    ...(inspector ? { inspector: { pageUrl: () => inspector.pageUrl(), loaded: inspector.loaded } } : {}),
    ...(recorder ? { recorder } : {}),
    get count() {
      return count;
    },
    async reset(providers) {
      const chosen: string[] = providersToReset(providers);
      await world.clear(chosen);
      for (const api of apis) if (chosen.includes(api.provider)) api.forget();
      log.clear();
      inspector?.store.clear();
      return { providers: chosen };
    },
    async close(graceMs = 0) {
      await listener.close(graceMs);
      // What the providers' APIs learnt is on disk before the caller goes on (a listener started later reads it).
      const unwritten = await worldWritten();
      releaseWorld(world);
      recorder?.close();
      return { unwritten };
    },
  };
  const { controlPlane } = await import("../operations/control-plane.js");
  doors.control = controlPlane(
    session,
    () => guard,
    () => log.keep(),
  );
  return session;
}

/**
 * `GET /_wh-sim/health`: 200 once the listener answers (a container's HEALTHCHECK, `wh-sim health`).
 * It says nothing else, so it needs no token and no own name.
 */
function health(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.url !== HEALTH_PATH || req.method !== "GET") return false;
  res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end('{"status":"ok"}');
  return true;
}

/** Where the listener's own doors live: the control plane (`/_wh-sim/api/v1/`) and the inspector. */
const OWN_PATHS = "/_wh-sim";
