import { describe, expect, it } from "vitest";
import { buildDelivery, loadProvider, verifyDelivery } from "../../src/index.js";

describe("the library API", () => {
  it("builds a signed delivery that verifies, and reports why a changed one does not", async () => {
    for (const id of ["stripe", "truv", "bridge", "standard"] as const) {
      const provider = await loadProvider(id);
      const delivery = await buildDelivery(provider, provider.demoEvent, { seed: "api" });
      expect(verifyDelivery(provider, Buffer.from(delivery.body), delivery.headers)).toEqual({ status: "valid" });
      expect(verifyDelivery(provider, Buffer.from(`${delivery.body} `), delivery.headers)).toMatchObject({ status: "invalid", reason: "mismatch" });
    }
  });
});
