import { safeEqual } from "../../../lib/crypto.js";
import { applyOnce, findRoute, jsonBody, text, type ApiRoute } from "../../api-kit/index.js";
import type { ApiAnswer, ApiCall, ApiContext, ProviderApi } from "../../types.js";
import { invalidParams, methodNotAllowed, notFound, truvError } from "./errors.js";
import { accessTokenOf, applyEvent, linkById, linkByToken, orderById, saveLink, truvId, truvTime, userById } from "./state.js";
import { linkReport, linkView, orderView, shiftsView, userReport } from "./views.js";
import { addressed, createWebhook, keepDelivery, listDeliveries, webhookById, webhooks } from "./webhooks.js";

/**
 * Truv's resources. Its documents write each path with a trailing slash; its own sample apps call
 * some without (`GET /v1/links/{id}/income/report`), and Truv's servers take both: so does wh-sim.
 */
const RESOURCES = ["orders", "links", "link-access-tokens", "users", "webhooks", "webhook-requests", "refresh"];
const TRUV_PATH = new RegExp(`^/v1/(${RESOURCES.join("|")})(/.*)?$`);
const ID = "([0-9a-f]{32})";

const ok = (body: ApiAnswer["body"], subject?: string, status = 200): ApiAnswer => ({ status, body, ...(subject ? { subject } : {}) });

const routes: readonly ApiRoute[] = [
  ["GET", new RegExp(`^/v1/orders/${ID}/?$`), ([id], _call, ctx) => withOrder(id!, ctx)],
  ["POST", /^\/v1\/link-access-tokens\/?$/, (_ids, call, ctx) => exchange(call, ctx)],
  ["GET", new RegExp(`^/v1/links/${ID}/?$`), ([id], _call, ctx) => withLink(id!, ctx, (link) => ok(linkView(link), `link ${link.id}`))],
  [
    "GET",
    new RegExp(`^/v1/links/${ID}/(income|employment)/report/?$`),
    ([id, kind], _call, ctx) => withLink(id!, ctx, (link) => ok(linkReport(link, kind === "income"), `link ${link.id}`)),
  ],
  ["GET", new RegExp(`^/v1/links/${ID}/shifts/?$`), ([id], call, ctx) => withLink(id!, ctx, (link) => shifts(link, call))],
  ["POST", new RegExp(`^/v1/users/${ID}/reports/?$`), ([id], call, ctx) => createReport(id!, call, ctx)],
  ["GET", new RegExp(`^/v1/users/${ID}/reports/${ID}/?$`), ([user, report], _call, ctx) => getReport(user!, report!, ctx)],
  ["GET", /^\/v1\/webhook-requests\/?$/, (_ids, call, ctx) => listDeliveries(new URLSearchParams(call.query), ctx.world)],
  ["POST", /^\/v1\/webhooks\/?$/, (_ids, call, ctx) => withBody(call, (body) => createWebhook(body, ctx))],
  ["GET", new RegExp(`^/v1/webhooks/${ID}/?$`), ([id], _call, ctx) => withWebhook(id!, ctx, (w) => ok({ ...w }, `webhook ${w.id}`))],
  [
    "DELETE",
    new RegExp(`^/v1/webhooks/${ID}/?$`),
    ([id], _call, ctx) => withWebhook(id!, ctx, (w) => (webhooks.remove(ctx.world, w), ok(null, `webhook ${w.id}`, 204))),
  ],
  ["POST", /^\/v1\/refresh\/tasks\/?$/, (_ids, call, ctx) => refresh(call, ctx)],
];

/**
 * Truv's API as a webhook handler calls it back, offline: orders, links and their reports as the
 * events sent left them, a user's reports, webhook configurations and the delivery history; a data
 * refresh sends its task's webhooks, signed with the access secret as Truv signs them.
 */
export const truvApi: ProviderApi = {
  templates: [],
  prefixes: RESOURCES.map((resource) => `/v1/${resource}`),
  claims: (call: ApiCall) => call.headers["x-access-client-id"] !== undefined || call.headers["x-access-secret"] !== undefined || TRUV_PATH.test(call.path),
  answer(call, ctx) {
    const unauthenticated = authenticate(call, ctx);
    if (unauthenticated) return unauthenticated;
    const route = findRoute(routes, call);
    if (route === "method") return methodNotAllowed(call.method);
    return route ? route.answer(route.ids, call, ctx) : notFound();
  },
  observe(payload, body, ctx, caused = false) {
    // A body already applied (a redelivery; what trigger applied before the listener saw it) changes nothing twice.
    applyOnce(ctx.world, "truv-seen", body, () => applyEvent(payload, ctx.world, ctx.now), caused);
  },
  delivered: (payload, delivery, ctx) => keepDelivery(payload, delivery, ctx.world, ctx.now),
};

/** Both keys present, and the secret the one the listener verifies Truv's webhooks with: Truv signs with the access secret. */
function authenticate(call: ApiCall, ctx: ApiContext): ApiAnswer | undefined {
  const id = call.headers["x-access-client-id"];
  const secret = call.headers["x-access-secret"];
  if (!id || !secret)
    return truvError(401, "authentication_failed", "Authentication credentials were not provided: send X-Access-Client-Id and X-Access-Secret.");
  if (ctx.secrets.length && !ctx.secrets.some((s) => safeEqual(s, secret)))
    return truvError(
      401,
      "authentication_failed",
      "X-Access-Secret is not the access secret wh-sim listen verifies Truv webhooks with (Truv signs with it): see `wh-sim listen --print-secret truv`.",
    );
  return undefined;
}

function withBody(call: ApiCall, answer: (body: Record<string, unknown>) => ApiAnswer): ApiAnswer {
  const body = jsonBody(call);
  return body ? answer(body) : truvError(400, "parse_error", "JSON parse error - the request body is not a JSON object.");
}

function withLink(id: string, ctx: ApiContext, answer: (link: NonNullable<ReturnType<typeof linkById>>) => ApiAnswer): ApiAnswer {
  const link = linkById(ctx.world, id);
  return link && !link.deleted_at ? answer(link) : notFound();
}

function withOrder(id: string, ctx: ApiContext): ApiAnswer {
  const order = orderById(ctx.world, id);
  return order ? ok(orderView(order, ctx.world), `order ${order.id}`) : notFound();
}

function withWebhook(id: string, ctx: ApiContext, answer: (webhook: NonNullable<ReturnType<typeof webhookById>>) => ApiAnswer): ApiAnswer {
  const webhook = webhookById(ctx.world, id);
  return webhook ? answer(webhook) : notFound();
}

/** `POST /v1/link-access-tokens/`: a link's public token (Truv Bridge's onSuccess) for its access token and id. */
function exchange(call: ApiCall, ctx: ApiContext): ApiAnswer {
  return withBody(call, (body) => {
    const token = text(body.public_token);
    if (!token) return invalidParams([{ field: "public_token", message: "This field is required." }]);
    const link = linkByToken(ctx.world, token, "public");
    if (!link) return invalidParams([{ field: "public_token", message: "Invalid public token." }]);
    return ok({ access_token: accessTokenOf(link.id), link_id: link.id }, `link ${link.id}`);
  });
}

function shifts(link: NonNullable<ReturnType<typeof linkById>>, call: ApiCall): ApiAnswer {
  const query = new URLSearchParams(call.query);
  const page = Number(query.get("page") ?? 1);
  const size = Number(query.get("page_size") ?? 100);
  if (!Number.isInteger(size) || size < 1 || size > 1000) return invalidParams([{ field: "page_size", message: "Ensure this value is between 1 and 1000." }]);
  // Past the last page (or not a page): Django REST framework's 404.
  if (!Number.isInteger(page) || page < 1 || (page > 1 && (page - 1) * size >= (link.shifts ?? 0))) return notFound("Invalid page.");
  return ok(shiftsView(link, page, size, `http://${call.headers.host ?? "127.0.0.1"}`), `link ${link.id}`);
}

function createReport(userId: string, call: ApiCall, ctx: ApiContext): ApiAnswer {
  const user = userById(ctx.world, userId);
  if (!user) return notFound();
  return withBody(call, (body) => {
    const report = { report_id: truvId(ctx.random), user_id: userId, created_at: truvTime(ctx.now), is_voe: body.is_voe === true };
    ctx.world.put("truv-report", report.report_id, report);
    return ok(userReport(report, user.link_ids, ctx.world), `user ${userId}`, 201);
  });
}

function getReport(userId: string, reportId: string, ctx: ApiContext): ApiAnswer {
  const user = userById(ctx.world, userId);
  const report = ctx.world.get<{ report_id: string; user_id: string; created_at: string; is_voe: boolean }>("truv-report", reportId);
  return user && report?.user_id === userId ? ok(userReport(report, user.link_ids, ctx.world), `user ${userId}`) : notFound();
}

/**
 * `POST /v1/refresh/tasks/` with a link's access token: a data refresh, done at once. The link's
 * task is done and one more pay statement counted; `task-status-updated` (done) and
 * `statements-updated` go to every webhook configuration subscribed to them.
 */
function refresh(call: ApiCall, ctx: ApiContext): ApiAnswer {
  return withBody(call, (body) => {
    const token = text(body.access_token);
    if (!token) return invalidParams([{ field: "access_token", message: "This field is required." }]);
    const link = linkByToken(ctx.world, token, "access");
    if (!link || link.deleted_at) return invalidParams([{ field: "access_token", message: "Invalid access token." }]);
    const taskId = truvId(ctx.random);
    link.status = "done";
    link.statements = (link.statements ?? 0) + 1;
    link.updated_at = truvTime(ctx.now);
    saveLink(ctx.world, link);
    const about = {
      link_id: link.id,
      user_id: link.user_id,
      product: link.product,
      data_source: link.data_source,
      task_id: taskId,
      tracking_info: link.tracking_info,
    };
    const events = [
      ...addressed(ctx.world, "task-status-updated", { ...about, status: "done" }, `${taskId}:done`),
      ...addressed(ctx.world, "statements-updated", { ...about, objects_count: link.statements, employment_id: link.employment_id }, `${taskId}:statements`),
    ];
    return { ...ok({ task_id: taskId }, `link ${link.id}`, 201), events };
  });
}
