// Writes docs/control-plane.openapi.json: the control plane's OpenAPI 3.1 document, made from the
// operations' zod schemas (src/operations/openapi.ts), the same one a listener serves at
// /_wh-sim/api/v1/openapi.json. Run after `tsc -p tsconfig.json`; the control-plane test fails
// when the shipped copy is not what the schemas make.
import { writeFileSync } from "node:fs";
import { openApiDocument } from "../dist/operations/openapi.js";

const file = new URL("../docs/control-plane.openapi.json", import.meta.url);
writeFileSync(file, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
