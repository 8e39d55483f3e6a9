#!/usr/bin/env bash
# `make loadtest`: the app under load on loopback, bounded in time, stopping itself.
#
# Creates (or reuses) the PostgreSQL database gutmood_load, migrates it, seeds LOAD_USERS accounts
# with LOAD_DAYS days of history, starts gunicorn (2 workers, production settings) on 127.0.0.1:8011
# and a second one on 127.0.0.1:8012 sharing the database and Redis, then runs locust headless:
#   1. one server:   LOAD_USERS signed-in people for LOAD_DURATION s: open today, save the day, open insights
#   2. two servers:  the same, every request sent to either server at random (a session made on one is
#                    used on the other), after a curl check that a log-in on 8011 is honoured by 8012
#   3. /healthz:     alone on one server, no think time: the throughput ceiling
# Prints a table and writes it to loadtest/REPORT.md; exits 1 if any request failed.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")
PG=${LOAD_PG:-postgres://postgres@127.0.0.1:5432}
DB=gutmood_load
USERS=${LOAD_USERS:-50}
DAYS=${LOAD_DAYS:-90}
DURATION=${LOAD_DURATION:-60}
HEALTH_DURATION=${LOAD_HEALTH_DURATION:-30}
REPORT=loadtest/REPORT.md
WORK=$(mktemp -d /tmp/gutmood-load.XXXXXX)
SERVERS=()

cleanup() {
  for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVERS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

for port in 8011 8012; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use: stop what runs there" >&2; exit 2; fi
done

PASSWORD=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(18))')
export DJANGO_SETTINGS_MODULE=loadtest.settings
export DATABASE_URL="$PG/$DB" DATABASE_CONN_MAX_AGE=60
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0
export REDIS_URL=redis://127.0.0.1:6379/6 LOAD_STATIC_ROOT="$WORK/static"
export LOAD_USERS=$USERS LOAD_PASSWORD=$PASSWORD LOAD_SESSIONS="$WORK/sessions"

echo "== database $DB, $USERS accounts with $DAYS days each"
psql "$PG/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 || psql "$PG/postgres" -qc "CREATE DATABASE $DB"
"$PY" manage.py migrate --noinput -v 0
"$PY" loadtest/seed.py "$USERS" "$DAYS" "$PASSWORD" "$LOAD_SESSIONS"
"$PY" manage.py collectstatic --noinput -v 0
if command -v redis-cli >/dev/null; then redis-cli -n 6 flushdb >/dev/null; fi

serve() {
  "$BIN/gunicorn" config.wsgi --workers 2 --bind "127.0.0.1:$1" --log-level warning --timeout 60 &
  SERVERS+=($!)
  for _ in $(seq 60); do
    curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0
    sleep 0.5
  done
  echo "gunicorn on $1 did not come up" >&2
  exit 1
}
echo "== gunicorn on 127.0.0.1:8011 and 127.0.0.1:8012 (2 workers each)"
serve 8011
serve 8012

echo "== a session made on 8011 is honoured by 8012"
jar="$WORK/cookies"
token=$(curl -s -c "$jar" -b "$jar" http://127.0.0.1:8011/accounts/login/ \
  | grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
login=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{time_total}' \
  --data-urlencode "username=load-0" --data-urlencode "password=$PASSWORD" --data-urlencode "csrfmiddlewaretoken=$token" \
  http://127.0.0.1:8011/accounts/login/)
history=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' http://127.0.0.1:8012/history/)
LOGIN_SECONDS=$(printf "%.2f" "${login#* }")
login=${login% *}
echo "log-in on 8011: HTTP $login in $LOGIN_SECONDS s; /history/ on 8012 with that cookie: HTTP $history"
if [ "$login" != 302 ] || [ "$history" != 200 ]; then echo "sessions are not shared between the servers" >&2; exit 1; fi

swarm() {  # name, seconds, user class, hosts
  echo "== $1: $USERS users for $2 s"
  LOAD_HOSTS=$4 timeout $(($2 + 60)) "$BIN/locust" -f loadtest/locustfile.py "$3" --headless --only-summary \
    -u "$USERS" -r 10 --run-time "$2s" --csv "$WORK/$1" --loglevel WARNING || true
}
echo "== warming up both servers (imports, templates, caches in every worker; not measured)"
LOAD_HOSTS=http://127.0.0.1:8011,http://127.0.0.1:8012 timeout 60 "$BIN/locust" -f loadtest/locustfile.py Person \
  --headless --only-summary -u 10 -r 10 --run-time 10s --loglevel ERROR >/dev/null 2>&1 || true
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
swarm one-server "$DURATION" Person http://127.0.0.1:8011
swarm two-servers "$DURATION" Person http://127.0.0.1:8011,http://127.0.0.1:8012
swarm healthz "$HEALTH_DURATION" Probe http://127.0.0.1:8011
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

cat >"$REPORT" <<HEADER
# Load test report

\`make loadtest\` on $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) CPU cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),
locust, the app servers, PostgreSQL and Redis all on this one machine. Each gunicorn has 2 sync workers,
DJANGO_DEBUG=0, persistent database connections (DATABASE_CONN_MAX_AGE=60), Redis as the cache.
$USERS simulated people ($USERS accounts, $DAYS days of history each), already signed in (sessions
made in advance, as after an earlier visit; one log-in through the form, timed alone, took $LOGIN_SECONDS s), repeat:
open /today/ (a redirect), the day page, save the day (the form as the page renders it, with its CSRF
token; the save redirects to the day page, counted in "save day"), open insights; 0.5–1.5 s of
thinking between rounds. "two servers": every request goes to 8011 or 8012 at random, so each
session and CSRF token made on one server is used on the other. "/healthz": no thinking, one server.
Times are milliseconds; p95 = 95th percentile. Machine load average (1, 5, 15 min) before the
measured runs: $LOAD_BEFORE; after: $LOAD_AFTER (anything above 2 means other work shared the two cores).

HEADER
echo "== results"
"$PY" loadtest/report.py "$REPORT" "one server=$WORK/one-server" "two servers=$WORK/two-servers" "/healthz=$WORK/healthz"
