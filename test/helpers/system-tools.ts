// The system tools some tests drive, which a fresh machine with Node may lack. Without one, its
// tests are skipped and the run ends by naming it with the command that installs it; under
// CI=true nothing is skipped (a missing tool fails the run: CI installs them all, see .ci/run).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export interface SystemTool {
  /** What needs it. */
  readonly for: string;
  /** The Debian package that brings it. */
  readonly apt: string;
  present(): boolean;
}

const pythonImports = (module: string) => () =>
  existsSync("/usr/bin/python3") && spawnSync("/usr/bin/python3", ["-c", `import ${module}`], { stdio: "ignore" }).status === 0;
const onPath = (command: string) => () => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;

export const SYSTEM_TOOLS = {
  chromium: { for: "the inspector in a real browser", apt: "chromium", present: () => existsSync("/usr/bin/chromium") },
  zsh: { for: "the zsh completion script", apt: "zsh", present: onPath("zsh") },
  fish: { for: "the fish completion script", apt: "fish", present: onPath("fish") },
  "python3-stripe": {
    for: "Stripe's Python library judging every Stripe delivery",
    apt: "python3-stripe",
    present: () => existsSync("/usr/bin/python3") && spawnSync("/usr/bin/python3", ["-c", "import stripe"], { stdio: "ignore" }).status === 0,
  },
  python3: { for: "a non-blocking pipe as wh-sim's stdout", apt: "python3", present: onPath("python3") },
  "python3-flask": { for: "the Python example's Flask app (examples/python/)", apt: "python3-flask", present: pythonImports("flask") },
  "python3-pytest": { for: "the Python example's pytest suite (examples/python/)", apt: "python3-pytest", present: pythonImports("pytest") },
  openssl: { for: "HTTPS targets with a self-signed certificate", apt: "openssl", present: onPath("openssl") },
  curl: { for: "running the curl command --print curl gives", apt: "curl", present: onPath("curl") },
  buildah: { for: "building the container image and running its entrypoint", apt: "buildah", present: onPath("buildah") },
  script: { for: "wh-sim in a pseudo-terminal (colour, the picker, progress bars)", apt: "bsdutils", present: onPath("script") },
} satisfies Record<string, SystemTool>;

export type SystemToolName = keyof typeof SYSTEM_TOOLS;

const known = new Map<SystemToolName, boolean>();

/**
 * Whether the tests that need `tool` run here: when it is installed, and always under CI=true (where
 * its absence must fail, not pass by skipping).
 */
export function has(tool: SystemToolName): boolean {
  if (process.env.CI === "true") return true;
  if (!known.has(tool)) known.set(tool, SYSTEM_TOOLS[tool].present());
  return known.get(tool)!;
}

/** The tools this machine lacks. */
export function missingTools(): SystemToolName[] {
  return (Object.keys(SYSTEM_TOOLS) as SystemToolName[]).filter((tool) => !SYSTEM_TOOLS[tool].present());
}
