#!/usr/bin/env bash
# Sets everything up, builds a fresh demo database from the shipped sample
# data (embedded SQLite) and opens the desktop app on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/warehouse-app demo "$@"
