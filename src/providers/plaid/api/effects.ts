import { isObject, type JsonObject } from "../../../lib/json.js";
import type { ApiContext } from "../../types.js";
import { isoDate, type PlaidItem } from "./item.js";

/** How many transactions a SYNC_UPDATES_AVAILABLE (or DEFAULT_UPDATE) sent for an Item adds. */
export const NEW_PER_UPDATE = 3;

/** What a webhook says of an Item, made true for the calls that follow it. */
export function applyWebhook(payload: JsonObject, item: PlaidItem, ctx: Pick<ApiContext, "now">): void {
  const event = `${String(payload.webhook_type)}.${String(payload.webhook_code)}`;
  // An error the webhook names (ITEM: ERROR, USER_PERMISSION_REVOKED) is the Item's until repaired.
  if ((event === "ITEM.ERROR" || event === "ITEM.USER_PERMISSION_REVOKED") && isObject(payload.error)) {
    const { error_type, error_code, error_message, display_message } = payload.error;
    item.error = {
      error_type: String(error_type),
      error_code: String(error_code),
      error_message: String(error_message),
      display_message: display_message === null ? null : String(display_message),
    };
  } else if (event === "ITEM.LOGIN_REPAIRED") {
    item.error = null;
  } else if (event === "TRANSACTIONS.SYNC_UPDATES_AVAILABLE" || event === "TRANSACTIONS.DEFAULT_UPDATE") {
    const count = event === "TRANSACTIONS.DEFAULT_UPDATE" && typeof payload.new_transactions === "number" ? payload.new_transactions : NEW_PER_UPDATE;
    for (let i = 0; i < Math.min(count, 100); i++) item.log.push({ n: item.log.length, date: isoDate(ctx.now.getTime()) });
  }
}
