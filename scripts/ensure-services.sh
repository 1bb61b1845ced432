#!/usr/bin/env bash
# Starts the local PostgreSQL and Redis the integration tests use, if they are
# installed here and not yet running. Tests still check and fail clearly.
pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }
if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
if ! redis_up && command -v redis-server >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
fi
for _ in $(seq 1 30); do pg_up && redis_up && break; sleep 0.5; done
pg_up || echo "warning: PostgreSQL is not reachable on 127.0.0.1:5432; its tests will fail"
redis_up || echo "warning: Redis is not reachable on 127.0.0.1:6379; its tests will fail"
exit 0
