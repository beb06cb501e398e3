#!/usr/bin/env bash
# Sets everything up and runs every test. Qt runs offscreen; the PostgreSQL
# tests use the server on 127.0.0.1:5432 (user postgres) when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
