// Loaded with `node --import` into a spawned wh-sim: writes every module the process loads to the
// file named by WH_SIM_LOAD_TRACE, one per line (Node's own as `node:<name>`, files as their URL).
import { appendFileSync } from "node:fs";
import { register } from "node:module";

const trace = process.env.WH_SIM_LOAD_TRACE;
// The hooks run on the loader's thread, and write each file's URL as it loads.
register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from "node:fs";
    export async function load(url, context, next) {
      if (url.startsWith("file:")) appendFileSync(${JSON.stringify(trace)}, url + "\\n");
      return next(url, context);
    }`)}`,
);
process.on("exit", () => {
  const builtins = process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => `node:${m.slice("NativeModule ".length)}`);
  appendFileSync(trace, builtins.join("\n") + "\n");
});
