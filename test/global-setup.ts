// Before the run: under CI=true, a missing system tool fails it at once. After the run: elsewhere,
// the tests skipped for a missing tool are named, with the command that installs it.
import { missingTools, SYSTEM_TOOLS } from "./helpers/system-tools.js";

export default function setup(): () => void {
  const missing = missingTools();
  if (missing.length > 0 && process.env.CI === "true") {
    throw new Error(
      `CI=true and these system tools are missing: ${missing.join(", ")}; nothing is skipped in CI.\n` +
        `Install them: apt-get install -y ${missing.map((t) => SYSTEM_TOOLS[t].apt).join(" ")} (.ci/run does)`,
    );
  }
  return () => {
    if (missing.length === 0) return;
    const lines = missing.map((t) => `  ${t.padEnd(15)} ${SYSTEM_TOOLS[t].for}: apt-get install -y ${SYSTEM_TOOLS[t].apt}`);
    process.stdout.write(
      `\nSkipped for lack of a system tool (the rest passed as shown above; CI=true runs them all):\n${lines.join("\n")}\n` +
        `All at once: apt-get install -y ${missing.map((t) => SYSTEM_TOOLS[t].apt).join(" ")}\n`,
    );
  };
}
