#!/usr/bin/env bash
# `make bench`: seeds 100,000 needs and 1,000,000 supports into PostgreSQL (once, in the
# database mitwirken_bench), serves the app with gunicorn (2 workers, DEBUG off, Redis
# cache) and loads it with wrk from a second process on 127.0.0.1 at concurrency 8 and 32.
# Runs twice: with the anonymous list cache (as deployed) and without it (LIST_CACHE_SECONDS=0).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${BENCH_PORT:-8765}
DURATION=${BENCH_DURATION:-10}
ADMIN_URL=${BENCH_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/mitwirken_bench}
mkdir -p var bench-results
RESULTS=bench-results/$(date -u +%Y%m%dT%H%M%SZ).jsonl

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else echo "wrk is missing: apt-get install wrk"; exit 1; fi
fi

"$PY" - "$ADMIN_URL" <<'PYEOF'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname='mitwirken_bench'").fetchone():
        conn.execute("CREATE DATABASE mitwirken_bench")
PYEOF

export MITWIRKEN_ENV=production DEBUG=false BENCH_VIEW=true ALLOWED_HOSTS=127.0.0.1,localhost
export SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(60))')
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/14} CACHE_KEY_PREFIX=bench-$$
export STATIC_ROOT=var/bench-static LOG_LEVEL=ERROR

"$PY" manage.py migrate --no-input -v0
echo "== seeding (skipped when done before)"
"$PY" manage.py seed_bench
"$PY" manage.py collectstatic --no-input -v0
"$PY" manage.py shell -c "
from mitwirken.contributions.models import Need
from mitwirken.participation.models import Support
print('needs:', Need.objects.filter(process__slug='bench').count(), ' supports:', Support.objects.filter(need__process__slug='bench').count())
ids = Need.objects.filter(process__slug='bench', is_hidden=False).values_list('id', flat=True)[:20000]
open('var/bench-need-ids.txt', 'w').write('\n'.join(map(str, ids)))
"

serve_and_load() {  # $1 label, $2 list cache seconds
  LIST_CACHE_SECONDS=$2 .venv/bin/gunicorn mitwirken.wsgi:application --pythonpath src --workers 2 \
    --bind 127.0.0.1:$PORT --access-logfile - --error-logfile var/bench-gunicorn.log \
    --log-level warning > /dev/null &
  local pid=$!
  for _ in $(seq 1 50); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2
  done
  "$PY" tests/bench/run.py "http://127.0.0.1:$PORT" "$1" --duration "$DURATION" \
    --need-ids var/bench-need-ids.txt --json "$RESULTS" ${3:+--only "$3"}
  echo "   gunicorn RSS (KiB): $(ps -o rss= --ppid $pid | tr '\n' ' ')"
  kill $pid; wait $pid 2>/dev/null || true
}

echo "== load (wrk, ${DURATION}s per run, 1 thread, concurrency 8 and 32)"
serve_and_load cached 300
serve_and_load uncached 0 "needs list"
"$PY" - "$RESULTS" <<'PYEOF'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
ceiling = {r["c"]: r["rps"] for r in rows if r["page"].startswith("minimal") and r["label"] == "cached"}
print("\n== summary: share of the minimal view's throughput; target for the list >= 30 % and p95 <= 100 ms at c=32")
for r in rows:
    if r["page"].startswith("minimal"):
        continue
    share = 100 * r["rps"] / ceiling[r["c"]]
    print(f"{r['label']:9} {r['page']:28} c={r['c']:<3} {r['rps']:8.1f} req/s  {share:5.1f} %  p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms")
print(f"(results: {sys.argv[1]})")
PYEOF
