#!/usr/bin/env bash
# Runs the test suite: `scripts/test.sh [all|sqlite|postgres|browser]`.
# all = unit and request tests on SQLite and on PostgreSQL (with Redis as cache), then the
# browser tests in Debian's Chromium. PostgreSQL and Redis are used as the machine runs
# them (127.0.0.1:5432, database "test"; 127.0.0.1:6379); nothing is started here.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
what=${1:-all}
export MITWIRKEN_ENV=test FAST_PASSWORD_HASHER=1 PYTHONDONTWRITEBYTECODE=1
PG_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
REDIS=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}

pytest_run() {  # pytest exits 5 when it collects nothing: that is a failure here too
  "$PY" -m pytest "$@"
}

sqlite() {
  echo "== unit and request tests on SQLite"
  DATABASE_URL=sqlite:///var/test-unused.sqlite3 pytest_run -q -m "not browser" tests
}

postgres() {
  if ! "$PY" - "$PG_URL" <<'PYEOF'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL not reachable: {exc}")
    sys.exit(1)
PYEOF
  then
    if [ "${CI:-}" = "true" ]; then echo "PostgreSQL is required in CI"; exit 1; fi
    echo "== PostgreSQL tests skipped (no server at $PG_URL)"; return 0
  fi
  echo "== unit and request tests on PostgreSQL (cache: Redis)"
  if "$PY" -c "import redis,sys; redis.Redis.from_url('$REDIS', socket_connect_timeout=2).ping()" 2>/dev/null; then
    export REDIS_URL="$REDIS" CACHE_KEY_PREFIX="test-$$"
  elif [ "${CI:-}" = "true" ]; then echo "Redis is required in CI"; exit 1; fi
  DATABASE_URL="$PG_URL" pytest_run -q -m "not browser" --create-db tests
  unset REDIS_URL CACHE_KEY_PREFIX
}

browser() {
  bash scripts/ensure-chromium.sh
  echo "== browser tests (Playwright + Debian's Chromium + axe-core)"
  DATABASE_URL=sqlite:///var/test-unused.sqlite3 pytest_run -q -m browser tests/browser
}

mkdir -p var
bash scripts/ensure-pango.sh
case "$what" in
  all) sqlite; postgres; browser ;;
  sqlite) sqlite ;;
  postgres) postgres ;;
  browser) browser ;;
  *) echo "usage: $0 [all|sqlite|postgres|browser]"; exit 2 ;;
esac
