import { secretEnvName } from "../../config.js";
import { createRandom } from "../../lib/random.js";
import { publicKeyOf } from "../../credentials.js";
import { paint } from "../output.js";
import { resolveProvider } from "../resolve.js";

export async function runSecret(providerArg: string, opts: { new?: boolean; json?: boolean }): Promise<void> {
  const provider = await resolveProvider(providerArg);
  if (provider.credentialKind === "keypair") {
    const { jwk, home } = await publicKeyOf(provider, opts.new ?? false);
    console.log(JSON.stringify(jwk, null, opts.json ? undefined : 2));
    note(
      opts.new
        ? `rotated: new key ${String(jwk.kid)}; the previous one is now served with expired_at set`
        : `wh-sim's public key (private half in ${home}); wh-sim listen serves it at POST /webhook_verification_key/get`,
    );
    return;
  }
  const secret = opts.new ? provider.newSecret(createRandom()) : provider.testSecret;
  if (opts.json) return void console.log(JSON.stringify({ provider: provider.id, secret, builtin: !opts.new }));
  console.log(secret);
  note(
    opts.new
      ? `a new ${provider.displayName} secret: use it with --secret or ${secretEnvName(provider.id)}`
      : `the built-in ${provider.displayName} test secret: configure your app's webhook secret to this for local tests`,
  );
}

function note(text: string): void {
  if (process.stderr.isTTY) console.error(paint.dim(text));
}
