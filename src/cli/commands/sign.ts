import { loadConfig } from "../../config.js";
import { signerFor } from "../../credentials.js";
import { readBytes } from "../../input.js";
import { createRandom } from "../../lib/random.js";
import { resolveProvider } from "../resolve.js";

export async function runSign(
  providerArg: string,
  opts: { body: string; secret?: string[]; at?: number; svix?: boolean; json?: boolean; config?: string },
): Promise<void> {
  const provider = await resolveProvider(providerArg);
  const body = (await readBytes("--body", opts.body)).toString("utf8");
  const signer = await signerFor(provider, opts.secret, await loadConfig(opts.config));
  const now = opts.at !== undefined ? new Date(opts.at * 1000) : new Date();
  const headers = signer.sign(body, { now, random: createRandom(), options: { svix: opts.svix } });
  console.log(
    opts.json
      ? JSON.stringify(headers)
      : Object.entries(headers)
          .map(([k, v]) => `${k}: ${v}`)
          .join("\n"),
  );
}
