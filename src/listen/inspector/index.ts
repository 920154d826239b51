import { readFile } from "node:fs/promises";
import type { Config } from "../../config.js";
import { parseRecording } from "../../recording/parse.js";
import { createBrowserGuard, type BrowserGuard } from "../browser-guard.js";
import { INSPECTOR_PATH, inspectorHandler } from "./http.js";
import { replayInspected } from "./replay.js";
import { InspectorStore } from "./store.js";

export interface InspectorSettings {
  /** A recording to load first (a reopened session); missing or empty: nothing to load. */
  readonly record?: string | undefined;
  /** What the listener verifies a provider with: re-signed replays sign with it. */
  readonly secretsFor: (provider: string) => readonly string[] | undefined;
  readonly config: Config;
  readonly timeoutMs: number;
  /** The address the listener binds (`--host`): beyond loopback, the inspector needs the run's token. */
  readonly boundHost: string;
  /** `--allowed-host` and the config's `listen.allowedHosts`: names besides the listener's own. */
  readonly allowedHosts?: readonly string[] | undefined;
  /** Where the listener forwards: a replay may go there without the user confirming it. */
  readonly forwardTo?: string | undefined;
  /** The run's token (`runToken`), shared with the listener's other doors. */
  readonly token?: string | undefined;
  /** About how many bytes of requests it keeps (`--memory`); the oldest go first. */
  readonly memoryBytes?: number | undefined;
  onRefused?(message: string): void;
}

/** The inspector of one listener: its store (fed with each request) and its routes. */
export async function createInspector(settings: InspectorSettings) {
  const store = new InspectorStore(settings.memoryBytes);
  let loaded = 0;
  if (settings.record) {
    const text = await readFile(settings.record, "utf8").catch(() => "");
    for (const record of text.trim() ? parseRecording(text, settings.record) : []) {
      store.addRecorded(record);
      loaded++;
    }
  }
  // Known once the listener is up: a replay the page does not address goes to the listener.
  let listenerUrl = "";
  let guard: BrowserGuard | undefined;
  const forwardOrigin = settings.forwardTo ? new URL(settings.forwardTo).origin : undefined;
  const handler = inspectorHandler({
    store,
    guard: () => guard,
    isTrustedTarget: (url) => guard?.isOwnUrl(url) === true || url.origin === forwardOrigin,
    ...(settings.onRefused ? { onRefused: settings.onRefused } : {}),
    replay: (entry, request) =>
      replayInspected(entry, request, {
        // Through the listener itself: the new request shows up, and reaches the forward target if any.
        defaultUrl: (path) => `${listenerUrl}${path}`,
        secretsFor: settings.secretsFor,
        config: settings.config,
        timeoutMs: settings.timeoutMs,
      }),
  });
  return {
    store,
    handler,
    path: INSPECTOR_PATH,
    /** How many requests came from the recording. */
    loaded,
    listening(url: string, port: number): void {
      listenerUrl = url;
      guard = createBrowserGuard({
        boundHost: settings.boundHost,
        port,
        allowedHosts: settings.allowedHosts ?? [],
        ...(settings.token ? { token: settings.token } : {}),
      });
    },
    /** The page's address as the banner prints it: with the run's token when one is needed. */
    pageUrl(): string {
      return `${listenerUrl}${INSPECTOR_PATH}${guard?.query ?? ""}`;
    },
  };
}
