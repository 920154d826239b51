import type { ApiAnswer, EventChoice, HeaderMap, JsonObject } from "../types.js";
import { isTestKey, maskedKey } from "./api-key.js";
import { parseThinEventId, type ThinKey } from "./thin-id.js";
import { renderThin, type ThinEvent, type ThinTemplate } from "./thin.js";

// What a thin event's handler calls back (stripe-node's fetchEvent() and fetchRelatedObject()):
//   GET /v2/core/events/{id}  and  GET <related_object.url>
// answered from the event id alone (it carries the type, time, seed and context), so events that
// `trigger` sent straight to the app are known too.
const EVENT_PATH = /^\/v2\/core\/events\/([^/]+)$/;
const REMEMBERED = 10_000;

/** A GET of a thin event or of its related object, answered; anything else is "no such object". */
export type FetchBack = (call: { path: string; headers: HeaderMap }) => Promise<ApiAnswer>;

export function stripeFetchBack(loadFixture: (choice: EventChoice) => Promise<JsonObject>): FetchBack {
  // Related object URLs of events fetched here, for handlers that retrieve the object by its own
  // URL rather than through fetchRelatedObject() (which names the event in Stripe-Request-Trigger).
  const seen = new Map<string, ThinKey>();
  const render = async (key: ThinKey): Promise<ThinEvent> => {
    const template = (await loadFixture({ name: key.type, fixture: `thin/${key.type}` })) as unknown as ThinTemplate;
    const thin = renderThin(template, key);
    const url = (thin.event.related_object as { url?: string } | undefined)?.url;
    if (url) {
      seen.delete(url);
      seen.set(url, key);
      if (seen.size > REMEMBERED) seen.delete(seen.keys().next().value!);
    }
    return thin;
  };

  return async ({ path, headers }) => {
    const auth = headers.authorization ?? "";
    if (!isTestKey(auth)) return unauthorized(auth);
    const eventPath = EVENT_PATH.exec(path);
    if (eventPath) {
      const id = safeDecode(eventPath[1]!);
      const key = parseThinEventId(id);
      if (!key) return notFound(`No such event: '${id}'`, "id");
      return wrongContext(key, headers) ?? ok((await render(key)).event);
    }
    const trigger = /^event=(\S+)$/.exec(headers["stripe-request-trigger"] ?? "")?.[1];
    const key = (trigger ? parseThinEventId(trigger) : undefined) ?? seen.get(path);
    if (key) {
      const thin = await render(key);
      if ((thin.event.related_object as { url?: string } | undefined)?.url === path && thin.relatedObject) {
        return wrongContext(key, headers) ?? ok(thin.relatedObject);
      }
    }
    return notFound(
      `No such object: '${path.split("/").pop()}' (wh-sim serves the objects of the thin events it can read: fetch them with fetchRelatedObject(), or fetch the event first)`,
      "id",
    );
  };
}

/** An event of a connected account is found only in that account's context, as Stripe does. */
function wrongContext(key: ThinKey, headers: HeaderMap): ApiAnswer | undefined {
  const given = headers["stripe-context"];
  if ((key.context ?? undefined) === (given || undefined)) return undefined;
  return notFound(
    key.context
      ? `No such object in this context: the event belongs to ${key.context}; send Stripe-Context: ${key.context} (stripe-node's fetchEvent() and fetchRelatedObject() do)`
      : `No such object in context ${given}: the event belongs to your own account; send no Stripe-Context`,
    "id",
  );
}

const ok = (body: JsonObject): ApiAnswer => ({ status: 200, body });

// Stripe's error bodies (its v1 shapes; the v2 API answers with the same fields).
function unauthorized(auth: string): ApiAnswer {
  const message = auth
    ? `Invalid API Key provided: ${maskedKey(auth)} (wh-sim answers test-mode secret keys, sk_test_…)`
    : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";
  return { status: 401, body: { error: { message, type: "invalid_request_error" } } };
}

function notFound(message: string, param: string): ApiAnswer {
  return {
    status: 404,
    body: {
      error: { code: "resource_missing", doc_url: "https://stripe.com/docs/error-codes/resource-missing", message, param, type: "invalid_request_error" },
    },
  };
}

/** A path segment decoded; one with a malformed escape, as it is. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
