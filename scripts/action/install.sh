#!/usr/bin/env bash
# The action's first step: wh-sim from the action's own checkout, built once (a later job step, or
# a second use of the action in the job, finds it built), npm's downloads cached in the runner's
# tool cache.
set -euo pipefail
cd "$GITHUB_ACTION_PATH"
node -e 'const [major, minor] = process.versions.node.split(".").map(Number); if (major < 20 || (major === 20 && minor < 18)) { console.error(`wh-sim needs Node 20.18 or later; this runner has ${process.version} (add actions/setup-node before this step)`); process.exit(1); }'
if [ -f dist/bundle/cli.cjs ] && [ -d node_modules ]; then
  echo "wh-sim $(node bin/wh-sim.cjs --version): already built in $GITHUB_ACTION_PATH"
  exit 0
fi
npm ci --no-audit --no-fund --cache "${RUNNER_TOOL_CACHE:-$HOME/.cache}/wh-sim-npm"
npm run build
echo "wh-sim $(node bin/wh-sim.cjs --version): built in $GITHUB_ACTION_PATH"
