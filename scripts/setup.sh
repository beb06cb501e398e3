#!/usr/bin/env bash
# Prepares this checkout on a fresh machine: the Debian/Ubuntu packages in
# scripts/debian-packages.txt (when apt-get is there; as root or with sudo),
# a virtual environment in .venv, and the app with its test tools in it.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; then
    missing=()
    while read -r package; do
        case "$package" in ""|\#*) continue ;; esac
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done < scripts/debian-packages.txt
    if [ "${#missing[@]}" -gt 0 ]; then
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        echo "Installing system packages: ${missing[*]}" >&2
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
