#!/usr/bin/env bash
# Installs and starts the system components that some tests need (PostgreSQL, Redis, SoftHSM2).
# Tests that need one skip with a reason where it is absent, except when CI=true.
set -uo pipefail

have() { command -v "$1" >/dev/null 2>&1; }
apt_updated=0
apt_install() {
  have apt-get || return 1
  if [ "$apt_updated" = 0 ]; then apt-get update -qq >/dev/null 2>&1 || true; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

# Redis on 127.0.0.1:6379
if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  have redis-server || apt_install redis-server || echo "ci-services: could not install redis-server"
  if have redis-server; then
    mkdir -p /tmp/veil-redis
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
      --dir /tmp/veil-redis --logfile /tmp/veil-redis/redis.log || true
  fi
fi

# PostgreSQL on 127.0.0.1:5432 (tests fall back to an embedded server when it is absent)
if ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  if have pg_ctlcluster && ls /etc/postgresql >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
fi

# SoftHSM2 for the PKCS#11 key provider tests
if ! have softhsm2-util; then
  apt_install softhsm2 || echo "ci-services: could not install softhsm2"
fi
exit 0
