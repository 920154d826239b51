// The tools that read the catalogue: list_events, describe_event; and its resources and prompt.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { prepareDelivery } from "../delivery.js";
import { availableProviders, loadCatalogue, resolveProvider, providerList } from "../providers/registry.js";
import { EVENT, hmacSignerOrNone, PROVIDER, result, tool } from "./result.js";

export function registerCatalogueTools(server: McpServer): void {
  server.registerTool(
    "list_events",
    {
      description: `The webhook events wh-sim can send, by provider (${providerList()}), with a one-line description each.`,
      inputSchema: {
        provider: z.string().optional().describe(`only this provider's events: ${providerList()}`),
        search: z.string().optional().describe("only events whose name or description holds this text"),
      },
      outputSchema: { events: z.array(z.object({ provider: z.string(), name: z.string(), description: z.string() })) },
    },
    ({ provider, search }) =>
      tool(async () => {
        const ids = provider ? [(await resolveProvider(provider)).id] : availableProviders();
        const needle = search?.toLowerCase();
        const events = (await Promise.all(ids.map(loadCatalogue))).flatMap((c) =>
          c.events
            .filter((e) => !needle || `${e.name} ${e.description}`.toLowerCase().includes(needle))
            .map((e) => ({ provider: c.id, name: e.name, description: e.description })),
        );
        return result(
          events
            .slice(0, 400)
            .map((e) => `${e.provider} ${e.name} — ${e.description}`)
            .join("\n") || "no event matches",
          { events },
        );
      }),
  );

  server.registerTool(
    "describe_event",
    {
      description: "One event: its description, variants, the Stripe API versions it exists at, and an example body as wh-sim sends it.",
      inputSchema: { provider: PROVIDER, event: EVENT },
      outputSchema: {
        provider: z.string(),
        event: z.string(),
        description: z.string(),
        variants: z.array(z.string()),
        versions: z.array(z.string()),
        example: z.record(z.string(), z.unknown()),
      },
    },
    ({ provider: name, event }) =>
      tool(async () => {
        const provider = await resolveProvider(name);
        const choice = provider.resolveEvent(event, {});
        const info = provider.events.find((e) => e.name === choice.name) as { description: string; variants?: string[]; versions?: string[] } | undefined;
        const signer = hmacSignerOrNone(provider);
        const example = JSON.parse((await prepareDelivery(provider, { choice, signer, options: {}, now: new Date(), seed: "example" })).body) as Record<
          string,
          unknown
        >;
        const structured = {
          provider: provider.id,
          event: choice.name,
          description: info?.description ?? "",
          variants: info?.variants ?? [],
          versions: info?.versions ?? [],
          example,
        };
        return result(`${provider.id} ${choice.name}: ${structured.description}\n${JSON.stringify(example, null, 2)}`, structured);
      }),
  );

  server.registerResource(
    "catalogue",
    new ResourceTemplate("wh-sim://events/{provider}", {
      list: async () => ({
        resources: availableProviders().map((id) => ({ uri: `wh-sim://events/${id}`, name: `${id} events`, mimeType: "application/json" })),
      }),
    }),
    { description: "A provider's event catalogue", mimeType: "application/json" },
    async (uri, { provider }) => {
      const catalogue = await loadCatalogue((await resolveProvider(String(provider))).id);
      return {
        contents: [
          {
            uri: uri.href,
            mimeType: "application/json",
            text: JSON.stringify(
              catalogue.events.map(({ name, description }) => ({ name, description })),
              null,
              2,
            ),
          },
        ],
      };
    },
  );
  server.registerResource(
    "example",
    new ResourceTemplate("wh-sim://events/{provider}/{event}", { list: undefined }),
    { description: "An event's example body, as wh-sim sends it", mimeType: "application/json" },
    async (uri, { provider: name, event }) => {
      const provider = await resolveProvider(String(name));
      const delivery = await prepareDelivery(provider, {
        choice: provider.resolveEvent(String(event), {}),
        signer: hmacSignerOrNone(provider),
        options: {},
        now: new Date(),
        seed: "example",
      });
      return { contents: [{ uri: uri.href, mimeType: "application/json", text: delivery.body }] };
    },
  );

  server.registerPrompt(
    "test-my-webhook-handler",
    { description: "Walk through testing a webhook handler with wh-sim", argsSchema: { provider: z.string().optional(), url: z.string().optional() } },
    ({ provider, url }) => ({
      messages: [
        {
          role: "user",
          content: {
            type: "text",
            text: [
              `Test my ${provider ?? "webhook"} handler${url ? ` at ${url}` : ""} with wh-sim:`,
              "1. list_events (and describe_event) to find the events it handles.",
              "2. trigger each one at the handler's URL; a non-2xx answer is a failing delivery: read its hint.",
              "3. trigger again with chaos (tamper, stale, wrong-secret): the handler must answer 4xx; duplicate: it must accept and process once.",
              "4. scenario for a realistic sequence (shuffle: true for out-of-order delivery).",
              "5. To see what a sender delivers, start_listener, send to its url, then wait_for / received / verify.",
            ].join("\n"),
          },
        },
      ],
    }),
  );
}
