#!/usr/bin/env bash
# Starts everything: local PostgreSQL and RabbitMQ, every service, the gateway and the portal, then seeds demo data.
#   scripts/run.sh          start (or restart) and seed
#   scripts/run.sh --replicas 2   the same with two replicas each of Catalog, Scheduling and Matching behind the gateway
#                           (replica k of a service listens on its port + 100*(k-1): 5101, 5201, ...)
#   scripts/run.sh stop     stop the services (infrastructure keeps running; scripts/infra.sh down stops it)
#   scripts/run.sh status
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/.infra/run"
OUT="$ROOT/.artifacts/run"
GATEWAY_URL="${MARKETPLACE_GATEWAY_URL:-http://127.0.0.1:8080}"
# name:project:port
APPS=(
  "catalog:services/Catalog/Marketplace.Catalog:5101"
  "network:services/Network/Marketplace.Network:5102"
  "scheduling:services/Scheduling/Marketplace.Scheduling:5103"
  "matching:services/Matching/Marketplace.Matching:5104"
  "notifications:services/Notifications/Marketplace.Notifications:5106"
  "portal:services/Portal/Marketplace.Portal:5105"
  "gateway:gateway/Marketplace.Gateway:8080"
)
log() { echo "[run] $*" >&2; }
fail() { echo "[run] $*" >&2; exit 1; }

stop_apps() {
  for pid_file in "$RUN"/*.pid; do
    [ -f "$pid_file" ] || continue
    pid=$(cat "$pid_file")
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pid_file"
  done
}

wait_healthy() { # name url
  for _ in $(seq 1 240); do
    if curl -fs "$2/health/ready" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  log "$1 did not become ready; its log: $RUN/$1.log"; tail -n 40 "$RUN/$1.log" >&2; return 1
}

REPLICAS=1
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --replicas) REPLICAS="${2:?--replicas needs a number}"; shift 2 ;;
    --replicas=*) REPLICAS="${1#*=}"; shift ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
[[ "$REPLICAS" =~ ^[1-9]$ ]] || { echo "--replicas must be 1 to 9" >&2; exit 2; }
set -- "${ARGS[@]+"${ARGS[@]}"}"
# Services that run as replicas: each replica has its own background jobs and consumers over the one database.
REPLICATED=" catalog scheduling matching "

case "${1:-start}" in
  stop) stop_apps; log "stopped"; exit 0 ;;
  status)
    for app in "${APPS[@]}"; do
      IFS=: read -r name _ port <<<"$app"
      curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && echo "$name: ready on $port" || echo "$name: down"
      for k in 2 3 4 5 6 7 8 9; do # replicas started with --replicas
        [ -f "$RUN/$name-$k.pid" ] || break
        p=$(( port + 100 * (k - 1) ))
        curl -fs "http://127.0.0.1:$p/health/ready" >/dev/null 2>&1 && echo "$name-$k: ready on $p" || echo "$name-$k: down"
      done
    done
    exit 0 ;;
  start) ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac

started=$(date +%s)
"$ROOT/scripts/infra.sh" up
"$ROOT/scripts/infra.sh" keys
KEYS="$ROOT/.infra/keys"
# Per service: what it needs beyond appsettings.json (secrets by file, never in the repository).
declare -A EXTRA=(
  [network]="Auth__Clients__0__ClientId=matching Auth__Clients__0__ClientSecretFile=$KEYS/matching-client-secret Auth__Clients__0__FirmId=00000000-0000-0000-0000-000000000000 Auth__Clients__0__Scopes__0=scheduling.holds.any Platform__Operators__0__Email=operator@marketplace.example Platform__Operators__0__Password=demo-password-1"
  [matching]="Auth__Machine__ClientId=matching Auth__Machine__ClientSecretFile=$KEYS/matching-client-secret"
  # Locally the portal and the gateway are each other's proxy on loopback: each believes the other's X-Forwarded-For.
  # The demo seed registers and signs in every demo firm from this machine at once: a bigger sign-in burst locally.
  [gateway]="Gateway__TrustedProxies__0=127.0.0.1 Gateway__RateLimits__SignInBurst=200"
  [portal]="Portal__TrustedProxies__0=127.0.0.1"
  # Mail goes to the local sink infra.sh starts (read it at http://127.0.0.1:8025); links in it point at the gateway.
  [notifications]="Smtp__Host=127.0.0.1 Smtp__Port=${MARKETPLACE_SMTP_PORT:-1025} Smtp__Security=None Smtp__FromAddress=no-reply@marketplace.example Notifications__PublicUrl=$GATEWAY_URL Notifications__UnsubscribeKeyFile=$KEYS/unsubscribe-key"
)
# The gateway shares each replicated service's requests between its replicas in turn; Matching replica k asks
# Scheduling replica k.
if [ "$REPLICAS" -gt 1 ]; then
  for name in $REPLICATED; do
    base=$(for app in "${APPS[@]}"; do IFS=: read -r n _ p <<<"$app"; if [ "$n" = "$name" ]; then echo "$p"; fi; done)
    EXTRA[gateway]+=" ReverseProxy__Clusters__${name}__LoadBalancingPolicy=RoundRobin"
    for k in $(seq 2 "$REPLICAS"); do
      EXTRA[gateway]+=" ReverseProxy__Clusters__${name}__Destinations__d${k}__Address=http://127.0.0.1:$(( base + 100 * (k - 1) ))/"
    done
  done
fi
mkdir -p "$RUN" "$OUT"
stop_apps
log "building"
if ! build_output=$(dotnet build "$ROOT/Marketplace.sln" -c Release -nologo -clp:ErrorsOnly -v q 2>&1); then
  printf '%s\n' "$build_output" | grep -E 'error|Error' | head -20 >&2
  fail "the build failed (errors above)"
fi

# name:port:extra settings of every process to start (a replica's name gets its number: matching-2)
PROCESSES=()
for app in "${APPS[@]}"; do
  IFS=: read -r name project port <<<"$app"
  PROCESSES+=("$name:$project:$port:")
  if [[ "$REPLICAS" -gt 1 && "$REPLICATED" == *" $name "* ]]; then
    for k in $(seq 2 "$REPLICAS"); do
      extra=""
      [ "$name" = matching ] && extra="Services__scheduling=http://127.0.0.1:$(( 5103 + 100 * (k - 1) ))"
      PROCESSES+=("$name-$k:$project:$(( port + 100 * (k - 1) )):$extra")
    done
  fi
done
for process in "${PROCESSES[@]}"; do
  IFS=: read -r name project port extra <<<"$process"
  dll="$ROOT/$(dirname "$project")/bin/Release/net10.0/$(basename "$project").dll"
  # exec: the recorded pid is the service's own, and the log (not this script's stdout) is its output.
  # shellcheck disable=SC2086 # EXTRA holds space-separated NAME=value pairs
  ( cd "$ROOT/$(dirname "$project")" && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" DOTNET_ENVIRONMENT=Production ${EXTRA[${name%-[0-9]}]:-} $extra \
      setsid dotnet "$dll" > "$RUN/$name.log" 2>&1 < /dev/null ) &
  echo $! > "$RUN/$name.pid"
done
for process in "${PROCESSES[@]}"; do
  IFS=: read -r name _ port _ <<<"$process"
  wait_healthy "$name" "http://127.0.0.1:$port"
done
log "all services ready after $(( $(date +%s) - started ))s"

dotnet "$ROOT/tools/Marketplace.DemoSeed/bin/Release/net10.0/Marketplace.DemoSeed.dll" "$GATEWAY_URL"

cat <<MSG

Marketplace is running.
  Gateway:  $GATEWAY_URL
  Portal:   $GATEWAY_URL/
  API docs: $GATEWAY_URL/docs (every service's OpenAPI document in one page)
  Mail:     http://127.0.0.1:${MARKETPLACE_MAIL_PORT:-8025} (every mail the platform sends, caught locally)
  Logs:     $RUN/*.log

Try: open $GATEWAY_URL/ in a browser and sign in as priya@acme-security.example
     (every demo owner's password is demo-password-1), then "Post a referral".
Or from a shell:
  curl -s '$GATEWAY_URL/api/catalog/skills?q=m365'
See README.md for more.

Stop with: scripts/run.sh stop && scripts/infra.sh down
MSG
