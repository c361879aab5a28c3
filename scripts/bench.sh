#!/usr/bin/env bash
# `make bench`: seeds 100,000 needs and 1,000,000 supports into PostgreSQL (once, in the
# database mitwirken_bench), serves the app with gunicorn (2 workers, DEBUG off, Redis
# cache) and loads it with wrk from a second process on 127.0.0.1 at concurrency 8 and 32.
# Four rounds (see docs/benchmarks.md):
#   cached     anonymous visitors, as deployed (page cache on);
#   writes     the same while bench_writes gives 10 supports a second and a new need every 10 s;
#   uncached   anonymous visitors with the page cache off (PAGE_CACHE_SECONDS=0): the render path;
#   logged-in  a logged-in participant (session cookie): never page-cached.
# Then: registrations for one event at concurrency 32 (wrk POSTs the form) and their
# confirmations at concurrency 32, counted from the database (no overbooking); and the
# directory's CSV import of 10,000 rows (time and peak memory); and the live wall of a
# workshop polled by 500 screens every 3 s while guests send 50 cards a second.
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
export RATE_LIMITS=false  # the load comes from one address; the limits are tested, not loaded

"$PY" manage.py migrate --no-input -v0
echo "== seeding (skipped when done before)"
"$PY" manage.py seed_bench
"$PY" manage.py collectstatic --no-input -v0
"$PY" manage.py shell -c "
from mitwirken.contributions.models import Need
from mitwirken.participation.models import Support
print('needs:', Need.objects.filter(process__slug='bench').count(), ' supports:', Support.objects.filter(need__process__slug='bench').count())
ids = Need.objects.filter(process__slug='bench', is_hidden=False, source='online').values_list('id', flat=True)[:20000]
open('var/bench-need-ids.txt', 'w').write('\n'.join(map(str, ids)))
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from mitwirken.accounts.models import User
user = User.objects.filter(email__endswith='@bench.invalid').order_by('pk').last()
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY], session[HASH_SESSION_KEY] = str(user.pk), user.get_session_auth_hash()
session[BACKEND_SESSION_KEY] = 'mitwirken.accounts.backends.CachedModelBackend'
session.create()
open('var/bench-session.txt', 'w').write(f'{settings.SESSION_COOKIE_NAME}={session.session_key}')
"

SERVER=""
# A server left running (a failed run) would answer in place of this run's: stop it on
# any exit, and refuse to start while something else holds the port.
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; true' EXIT

start_server() {  # $1 page cache seconds
  if curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then
    echo "port $PORT is in use (a server from an earlier run?): stop it first"; exit 1
  fi
  PAGE_CACHE_SECONDS=$1 .venv/bin/gunicorn mitwirken.wsgi:application --pythonpath src --workers 2 ${WORKER_ARGS:-} \
    --bind 127.0.0.1:$PORT --access-logfile - --error-logfile var/bench-gunicorn.log \
    --log-level warning > /dev/null &
  SERVER=$!
  for _ in $(seq 1 50); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2
  done
}

stop_server() {
  echo "   gunicorn RSS (KiB): $(ps -o rss= --ppid $SERVER | tr '\n' ' ')"
  kill $SERVER; wait $SERVER 2>/dev/null || true
  SERVER=""
}

# BENCH_ONLY="logged-in uncached" runs only those parts (cached, writes, logged-in,
# registrations, live, import, synthesis, concept, uncached); the minimal view is measured
# with the first load round that runs and again with the uncached round (its own server,
# after the heavy rounds), so every share has its ceiling from the same run and server.
ONLY=" ${BENCH_ONLY:-cached writes logged-in registrations live import synthesis concept uncached} "
runs() { [[ "$ONLY" == *" $1 "* ]]; }
MINIMAL_DONE=""
load() {  # $1 label, then extra arguments for run.py
  local label=$1; shift
  local args=("$@")
  if [ -z "$MINIMAL_DONE" ]; then
    MINIMAL_DONE=1
    local kept=()
    for a in "${args[@]}"; do [ "$a" = "--skip-minimal" ] || kept+=("$a"); done
    args=("${kept[@]}")
  fi
  "$PY" tests/bench/run.py "http://127.0.0.1:$PORT" "$label" --duration "$DURATION" \
    --need-ids var/bench-need-ids.txt --json "$RESULTS" "${args[@]}"
}

SCENARIO_SECONDS=$(( (DURATION + 2) * 2 * 4 + 10 ))  # four pages, two concurrencies, warm-ups
echo "== load (wrk, ${DURATION}s per run, 1 thread, concurrency 8 and 32)"
if runs cached || runs writes || runs logged-in || runs registrations; then
  start_server 300
  if runs cached; then load cached; fi
  if runs writes; then
    "$PY" manage.py bench_writes --supports-per-second 10 --seconds-per-need 10 \
      --duration "$SCENARIO_SECONDS" &
    WRITER=$!
    load writes --skip-minimal
    wait $WRITER
  fi
  if runs logged-in; then
    COOKIE=$(cat var/bench-session.txt)
    CHECK=$(curl -s -o var/bench-check.html -w '%{http_code}' -H "Cookie: $COOKIE" \
      "http://127.0.0.1:$PORT/processes/bench/needs/" || true)
    grep -q 'account/profile' var/bench-check.html 2>/dev/null \
      || { echo "the bench session is not logged in (HTTP $CHECK; page in var/bench-check.html)"; exit 1; }
    load logged-in --skip-minimal --cookie "$COOKIE"
  fi
  if runs registrations; then
    echo "== registrations for one event (wrk POST, concurrency 32), then confirmations"
    "$PY" tests/bench/registrations.py "http://127.0.0.1:$PORT" --duration "$DURATION" --json "$RESULTS"
  fi
  stop_server
fi
if runs live; then
  echo "== live wall: 500 screens polling every 3 s while guests send 50 cards/s"
  echo "   (gunicorn with threads, as for live workshops in production: README)"
  ulimit -n 8192 2>/dev/null || true
  WORKER_ARGS="--worker-class gthread --threads 8 --keep-alive 10" start_server 300
  "$PY" tests/bench/live.py "http://127.0.0.1:$PORT" --screens 500 --cards 50 --duration $((DURATION * 2)) --json "$RESULTS"
  stop_server
fi
if runs import; then
  echo "== directory import: 10,000 rows, Windows-1252, semicolons"
  "$PY" tests/bench/import_directory.py | tee -a "$RESULTS"
fi
if runs synthesis; then
  echo "== synthesis: preparing a need at submission; clustering 10,000 and 100,000 needs"
  echo "   (time, peak memory); the similar needs of one need (p50/p99) at each size"
  "$PY" tests/bench/synthesis.py --json "$RESULTS"
fi
if runs concept; then
  echo "== the published concept as PDF and DOCX: 300 action approaches, 5,000 needs behind them"
  "$PY" tests/bench/concept_export.py --json "$RESULTS"
fi
if runs uncached; then
  start_server 0
  # the ceiling again, from this server and this moment: in a full run this round comes
  # twenty minutes and several heavy rounds after the first ceiling
  MINIMAL_DONE=""
  load uncached
  stop_server
fi
"$PY" - "$RESULTS" <<'PYEOF'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
ceilings = {}  # per round that measured its own ceiling; the others use the first one
for r in rows:
    if r.get("page", "").startswith("minimal"):
        ceilings.setdefault(r["label"], {})[r["c"]] = r["rps"]
if not ceilings:
    print(f"(results: {sys.argv[1]})")
    sys.exit(0)
first = next(iter(ceilings.values()))
print("\n== summary: share of the minimal view's throughput; target for the list >= 30 % and p95 <= 100 ms at c=32")
for r in rows:
    if "page" not in r or r["page"].startswith("minimal"):
        continue
    share = 100 * r["rps"] / ceilings.get(r["label"], first)[r["c"]]
    print(f"{r['label']:9} {r['page']:28} c={r['c']:<3} {r['rps']:8.1f} req/s  {share:5.1f} %  p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms")
print(f"(results: {sys.argv[1]})")
PYEOF
