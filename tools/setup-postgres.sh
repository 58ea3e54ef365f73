#!/usr/bin/env bash
# Installs Debian's PostgreSQL server binaries (initdb, pg_ctl, postgres) for the store's tests, unless they are already
# there. Idempotent: does nothing when an initdb exists under /usr/lib/postgresql/*/bin. The tests start their own
# throwaway server (libs/store/src/testing/postgres.ts); this script never starts or configures a cluster.
set -euo pipefail

if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  echo "setup-postgres: $(ls -d /usr/lib/postgresql/*/bin/initdb | head -n1) already installed"
  exit 0
fi

SUDO=''
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO='sudo'; else
    echo 'setup-postgres: need root (or sudo) to apt-get install postgresql' >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends postgresql
echo "setup-postgres: installed $(ls -d /usr/lib/postgresql/*/bin/initdb | head -n1)"
