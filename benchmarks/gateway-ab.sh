#!/usr/bin/env bash
# A/B builds or settings of the gateway: each variant "name|directory of a Release build|ENV=1 ENV2=2" is started side by
# side with the others on the same backend (Catalog), next to YARP alone and nginx; wrk runs are interleaved round by
# round and each process's CPU per request is read from /proc/<pid>/stat (clock ticks), which varies less than throughput
# on a shared machine. Copy a build aside (cp -r gateway/bin/Release/net10.0 /tmp/before) to compare it with another.
#   benchmarks/gateway-ab.sh ROUNDS SECONDS 'before|/tmp/before|' 'after|gateway/bin/Release/net10.0|DOTNET_gcServer=0'
#   WITH_TOKEN=1 ...   sends a member's token (signed with the local key) on every request
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v wrk >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -x /usr/sbin/nginx ] || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
"$ROOT/scripts/infra.sh" up >/dev/null
ROUNDS=$1 SECS=$2; shift 2
BACKEND=5291 NGINX=5293 BARE=5294 DB=bench_gateway_ab
PSQL=(psql -h 127.0.0.1 -p 5433 -U postgres -q)
"${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
WORK=$(mktemp -d); PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; }
trap cleanup EXIT
(cd "$ROOT/services/Catalog" && ConnectionStrings__catalog="Host=127.0.0.1;Port=5433;Database=$DB;Username=postgres" ASPNETCORE_URLS="http://127.0.0.1:$BACKEND" \
  Logging__LogLevel__Default=Warning exec dotnet bin/Release/net10.0/Marketplace.Catalog.dll > "$WORK/catalog.log" 2>&1) & PIDS+=($!)
(cd "$ROOT/benchmarks/BareProxy" && ASPNETCORE_URLS="http://127.0.0.1:$BARE" BACKEND_URL="http://127.0.0.1:$BACKEND/" exec dotnet bin/Release/net10.0/BareProxy.dll > "$WORK/bare.log" 2>&1) & PIDS+=($!)
declare -A PORT PID
port=5300
names=()
for v in "$@"; do
  IFS='|' read -r name dir envs <<<"$v"; names+=("$name"); case "$dir" in /*) ;; *) dir="$ROOT/$dir" ;; esac; port=$((port+1)); PORT[$name]=$port
  (cd "$ROOT/gateway" && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" Logging__LogLevel__Default=Warning \
    ReverseProxy__Clusters__catalog__Destinations__d1__Address="http://127.0.0.1:$BACKEND/" \
    Gateway__RateLimits__AnonymousPerSecond=10000000 Gateway__RateLimits__AnonymousBurst=10000000 Gateway__RateLimits__FirmPerSecond=10000000 Gateway__RateLimits__FirmBurst=10000000 \
    $envs dotnet "$dir/Marketplace.Gateway.dll" > "$WORK/$name.log" 2>&1) & PIDS+=($!)
done
cat > "$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http { access_log off; upstream catalog { server 127.0.0.1:$BACKEND; keepalive 64; }
  server { listen 127.0.0.1:$NGINX; location / { proxy_pass http://catalog; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; } } }
CONF
/usr/sbin/nginx -c "$WORK/nginx.conf" -p "$WORK"
for p in $BACKEND $BARE "${PORT[@]}"; do for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$p/health/live" >/dev/null 2>&1 && break; sleep 0.5; done; done
pidof() { ss -ltnp "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
URL_PATH="${URL_PATH:-/api/catalog/skills?q=az&limit=10}"
HDR=()
if [ -n "${WITH_TOKEN:-}" ]; then
  # An Owner's token as Network signs them (RS256, the local signing key; no session stamp, so no call to Network).
  b64() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
  now=$(date +%s)
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64)
  payload=$(printf '{"iss":"https://marketplace.local/","aud":"marketplace-api","sub":"bench","firm_id":"6f1d2c3b-0000-4000-8000-000000000001","role":"Owner","name":"Bench","iat":%d,"nbf":%d,"exp":%d}' "$now" "$now" $((now + 3600)) | b64)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$ROOT/.infra/keys/signing-key.pem" | b64)
  HDR=(-H "Authorization: Bearer $header.$payload.$signature")
fi
targets=(direct:$BACKEND nginx:$NGINX yarp:$BARE)
for n in "${names[@]}"; do targets+=("$n:${PORT[$n]}"); done
for t in "${targets[@]}"; do wrk -t2 -c16 -d${WARM:-12}s "${HDR[@]}" "http://127.0.0.1:${t##*:}$URL_PATH" >/dev/null; done
for r in $(seq 1 $ROUNDS); do
  for t in "${targets[@]}"; do
    name=${t%%:*} p=${t##*:}; pp=$(pidof $p)
    c0=$( [ -n "$pp" ] && cpu $pp || echo 0)
    out=$(wrk -t2 -c16 -d${SECS}s "${HDR[@]}" -s "$ROOT/benchmarks/percentiles.lua" "http://127.0.0.1:$p$URL_PATH")
    c1=$( [ -n "$pp" ] && cpu $pp || echo 0)
    reqs=$(echo "$out" | grep -o 'Requests/sec: *[0-9.]*' | awk '{print $2}')
    non=$(echo "$out" | grep -o 'Non-2xx or 3xx responses: [0-9]*' || true)
    printf 'r%s %-10s %s  cpu/req %s us %s\n' "$r" "$name" "$(echo "$out" | tail -n1)" "$(awk -v c=$((c1-c0)) -v q=$reqs -v s=$SECS 'BEGIN{ if (q>0) printf "%.0f", c*10000/(q*s); else print "-" }')" "$non"
  done
done
