#!/usr/bin/env bash
# Runs every test: starts the project-local PostgreSQL and RabbitMQ (installing them when missing),
# builds with warnings as errors, then runs all test projects. Extra arguments go to `dotnet test`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

"$ROOT/scripts/infra.sh" up
# The browser tests drive Debian's Chromium through Playwright (no browser download).
if [ ! -x /usr/bin/chromium ]; then
  echo "[test] installing chromium" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
fi
# The deployment tests render k8s/ with kubectl's kustomize (Debian's kubernetes-client when none is installed).
if ! command -v kubectl >/dev/null; then
  echo "[test] installing kubectl" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client >/dev/null; }
fi
# The deployment tests validate docker-compose.yml with the compose tool itself (it needs no engine).
if ! command -v docker-compose >/dev/null; then
  echo "[test] installing docker-compose" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; }
fi

dotnet build Marketplace.sln -c Release -warnaserror -nologo -clp:ErrorsOnly
dotnet test --solution Marketplace.sln -c Release --no-build --no-progress "$@"
