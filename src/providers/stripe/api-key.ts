// The secret key a call to Stripe's API carries, as Stripe reads it.

/**
 * The key of an Authorization header: `Bearer sk_test_…` (Stripe's libraries), or Basic with the
 * key as the user name and no password (`curl -u sk_test_…:`, as Stripe's own examples call it).
 */
export function apiKeyOf(authorization: string): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/]+=*)$/i.exec(authorization);
  return basic ? Buffer.from(basic[1]!, "base64").toString("utf8").split(":")[0] : undefined;
}

/** wh-sim answers test-mode keys only: a secret or a restricted one. */
export const isTestKey = (authorization: string) => /^(sk|rk)_test_\S+$/.test(apiKeyOf(authorization) ?? "");

/** The key as Stripe's 401 shows it: its prefix and its last four characters. */
export const maskedKey = (authorization: string) => (apiKeyOf(authorization) ?? authorization).replace(/^(\w+?_\w+?_).*(.{4})$/, "$1****$2");
