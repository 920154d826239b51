import type { ApiAnswer } from "../../types.js";

/**
 * Truv's error shape: `{"error": {"code", "message", "extra"?}}`, `extra.invalid-params` on a 400
 * only; a 404 is `{"detail": "Not Found."}` instead (Truv's errors reference).
 */
export function truvError(status: number, code: string, message: string, invalid?: readonly { field: string; message: string }[]): ApiAnswer {
  return {
    status,
    error: code,
    body: { error: { code, message, ...(status === 400 ? { extra: { "invalid-params": [...(invalid ?? [])] } } : {}) } },
  };
}

export const notFound = (detail = "Not Found."): ApiAnswer => ({ status: 404, error: "not_found", body: { detail } });

export const invalidParams = (invalid: readonly { field: string; message: string }[]): ApiAnswer =>
  truvError(400, "incorrect_parameters", "Incorrect request parameters", invalid);

export const methodNotAllowed = (method: string): ApiAnswer => ({
  status: 405,
  error: "method_not_allowed",
  body: { detail: `Method "${method}" not allowed.` },
});
