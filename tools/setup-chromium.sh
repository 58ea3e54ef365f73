#!/usr/bin/env bash
# Installs Debian's Chromium for the dashboard's browser test (apps/cli/src/dashboard.e2e.spec.ts drives it through
# playwright-core; `npx playwright install` cannot download browsers on these machines). Idempotent: does nothing when
# /usr/bin/chromium exists.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "setup-chromium: /usr/bin/chromium already installed"
  exit 0
fi

source "$(dirname "$0")/lib/apt-install.sh"
apt_install setup-chromium chromium
echo "setup-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
