#!/usr/bin/env bash
# Installs what memsweep needs on a clean machine, and nothing twice:
#   npm packages exactly as the lockfile says (npm ci), re-run only when package-lock.json changed;
#   with --test, also Debian's PostgreSQL (the Postgres tests start a throwaway server from it) and Debian's Chromium
#   (the dashboard's browser test drives it).
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.memsweep-lockfile.sha256
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "memsweep setup: installing npm packages (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$wanted" > "$stamp"
fi

if [ "${1:-}" = "--test" ] && [ -f tools/setup-postgres.sh ]; then
  bash tools/setup-postgres.sh
fi
if [ "${1:-}" = "--test" ] && [ -f tools/setup-chromium.sh ]; then bash tools/setup-chromium.sh; fi
