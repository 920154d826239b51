// Truv's and Bridge's API answers as their references document them (test/vectors/*-api-schemas.json,
// transcribed by hand, each schema naming its page): a validator per provider.
import { Ajv } from "ajv";
import { vi } from "vitest";
import { readVector } from "./vectors.js";

interface SchemaVector {
  endpoints: Record<string, string>;
  schemas: Record<string, object>;
}

/**
 * The schema an endpoint's path answers with: `/v1/links/<id>/` is `GET /v1/links/{link_id}/`; a
 * documented trailing slash may be left out (Truv's servers and sample apps do).
 */
function templateOf(endpoints: Record<string, string>, method: string, path: string): string | undefined {
  return Object.keys(endpoints).find((template) => {
    const [m, p] = template.split(" ");
    const pattern = new RegExp(`^${p!.replace(/\{[^}]+\}/g, "[^/]+").replace(/\/$/, "/?")}$`);
    return m === method && pattern.test(path);
  });
}

/** Validates answers against one provider's schemas: errors by status, successes by endpoint. */
export function apiSchemas(vector: string, errorSchema: (status: number) => string) {
  const { endpoints, schemas } = readVector<SchemaVector>(vector);
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema({ $id: vector, schemas });
  const check = (schema: string, body: unknown) => {
    const validate = ajv.getSchema(`${vector}#/schemas/${schema}`)!;
    return validate(body) ? [] : [`${schema}: ${ajv.errorsText(validate.errors)}`];
  };
  return {
    endpoints: Object.keys(endpoints),
    /** The problems of one answer; none when it is as documented. */
    problems(method: string, path: string, status: number, body: unknown): string[] {
      if (status >= 400) return check(errorSchema(status), body).map((p) => `${method} ${path} ${status}: ${p}`);
      const template = templateOf(endpoints, method, path);
      if (!template) return [`${method} ${path}: no documented schema`];
      if (status === 204) return [];
      return check(endpoints[template]!, body).map((p) => `${method} ${path} ${status}: ${p}`);
    },
    templateOf: (method: string, path: string) => templateOf(endpoints, method, path),
  };
}

export interface RecordedAnswer {
  method: string;
  /** Without the query. */
  path: string;
  status: number;
  body: unknown;
}

/**
 * Records every answer `fetch` gets in this process — the handler's calls (the app runs in the
 * test's process) and the test's own — so that each can be checked against its schema at the end.
 */
export function recordAnswers(answers: RecordedAnswer[]): void {
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const response = await realFetch(input, init);
    const text = await response.clone().text();
    answers.push({ method: init?.method ?? "GET", path: new URL(String(input)).pathname, status: response.status, body: text ? JSON.parse(text) : null });
    return response;
  });
}
