#!/usr/bin/env bash
# CI: the README's "Production mode" path, as written, against a real PostgreSQL:
#   npm ci && npm run db:migrate && npm run build && npm start
# (.ci/run has already done the `npm ci`: it is the one install of the run), then one authenticated request
# with a token made by the operator CLI, the answer checked, and the server stopped.
# Needs PGURL_ADMIN: a PostgreSQL URL that may create databases (.ci/run sets it). Microsoft is played by the
# Microsoft 365 simulator, as the app would talk to a real Entra app.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${PGURL_ADMIN:?set PGURL_ADMIN to a PostgreSQL URL that may create databases}"

work=$(mktemp -d)
pids=()
cleanup() {
  # Stop what this script started, by process group (npm start → next start; tsx → node).
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "ci-production: FAILED: $*" >&2
  [ -f "$work/server.log" ] && { echo "--- server log (last 40 lines)" >&2; tail -40 "$work/server.log" >&2; }
  exit 1
}

# A fresh, empty database, as on a first deployment.
db=aether_ci_production
PGOPTIONS=--client-min-messages=warning psql "$PGURL_ADMIN" -v ON_ERROR_STOP=1 -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
psql "$PGURL_ADMIN" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $db"
admin_no_db=${PGURL_ADMIN%/*}

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
setsid node --import tsx scripts/ci/simulator.ts "$work/simulator.env" >"$work/simulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/simulator.env" ] && break; sleep 0.1; done
[ -s "$work/simulator.env" ] || fail "the Microsoft 365 simulator did not start: $(cat "$work/simulator.log")"

# The README's environment, with the simulator standing in for the Entra app.
export DATABASE_URL="$admin_no_db/$db"
export NEXTAUTH_URL="http://127.0.0.1:$port" NEXTAUTH_SECRET="$(openssl rand -base64 32)"
# shellcheck disable=SC1091
source "$work/simulator.env"
export PORT="$port"
unset NEXT_DIST_DIR DATABASE_SCHEMA

echo "ci-production: npm run db:migrate"
npm run -s db:migrate
echo "ci-production: npm run build"
npm run -s build >"$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; fail "npm run build"; }
echo "ci-production: npm start (port $port)"
setsid npm start >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/openapi.json" && break
  kill -0 "${pids[-1]}" 2>/dev/null || fail "npm start exited"
  sleep 0.5
done
curl -fs -o /dev/null "http://127.0.0.1:$port/openapi.json" || fail "the server did not answer within 60 s"

# A tenant and a token through the operator CLI (README "Operator CLI"), then the README's first request.
tenant=$(npm run -s cli -- tenants:create --name "CI production check" --plan pro --connected | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))')
token=$(npm run -s cli -- tokens:create --tenant "$tenant" --name ci | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')

status=$(curl -s -o "$work/unauth.json" -w '%{http_code}' "http://127.0.0.1:$port/tenants/me/scans")
[ "$status" = 401 ] || fail "without a token: expected 401, got $status: $(cat "$work/unauth.json")"
status=$(curl -s -o "$work/scans.json" -w '%{http_code}' "http://127.0.0.1:$port/tenants/me/scans" -H "Authorization: Bearer $token")
[ "$status" = 200 ] || fail "GET /tenants/me/scans: expected 200, got $status: $(cat "$work/scans.json")"
node -e '
  const body = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  if (body.success !== true || !Array.isArray(body.data) || body.meta?.total !== 0) { console.error(JSON.stringify(body)); process.exit(1); }
' "$work/scans.json" || fail "GET /tenants/me/scans: unexpected body"
echo "ci-production: ok (migrate, build, start on PostgreSQL; token from the CLI; GET /tenants/me/scans → 200, no token → 401)"
