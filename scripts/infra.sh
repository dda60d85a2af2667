#!/usr/bin/env bash
# Project-local PostgreSQL and RabbitMQ without Docker: installs the Debian packages when missing,
# runs them on their own ports and data folders under .infra/, never the system instances.
# Also the local mail sink (tools/Marketplace.MailSink, built here when needed): SMTP on 127.0.0.1:1025 keeps every
# message, and http://127.0.0.1:8025 shows them; nothing is ever sent on.
#   scripts/infra.sh up | down | status | keys
#   scripts/infra.sh up mail | down mail     the mail sink alone (e.g. to see mail wait while SMTP is down)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INFRA="${MARKETPLACE_INFRA:-$ROOT/.infra}"
PG_PORT="${MARKETPLACE_PG_PORT:-5433}"
MQ_PORT="${MARKETPLACE_MQ_PORT:-5673}"
MQ_MGMT_PORT="${MARKETPLACE_MQ_MGMT_PORT:-15673}"
MQ_DIST_PORT="${MARKETPLACE_MQ_DIST_PORT:-25673}"
MQ_NODE="marketplace${MQ_PORT}@localhost"
SMTP_PORT="${MARKETPLACE_SMTP_PORT:-1025}"
MAIL_PORT="${MARKETPLACE_MAIL_PORT:-8025}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
R="$INFRA/rabbitmq"
P="$INFRA/pg"
M="$INFRA/mailsink"
# Built into its own folder (bin and obj), so a solution build running at the same time never shares files with it.
MAIL_SRC="$ROOT/tools/Marketplace.MailSink"
MAIL_DLL="$M/artifacts/bin/Marketplace.MailSink/release/Marketplace.MailSink.dll"

log() { echo "[infra] $*" >&2; }

as_postgres() {
  # From / : the checkout may be a directory the postgres user cannot enter.
  if [ "$(id -u)" = 0 ]; then (cd / && su postgres -s /bin/sh -c "$1"); else sh -c "$1"; fi
}

install_missing() {
  local pkgs=()
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || pkgs+=(postgresql postgresql-contrib)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || pkgs+=(rabbitmq-server)
  command -v curl >/dev/null || pkgs+=(curl)
  if [ ${#pkgs[@]} -gt 0 ]; then
    log "installing ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${pkgs[@]}" >/dev/null
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
  fi
  # The Debian package starts its own cluster and broker where it can; they are not ours and stay untouched.
}

# PostgreSQL runs as its own user, which must be able to reach its folder. In a checkout it cannot enter (under /root,
# or below any directory of mode 700) initdb used to stop at "could not access directory …: Permission denied"; the
# folder then lives under /var/lib/marketplace instead, one per checkout, and the move is said.
pg_folder() {
  P="$INFRA/pg"
  [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 || return 0
  mkdir -p "$INFRA"
  if ! su postgres -s /bin/sh -c "cd '$INFRA'" 2>/dev/null; then
    P="/var/lib/marketplace/pg-$(printf '%s' "$INFRA" | sha256sum | cut -c1-12)"
    [ "${1:-}" = quiet ] || log "the postgres user cannot enter $INFRA (a directory above it is private): PostgreSQL keeps its data in $P"
  fi
}

pg_running() { [ -n "$PG_BIN" ] && [ -f "$P/data/PG_VERSION" ] && as_postgres "$PG_BIN/pg_ctl -D $P/data status" >/dev/null 2>&1; }

pg_up() {
  # Another checkout's instance already on the port, and none of our own: use it, and make no data folder that would sit unused.
  if [ ! -f "$P/data/PG_VERSION" ] && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    log "PostgreSQL already answering on $PG_PORT (another data folder)"; return
  fi
  mkdir -p "$P"
  if [ "$(id -u)" = 0 ]; then chown postgres "$P"; fi
  if [ ! -f "$P/data/PG_VERSION" ]; then
    log "initialising PostgreSQL in $P/data"
    if ! out=$(as_postgres "$PG_BIN/initdb -D $P/data -U postgres -A trust --no-sync" 2>&1); then
      log "PostgreSQL could not initialise $P/data as the user it runs as:"
      printf '%s\n' "$out" | tail -n 3 >&2
      exit 1
    fi
    cat >> "$P/data/postgresql.conf" <<CONF
max_connections = 400
shared_buffers = 256MB
fsync = on
CONF
  fi
  if pg_running; then log "PostgreSQL already running on $PG_PORT"; return; fi
  # Another checkout's instance on the same port serves just as well: every test and service uses its own databases.
  if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then log "PostgreSQL already answering on $PG_PORT (another data folder)"; return; fi
  # 9>&-: the server must not inherit the lock, or the next "up" waits for it forever.
  as_postgres "$PG_BIN/pg_ctl -D $P/data -l $P/log -w -t 60 -o '-p $PG_PORT -k $P -c listen_addresses=127.0.0.1' start" >/dev/null 9>&-
  log "PostgreSQL on 127.0.0.1:$PG_PORT"
}

mq_env() {
  export HOME="$R" RABBITMQ_NODENAME="$MQ_NODE" RABBITMQ_NODE_PORT="$MQ_PORT" RABBITMQ_DIST_PORT="$MQ_DIST_PORT" \
    RABBITMQ_MNESIA_BASE="$R/mnesia" RABBITMQ_LOG_BASE="$R/log" RABBITMQ_ENABLED_PLUGINS_FILE="$R/enabled_plugins" \
    RABBITMQ_PID_FILE="$R/pid" RABBITMQ_CONFIG_FILE="$R/rabbitmq"
}

mq_running() { mq_env; /usr/lib/rabbitmq/bin/rabbitmqctl -n "$MQ_NODE" status >/dev/null 2>&1; }

mq_up() {
  mkdir -p "$R"
  if mq_running; then log "RabbitMQ already running on $MQ_PORT"; return; fi
  # A broker another checkout started (its own Erlang cookie, so rabbitmqctl cannot see it) serves as well.
  if curl -fs -u guest:guest "http://127.0.0.1:$MQ_MGMT_PORT/api/overview" >/dev/null 2>&1; then
    log "RabbitMQ already answering on $MQ_PORT (another data folder)"; return
  fi
  mq_env
  echo '[rabbitmq_management].' > "$R/enabled_plugins"
  printf 'listeners.tcp.default = 127.0.0.1:%s\nmanagement.tcp.port = %s\nmanagement.tcp.ip = 127.0.0.1\nloopback_users = none\n' \
    "$MQ_PORT" "$MQ_MGMT_PORT" > "$R/rabbitmq.conf"
  # setsid: the broker outlives this script and the shell that ran it.
  setsid /usr/lib/rabbitmq/bin/rabbitmq-server > "$R/out.log" 2>&1 < /dev/null 9>&- &
  if ! /usr/lib/rabbitmq/bin/rabbitmqctl -n "$MQ_NODE" wait "$R/pid" --timeout 90 >/dev/null 2>&1; then
    log "RabbitMQ did not start; see $R/out.log"; tail -n 30 "$R/out.log" >&2; exit 1
  fi
  for _ in $(seq 1 60); do
    curl -fs -u guest:guest "http://127.0.0.1:$MQ_MGMT_PORT/api/overview" >/dev/null 2>&1 && break
    sleep 0.5
  done
  log "RabbitMQ on 127.0.0.1:$MQ_PORT (management http://127.0.0.1:$MQ_MGMT_PORT)"
}

mail_running() { # ours: the recorded pid is alive and is the sink
  [ -f "$M/pid" ] && grep -qs Marketplace.MailSink "/proc/$(cat "$M/pid")/cmdline"
}

mail_answering() { curl -fs "http://127.0.0.1:$MAIL_PORT/health/ready" >/dev/null 2>&1; }

mail_build() {
  if [ -f "$MAIL_DLL" ] && [ -z "$(find "$MAIL_SRC" "$ROOT/Directory.Build.props" "$ROOT/Directory.Packages.props" "$ROOT/global.json" \
      -newer "$MAIL_DLL" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' \) -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]; then
    return
  fi
  command -v dotnet >/dev/null || { log "the mail sink needs the .NET SDK (dotnet) on PATH"; exit 1; }
  log "building the mail sink"
  # From the repository, so its global.json picks the SDK.
  if ! (cd "$ROOT" && dotnet build "$MAIL_SRC/Marketplace.MailSink.csproj" -c Release --artifacts-path "$M/artifacts" -nologo -clp:ErrorsOnly -v q > "$M/build.log" 2>&1 9>&-); then
    log "the mail sink did not build; see $M/build.log"; tail -n 30 "$M/build.log" >&2; exit 1
  fi
}

mail_up() {
  mkdir -p "$M" "$INFRA/mail"
  if mail_running; then log "mail sink already running (SMTP $SMTP_PORT, http://127.0.0.1:$MAIL_PORT)"; return; fi
  # A sink another checkout started serves as well: every message lands in the one viewer.
  if mail_answering; then log "mail sink already answering on $MAIL_PORT (another checkout)"; return; fi
  mail_build
  # exec + setsid: the recorded pid is the sink's own, and it outlives this script. Mail is kept in .infra/mail.
  ( cd "$M" && exec setsid dotnet "$MAIL_DLL" --urls "http://127.0.0.1:$MAIL_PORT" --MailSink:SmtpAddress=127.0.0.1 \
      --MailSink:SmtpPort="$SMTP_PORT" --MailSink:Folder="$INFRA/mail" > "$M/log" 2>&1 < /dev/null 9>&- ) &
  echo $! > "$M/pid"
  for _ in $(seq 1 60); do
    mail_answering && break
    if ! mail_running; then break; fi
    sleep 0.5
  done
  if ! mail_answering; then
    log "the mail sink did not start; see $M/log"; tail -n 30 "$M/log" >&2; exit 1
  fi
  log "mail sink: SMTP on 127.0.0.1:$SMTP_PORT, read mail at http://127.0.0.1:$MAIL_PORT"
}

mail_down() {
  mail_running || { rm -f "$M/pid"; return 0; }
  local pid; pid=$(cat "$M/pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$M/pid"
  log "mail sink stopped"
}

case "${1:-status}" in
  up)
    # Test processes start in parallel and each may ask for the infrastructure: one at a time.
    mkdir -p "$INFRA"
    exec 9>"$INFRA/.lock"
    flock 9
    if [ "${2:-}" = mail ]; then mail_up; exit 0; fi
    install_missing
    pg_folder
    pg_up
    mq_up
    mail_up
    ;;
  down)
    if [ "${2:-}" = mail ]; then mail_down; exit 0; fi
    pg_folder quiet
    if pg_running; then as_postgres "$PG_BIN/pg_ctl -D $P/data -m fast -w stop" >/dev/null && log "PostgreSQL stopped"; fi
    if mq_running; then /usr/lib/rabbitmq/bin/rabbitmqctl -n "$MQ_NODE" stop >/dev/null && log "RabbitMQ stopped"; fi
    mail_down
    ;;
  keys)
    # Keys and secrets kept out of the repository: the access-token signing key, machine-client secrets.
    mkdir -p "$INFRA/keys"
    if [ ! -f "$INFRA/keys/signing-key.pem" ]; then
      (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$INFRA/keys/signing-key.pem" 2>/dev/null)
      log "signing key written to $INFRA/keys/signing-key.pem"
    fi
    # Matching's machine-client secret (Matching asks Scheduling for holds as the platform, not as any firm).
    if [ ! -f "$INFRA/keys/matching-client-secret" ]; then
      (umask 077 && openssl rand -hex 32 > "$INFRA/keys/matching-client-secret")
      log "Matching's client secret written to $INFRA/keys/matching-client-secret"
    fi
    # The key Notifications signs unsubscribe links with (every replica must share it).
    if [ ! -f "$INFRA/keys/unsubscribe-key" ]; then
      (umask 077 && openssl rand -hex 32 > "$INFRA/keys/unsubscribe-key")
      log "Notifications' unsubscribe-link key written to $INFRA/keys/unsubscribe-key"
    fi
    # docker-compose's passwords for PostgreSQL and RabbitMQ: docker compose --env-file .infra/compose.env up
    if [ ! -f "$INFRA/compose.env" ]; then
      (umask 077 && printf 'MARKETPLACE_DB_PASSWORD=%s\nMARKETPLACE_MQ_PASSWORD=%s\n' "$(openssl rand -hex 24)" "$(openssl rand -hex 24)" > "$INFRA/compose.env")
      log "compose passwords written to $INFRA/compose.env"
    fi
    ;;
  status)
    pg_folder quiet
    pg_running && echo "postgres: running on 127.0.0.1:$PG_PORT" || echo "postgres: stopped"
    mq_running && echo "rabbitmq: running on 127.0.0.1:$MQ_PORT (management $MQ_MGMT_PORT)" || echo "rabbitmq: stopped"
    if mail_running; then echo "mail: running, SMTP on 127.0.0.1:$SMTP_PORT, read mail at http://127.0.0.1:$MAIL_PORT (JSON: /api/messages)"
    elif mail_answering; then echo "mail: another checkout's sink answers, SMTP on 127.0.0.1:$SMTP_PORT, read mail at http://127.0.0.1:$MAIL_PORT"
    else echo "mail: stopped"; fi
    ;;
  *) echo "usage: $0 up|down|status|keys (up mail / down mail: the mail sink alone)" >&2; exit 2 ;;
esac
