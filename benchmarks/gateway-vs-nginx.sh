#!/usr/bin/env bash
# The gateway (YARP) against nginx (Debian's) proxying the same backend, and against calling the backend directly:
# and against YARP with nothing else (benchmarks/BareProxy). Catalog's typeahead on loopback (in memory, ~0.4 ms), wrk with the same connections for each. Bounded: 10 s a run.
#   benchmarks/gateway-vs-nginx.sh [connections]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONNECTIONS="${1:-16}"
BACKEND=5191 GATEWAY=5192 NGINX=5193 BARE=5194 DB=bench_gateway
command -v wrk >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
"$ROOT/scripts/infra.sh" up
PSQL=(psql -h 127.0.0.1 -p 5433 -U postgres -q)
"${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
dotnet build "$ROOT/Marketplace.sln" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

(cd "$ROOT/services/Catalog" && ConnectionStrings__catalog="Host=127.0.0.1;Port=5433;Database=$DB;Username=postgres" ASPNETCORE_URLS="http://127.0.0.1:$BACKEND" \
  Logging__LogLevel__Default=Warning exec dotnet bin/Release/net10.0/Marketplace.Catalog.dll > "$WORK/catalog.log" 2>&1) &
PIDS+=($!)
(cd "$ROOT/gateway" && ASPNETCORE_URLS="http://127.0.0.1:$GATEWAY" Logging__LogLevel__Default=Warning \
  ReverseProxy__Clusters__catalog__Destinations__d1__Address="http://127.0.0.1:$BACKEND/" \
  Gateway__RateLimits__AnonymousPerSecond=10000000 Gateway__RateLimits__AnonymousBurst=10000000 \
  exec ${GATEWAY_ENV:-} dotnet bin/Release/net10.0/Marketplace.Gateway.dll > "$WORK/gateway.log" 2>&1) &
PIDS+=($!)
# YARP alone (no middleware, no logging): the floor for the gateway's own pipeline.
(cd "$ROOT/benchmarks/BareProxy" && ASPNETCORE_URLS="http://127.0.0.1:$BARE" BACKEND_URL="http://127.0.0.1:$BACKEND/" \
  exec dotnet bin/Release/net10.0/BareProxy.dll > "$WORK/bare.log" 2>&1) &
PIDS+=($!)
cat > "$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  upstream catalog { server 127.0.0.1:$BACKEND; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX;
    location / {
      proxy_pass http://catalog;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
CONF
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
"$NGINX_BIN" -c "$WORK/nginx.conf" -p "$WORK"
for port in $BACKEND $GATEWAY $BARE; do
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && break; sleep 0.5; done
done

URL_PATH="/api/catalog/skills?q=az&limit=10"
# Warm-up at full load: the tiered JIT (with dynamic PGO) takes ~10 s of traffic to settle; 3 s measured the compiler, not the proxy.
for port in $BACKEND $GATEWAY $BARE $NGINX; do wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS:-15}"s "http://127.0.0.1:$port$URL_PATH" >/dev/null; done
echo "connections: $CONNECTIONS, GET $URL_PATH"
for run in direct:$BACKEND gateway:$GATEWAY yarp:$BARE nginx:$NGINX; do
  name=${run%%:*} port=${run##*:}
  printf '%-8s ' "$name"
  wrk -t2 -c"$CONNECTIONS" -d10s -s "$ROOT/benchmarks/percentiles.lua" "http://127.0.0.1:$port$URL_PATH" | tail -n1
done
