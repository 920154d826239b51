import { z } from "zod";
import { packageVersion } from "../lib/package-version.js";
import * as schema from "./schemas.js";

/** Where the control plane lives on the listener's port. */
export const CONTROL_PLANE_PATH = "/_wh-sim/api/v1";

/** Each endpoint: its method, what it takes (a JSON body, or query parameters for a GET) and answers. */
export const ENDPOINTS = {
  trigger: {
    method: "POST",
    input: schema.triggerInput,
    output: schema.deliveries,
    summary: "Build an event from its fixture, sign it as the provider does, and send it",
  },
  scenario: {
    method: "POST",
    input: schema.scenarioInput,
    output: schema.deliveries,
    summary: "Send a built-in scenario: a realistic sequence of one object's events",
  },
  requests: {
    method: "GET",
    input: schema.requestsInput,
    output: schema.requests,
    summary: "What the listener received (webhooks and API calls), oldest first",
  },
  wait: {
    method: "POST",
    input: schema.waitInput,
    output: schema.request,
    summary: "The first matching request arriving after `after` (or not returned by an earlier wait); 408 after timeout_ms",
  },
  reset: {
    method: "POST",
    input: schema.resetInput,
    output: schema.reset,
    summary: "Forget the offline APIs' state and what arrived, so each test starts clean",
  },
  secrets: { method: "GET", input: z.object({}).strict(), output: schema.secrets, summary: "The secrets (and Plaid's public key) the listener verifies with" },
} as const;

export type EndpointName = keyof typeof ENDPOINTS;

const json = (s: z.ZodType) => z.toJSONSchema(s, { io: "output", unrepresentable: "any" });
const content = (s: z.ZodType) => ({ "application/json": { schema: json(s) } });

/** The OpenAPI 3.1 document of the control plane, made from the operations' own schemas. */
export function openApiDocument() {
  const errorAnswer = (description: string) => ({ description, content: content(schema.error) });
  const paths = Object.fromEntries(
    Object.entries(ENDPOINTS).map(([name, e]) => {
      const shape = (e.input as z.ZodObject).shape as Record<string, z.ZodType>;
      const parameters =
        e.method === "GET"
          ? Object.entries(shape).map(([param, s]) => ({
              name: param,
              in: "query",
              required: false,
              description: s.description,
              schema: json(s instanceof z.ZodOptional ? (s.unwrap() as z.ZodType) : s),
            }))
          : undefined;
      const responses = {
        "200": { description: "done", content: content(e.output) },
        "400": errorAnswer("the request is not what the operation takes: the message names what is valid"),
        ...(name === "wait" ? { "408": errorAnswer("nothing matching arrived in time: `arrived` holds what did") } : {}),
        "401": { description: "bound beyond loopback, and the run's token was not given (Authorization: Bearer)" },
        "403": { description: "a Host or Origin that is not the listener's own" },
      };
      const operation = {
        operationId: name,
        summary: e.summary,
        ...(parameters ? { parameters } : { requestBody: { required: name !== "reset", content: content(e.input) } }),
        responses,
      };
      return [`${CONTROL_PLANE_PATH}/${name}`, { [e.method.toLowerCase()]: operation }];
    }),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "wh-sim control plane",
      version: packageVersion(),
      description:
        "Drive a running `wh-sim listen` from any language: send events through it or to your app, read and wait for what arrived, reset the offline providers' state between tests. Served by the listener on its own port; bound beyond loopback, every call needs the run's token (Authorization: Bearer <token>, printed at start-up).",
    },
    servers: [{ url: "http://127.0.0.1:4242", description: "a default `wh-sim listen`" }],
    paths: {
      ...paths,
      [`${CONTROL_PLANE_PATH}/openapi.json`]: {
        get: {
          operationId: "openapi",
          summary: "This document",
          responses: { "200": { description: "the OpenAPI document", content: { "application/json": {} } } },
        },
      },
    },
  };
}
