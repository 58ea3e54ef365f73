#!/usr/bin/env bash
# Installs Debian's PostgreSQL server binaries (initdb, pg_ctl, postgres) for the store's tests, unless they are already
# there. Idempotent: does nothing when an initdb exists under /usr/lib/postgresql/*/bin. The tests start their own
# throwaway server (libs/store/src/testing/postgres.ts); this script never starts or configures a cluster.
set -euo pipefail

if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  echo "setup-postgres: $(ls -d /usr/lib/postgresql/*/bin/initdb | head -n1) already installed"
  exit 0
fi

source "$(dirname "$0")/lib/apt-install.sh"
apt_install setup-postgres postgresql
echo "setup-postgres: installed $(ls -d /usr/lib/postgresql/*/bin/initdb | head -n1)"
