import { between, cents, isoDate, pick } from "../../api-kit/index.js";
import type { JsonObject, WorldView } from "../../types.js";
import { accessTokenOf, linkById, PROVIDERS, seeded, truvId, type TruvLink, type TruvOrder } from "./state.js";

/** How many pay statements a link reports before any `statements-created` counted them. */
export const DEFAULT_STATEMENTS = 6;

const EMPLOYERS = [
  { name: "Facebook Demo", street: "1 Hacker Way", city: "Menlo Park", state: "CA", zip: "94025", phone: "6503087300", ein: "12-3456780" },
  { name: "Acme Logistics", street: "400 Market St", city: "Denver", state: "CO", zip: "80202", phone: "3035550147", ein: "84-1234567" },
  { name: "Northwind Health", street: "77 Elm Ave", city: "Austin", state: "TX", zip: "78701", phone: "5125550199", ein: "74-7654321" },
] as const;
const PEOPLE = [
  { first_name: "John", last_name: "Doe", middle_initials: "K" },
  { first_name: "Maria", last_name: "Garcia", middle_initials: "L" },
  { first_name: "Wei", last_name: "Chen", middle_initials: "" },
] as const;
const TITLES = ["PR associate", "Software engineer", "Warehouse lead", "Registered nurse"] as const;
const DAY = 86_400_000;

const money = (value: number) => value.toFixed(2);
const providerOf = (link: TruvLink) => PROVIDERS.find((p) => p.id === link.provider_id) ?? PROVIDERS[0];
const logo = (id: string) => `https://cdn.truv.com/providers/${id}.svg`;
const slug = (name: string) => name.toLowerCase().replaceAll(" ", "_");
/** The employer behind a link (or an order's employer before it has one): the same in every answer. */
const employerOf = (id: string) => pick(seeded(id, "employer"), EMPLOYERS);

/** A link as `GET /v1/links/{link_id}/` answers it (the access token masked, as Truv masks it). */
export function linkView(link: TruvLink): JsonObject {
  const provider = providerOf(link);
  const employer = employerOf(link.id);
  return {
    id: link.id,
    access_token: `${"*".repeat(28)}${accessTokenOf(link.id).slice(-4)}`,
    created_at: link.created_at,
    updated_at: link.updated_at,
    deleted_at: link.deleted_at,
    tracking_info: link.tracking_info,
    status: link.status,
    user_external_id: null,
    provider_id: provider.id,
    provider: { id: provider.id, name: provider.name, logo_url: logo(provider.id) },
    company_mapping: { id: slug(employer.name), name: employer.name, logo_url: `https://cdn.truv.com/company_logos/${slug(employer.name)}.svg` },
    link_hash: seeded(link.id, "hash").bytes(16).toString("hex"),
    allowed_products: [link.product],
    initial_product_type: link.product,
    data_source: link.data_source,
    is_suspicious: false,
    is_dds_available: false,
  };
}

/** The link's one employment: who, where, since when; with its income and pay statements for an income report. */
export function employmentView(link: TruvLink, withIncome: boolean): JsonObject {
  const random = seeded(link.id, "employment");
  const employer = employerOf(link.id);
  const person = pick(random, PEOPLE);
  const yearly = between(random, 42, 160) * 1000;
  const hired = Date.parse(link.created_at) - between(random, 400, 3000) * DAY;
  const employment: JsonObject = {
    id: link.employment_id ?? truvId(seeded(link.id, "employment-id")),
    job_title: pick(random, TITLES),
    job_type: "F",
    start_date: isoDate(hired),
    end_date: null,
    original_hire_date: isoDate(hired),
    external_last_updated: isoDate(Date.parse(link.updated_at)),
    is_active: true,
    dates_from_statements: false,
    derived_fields: [],
    missing_data_fields: [],
    manager_name: null,
    profile: {
      id: truvId(seeded(link.id, "profile")),
      first_name: person.first_name,
      last_name: person.last_name,
      full_name: `${person.first_name} ${person.last_name}`,
      middle_initials: person.middle_initials,
      email: `${person.first_name}.${person.last_name}@example.com`.toLowerCase(),
      ssn: `${between(random, 100, 899)}${between(random, 10, 99)}${between(random, 1000, 9999)}`,
      date_of_birth: isoDate(hired - between(random, 22, 45) * 365 * DAY),
      home_address: { street: "1 Morgan Ave", city: "Los Angeles", state: "CA", zip: "90210", country: "US" },
      created_at: link.created_at,
      updated_at: link.updated_at,
    },
    company: {
      name: employer.name,
      address: { street: employer.street, city: employer.city, state: employer.state, zip: employer.zip, country: "US" },
      phone: employer.phone,
      ein: employer.ein,
    },
  };
  if (!withIncome) return employment;
  return {
    ...employment,
    income: money(yearly),
    income_unit: "YEARLY",
    pay_rate: money(yearly / 26),
    pay_frequency: "BW",
    statements: statements(link, yearly),
  };
}

/** Bi-weekly pay statements, the newest first, as many as the link's last statements event counted. */
function statements(link: TruvLink, yearly: number): JsonObject[] {
  const count = link.statements ?? DEFAULT_STATEMENTS;
  const gross = yearly / 26;
  const lastPay = Date.parse(link.updated_at);
  const year = new Date(lastPay).getUTCFullYear();
  return Array.from({ length: count }, (_, n) => {
    const random = seeded(link.id, `statement:${n}`);
    const payDate = lastPay - n * 14 * DAY;
    const periodsThisYear = Math.max(1, Math.ceil((payDate - Date.UTC(year, 0, 1)) / (14 * DAY)));
    const net = gross * (0.7 + cents(random, 0, 0.08));
    return {
      id: truvId(random),
      pay_date: isoDate(payDate),
      check_number: String(between(random, 10_000_000, 99_999_999)),
      period_start: isoDate(payDate - 14 * DAY),
      period_end: isoDate(payDate - DAY),
      gross_pay: money(gross),
      gross_pay_ytd: money(gross * periodsThisYear),
      net_pay: money(net),
      net_pay_ytd: money(net * periodsThisYear),
      regular: money(gross),
      regular_ytd: money(gross * periodsThisYear),
      bonus: "0.00",
      bonus_ytd: "0.00",
      commission: "0.00",
      commission_ytd: "0.00",
      overtime: "0.00",
      overtime_ytd: "0.00",
      other_pay: "0.00",
      other_pay_ytd: "0.00",
      hours: "80.00",
      basis_of_pay: "S",
      earnings: [{ name: "Regular", amount: money(gross), category: "regular", rate: null, units: null }],
    };
  });
}

/** `GET /v1/links/{link_id}/income/report/` (with income) or `…/employment/report/` (without). */
export function linkReport(link: TruvLink, withIncome: boolean): JsonObject {
  return {
    id: truvId(seeded(link.id, withIncome ? "income-report" : "employment-report")),
    status: link.status,
    completed_at: link.status === "done" ? link.updated_at : null,
    access_token: accessTokenOf(link.id),
    tracking_info: link.tracking_info,
    refresh_status: null,
    provider: link.provider_id,
    is_suspicious: false,
    employments: [employmentView(link, withIncome)],
  };
}

/** A user's report over all their links, as `POST`/`GET /v1/users/{user_id}/reports/…` answer it. */
export function userReport(report: { report_id: string; created_at: string; is_voe: boolean }, linkIds: readonly string[], world: WorldView): JsonObject {
  const links = linkIds.flatMap((id) => linkById(world, id) ?? []).filter((l) => !l.deleted_at);
  const lastTask =
    links
      .map((l) => l.updated_at)
      .sort()
      .at(-1) ?? null;
  return {
    report_id: report.report_id,
    created_at: report.created_at,
    completed_at: report.created_at,
    last_task_at: lastTask,
    links: links.map((link) => ({
      id: truvId(seeded(link.id, `user-report:${report.report_id}`)),
      link_id: link.id,
      tracking_info: link.tracking_info,
      data_source: link.data_source,
      provider: link.provider_id,
      provider_name: providerOf(link).name,
      employments: [employmentView(link, !report.is_voe)],
    })),
  };
}

/** `GET /v1/orders/{id}/`: the order, each employer with its status and, once connected, its link. */
export function orderView(order: TruvOrder, world: WorldView): JsonObject {
  return {
    id: order.id,
    products: order.products,
    source: "internal",
    order_number: order.order_number,
    client_name: "wh-sim",
    first_name: "John",
    last_name: "Doe",
    user_id: order.user_id,
    share_url: `https://cdn.truv.com/employment.html?order_group_id=${order.id}`,
    created_at: order.created_at,
    updated_at: order.updated_at,
    completed_at: order.completed_at,
    canceled_at: null,
    expired_at: null,
    is_expired: false,
    employers: order.employers.map((e) => {
      const link = e.link_id ? linkById(world, e.link_id) : undefined;
      const provider = link ? providerOf(link) : undefined;
      return {
        id: e.id,
        product_type: e.product_type,
        status: e.status,
        created_at: e.created_at,
        link_id: e.link_id,
        access_token: e.link_id ? accessTokenOf(e.link_id) : null,
        data_source: e.data_source,
        provider: provider ? { id: provider.id, name: provider.name, logo_url: logo(provider.id) } : null,
        company_name: employerOf(e.link_id ?? e.id).name,
      };
    }),
  };
}

/**
 * `GET /v1/links/{link_id}/shifts/`: as many shifts as the last shifts event counted, the newest
 * first, a page at a time (`page` from 1, `page_size`); `next`/`previous` are whole URLs, as Truv's.
 */
export function shiftsView(link: TruvLink, page: number, pageSize: number, base: string): JsonObject {
  const count = link.shifts ?? 0;
  const first = (page - 1) * pageSize;
  const url = (n: number) => `${base}/v1/links/${link.id}/shifts/?page=${n}&page_size=${pageSize}`;
  const last = Date.parse(link.updated_at);
  const results = Array.from({ length: Math.max(0, Math.min(pageSize, count - first)) }, (_, i) => {
    const n = first + i;
    const random = seeded(link.id, `shift:${n}`);
    const day = isoDate(last - n * DAY);
    const hours = between(random, 4, 9);
    const start = `${day}T${String(between(random, 6, 12)).padStart(2, "0")}:00:00.000Z`;
    const end = new Date(Date.parse(start) + hours * 3600_000).toISOString();
    const rate = cents(random, 16, 32);
    const entry = { id: truvId(random), external_id: truvId(random), entry_date: day, start, end, created_at: link.updated_at, updated_at: link.updated_at };
    return {
      id: truvId(random),
      external_id: truvId(random),
      start_date: day,
      end_date: day,
      time_entries: [entry],
      type: "shift",
      created_at: link.updated_at,
      updated_at: link.updated_at,
      earnings: [{ name: "Regular", amount: money(rate * hours), category: "regular", rate: money(rate), units: money(hours) }],
    };
  });
  return { count, next: first + pageSize < count ? url(page + 1) : null, previous: page > 1 ? url(page - 1) : null, results };
}
