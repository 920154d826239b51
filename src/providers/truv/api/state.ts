import { sha256Hex } from "../../../lib/crypto.js";
import { createRandom } from "../../../lib/random.js";
import { pick, text } from "../../api-kit/index.js";
import type { JsonObject, Random, WorldView } from "../../types.js";

/** A Link (one connection to a payroll provider) as wh-sim keeps it: what the events said of it. */
export interface TruvLink {
  readonly id: string;
  user_id: string | null;
  product: string;
  data_source: string;
  readonly provider_id: string;
  /** The last task status a `task-status-updated` carried. */
  status: string;
  tracking_info: string | null;
  readonly created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** The pay statements the last `statements-created`/`-updated` counted; null before any (a seeded number is reported). */
  statements: number | null;
  /** The shifts the last `shifts-created`/`-updated` counted; none before. */
  shifts?: number;
  /** The employment the statements belong to (`employment_id`, an employment event's `object_id`). */
  employment_id: string | null;
}

/** An employer of an order (a suborder), with the status its last `order-status-updated` carried. */
export interface TruvSuborder {
  readonly id: string;
  status: string;
  link_id: string | null;
  product_type: string;
  data_source: string | null;
  readonly created_at: string;
}

export interface TruvOrder {
  readonly id: string;
  order_number: string | null;
  user_id: string | null;
  products: string[];
  readonly created_at: string;
  updated_at: string;
  completed_at: string | null;
  employers: TruvSuborder[];
}

export interface TruvUser {
  readonly id: string;
  readonly created_at: string;
  link_ids: string[];
}

const LINK = "truv-link";
const ORDER = "truv-order";
const USER = "truv-user";

/** Truv's ids: 32 lowercase hex characters. */
export const TRUV_ID = /^[0-9a-f]{32}$/;
export const truvId = (random: Random) => random.bytes(16).toString("hex");

/** Truv's times: ISO 8601 with microseconds, UTC. */
export const truvTime = (date: Date) => date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");

/** The same randomness every time for the same object and purpose. */
export const seeded = (id: string, purpose: string) => createRandom(`truv:${id}:${purpose}`);

/**
 * A link's tokens are its id masked (a different mask for each kind): the access token the API
 * gives, the public token Truv Bridge would hand the page. Unmasked, a token names its link: no
 * token has to be kept.
 */
const MASKS = { access: Buffer.from(sha256Hex("wh-sim truv access token"), "hex"), public: Buffer.from(sha256Hex("wh-sim truv public token"), "hex") };
const mask = (hex32: string, kind: keyof typeof MASKS) => Buffer.from(Buffer.from(hex32, "hex").map((byte, i) => byte ^ MASKS[kind][i]!)).toString("hex");
export const accessTokenOf = (linkId: string) => mask(linkId, "access");
export const publicTokenOf = (linkId: string) => mask(linkId, "public");

export const PROVIDERS = [
  { id: "adp", name: "ADP" },
  { id: "paychex", name: "Paychex" },
  { id: "gusto", name: "Gusto" },
  { id: "workday", name: "Workday" },
] as const;

export const linkById = (world: WorldView, id: string) => (TRUV_ID.test(id) ? world.get<TruvLink>(LINK, id) : undefined);
export const orderById = (world: WorldView, id: string) => (TRUV_ID.test(id) ? world.get<TruvOrder>(ORDER, id) : undefined);
export const userById = (world: WorldView, id: string) => (TRUV_ID.test(id) ? world.get<TruvUser>(USER, id) : undefined);
export const saveLink = (world: WorldView, link: TruvLink) => world.put(LINK, link.id, link);

/** The link a token of this kind opens, if it is one of a link wh-sim knows. */
export const linkByToken = (world: WorldView, token: string, kind: keyof typeof MASKS): TruvLink | undefined =>
  TRUV_ID.test(token) ? linkById(world, mask(token, kind)) : undefined;

function newLink(id: string, payload: JsonObject, at: string): TruvLink {
  const link: TruvLink = {
    id,
    user_id: null,
    product: text(payload.product) ?? "income",
    data_source: text(payload.data_source) ?? "payroll",
    provider_id: pick(seeded(id, "provider"), PROVIDERS).id,
    status: "new",
    tracking_info: null,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    statements: null,
    employment_id: null,
  };
  return link;
}

const STATEMENT_EVENTS = new Set(["statements-created", "statements-updated"]);
const SHIFT_EVENTS = new Set(["shifts-created", "shifts-updated"]);
const EMPLOYMENT_EVENTS = new Set(["employment-created", "employment-updated"]);
const SUBORDER_EVENTS = new Set(["order-created", "order-status-updated", "order-refresh-failed"]);

/** What a Truv webhook says, made true for the calls that follow it: the link's status and counts, the order's suborders. */
export function applyEvent(payload: JsonObject, world: WorldView, now: Date): void {
  const type = text(payload.event_type) ?? "";
  const at = text(payload.updated_at) ?? text(payload.event_created_at) ?? truvTime(now);
  const userId = text(payload.user_id);
  const linkId = text(payload.link_id);
  const link = linkId && TRUV_ID.test(linkId) ? (linkById(world, linkId) ?? newLink(linkId, payload, at)) : undefined;
  if (link) {
    link.user_id ??= userId ?? null;
    link.tracking_info = text(payload.tracking_info) ?? link.tracking_info;
    if (type === "task-status-updated") link.status = text(payload.status) ?? link.status;
    if (STATEMENT_EVENTS.has(type) && typeof payload.objects_count === "number") link.statements = payload.objects_count;
    if (STATEMENT_EVENTS.has(type)) link.employment_id = text(payload.employment_id) ?? link.employment_id;
    if (SHIFT_EVENTS.has(type) && typeof payload.objects_count === "number") link.shifts = payload.objects_count;
    if (EMPLOYMENT_EVENTS.has(type)) link.employment_id = text(payload.object_id) ?? link.employment_id;
    if (type === "link-deleted") link.deleted_at = at;
    link.updated_at = at;
    saveLink(world, link);
  }
  if (userId && TRUV_ID.test(userId)) {
    const known = userById(world, userId);
    const user = known ?? { id: userId, created_at: at, link_ids: [] };
    const linked = link !== undefined && !user.link_ids.includes(link.id);
    if (linked) user.link_ids.push(link.id);
    // Written when new or changed: most events name a user and link already known.
    if (!known || linked) world.put(USER, userId, user);
  }
  const orderId = text(payload.order_id);
  if (orderId && TRUV_ID.test(orderId)) applyToOrder(world, orderId, type, payload, at);
}

function applyToOrder(world: WorldView, id: string, type: string, payload: JsonObject, at: string): void {
  const order: TruvOrder = orderById(world, id) ?? {
    id,
    order_number: text(payload.order_number) ?? null,
    user_id: null,
    products: [],
    created_at: at,
    updated_at: at,
    completed_at: null,
    employers: [],
  };
  order.user_id ??= text(payload.user_id) ?? null;
  const product = text(payload.product);
  if (product && !order.products.includes(product)) order.products.push(product);
  const employerId = text(payload.employer_id);
  if (SUBORDER_EVENTS.has(type) && employerId && TRUV_ID.test(employerId)) {
    let employer = order.employers.find((e) => e.id === employerId);
    if (!employer) {
      employer = { id: employerId, status: "pending", link_id: null, product_type: product ?? "income", data_source: null, created_at: at };
      order.employers.push(employer);
    }
    employer.status = text(payload.status) ?? employer.status;
    employer.link_id = text(payload.link_id) ?? employer.link_id;
    employer.data_source = text(payload.data_source) ?? employer.data_source;
  }
  if (type === "order-finalized") order.completed_at = at;
  order.updated_at = at;
  world.put(ORDER, id, order);
}
