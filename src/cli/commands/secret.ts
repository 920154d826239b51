import { UsageError } from "../../errors.js";
import { createRandom } from "../../fixtures/random.js";
import { paint } from "../output.js";
import { resolveProvider } from "../resolve.js";

export async function runSecret(providerArg: string, opts: { new?: boolean; json?: boolean }): Promise<void> {
  const provider = await resolveProvider(providerArg);
  if (!provider.testSecret || !provider.newSecret) throw new UsageError(`${provider.displayName} does not use a shared secret`);
  const secret = opts.new ? provider.newSecret(createRandom()) : provider.testSecret;
  if (opts.json) return void console.log(JSON.stringify({ provider: provider.id, secret, builtin: !opts.new }));
  console.log(secret);
  if (process.stderr.isTTY) {
    console.error(
      paint.dim(opts.new ? `a new ${provider.displayName} secret: use it with --secret or WH_SIM_${provider.id.toUpperCase()}_SECRET` : `the built-in ${provider.displayName} test secret: configure your app's webhook secret to this for local tests`),
    );
  }
}
