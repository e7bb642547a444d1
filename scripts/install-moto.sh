#!/usr/bin/env bash
# Installs moto's standalone server (used by the end-to-end tests) into a virtualenv at
# <workspace>/target/moto-venv. Idempotent: a marker file records the installed version, and a
# venv that already holds the pinned version is left alone.
#
# Environment: PYTHON (default python3) picks the interpreter.
set -euo pipefail

MOTO_VERSION="5.2.5"

workspace_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$workspace_root/target/moto-venv"
marker="$venv/.stsgen-moto-version"
python="${PYTHON:-python3}"

fail() {
    echo "install-moto.sh: $*" >&2
    exit 1
}

if [[ -f "$marker" && "$(cat "$marker")" == "$MOTO_VERSION" && -x "$venv/bin/moto_server" ]]; then
    # Console scripts hard-code the venv's path in their #! line, so a venv that was moved or
    # copied from another checkout is rebuilt rather than trusted.
    if [[ "$(head -n 1 "$venv/bin/moto_server")" == "#!$venv/bin/python" ]]; then
        echo "moto $MOTO_VERSION already installed in $venv"
        exit 0
    fi
    echo "$venv was created for another location: recreating it"
    rm -rf "$venv"
fi

command -v "$python" >/dev/null 2>&1 \
    || fail "$python not found: install Python 3 (on Debian/Ubuntu: apt-get install python3 python3-venv)"
# Debian ships the venv module without ensurepip unless python3-venv is installed, and then
# `python3 -m venv` fails half way; check both up front for a clear message.
"$python" -c 'import venv, ensurepip' >/dev/null 2>&1 \
    || fail "the Python venv module (with ensurepip) is missing for $python: install it (on Debian/Ubuntu: apt-get install python3-venv)"

if [[ ! -x "$venv/bin/python" ]]; then
    rm -rf "$venv"
    mkdir -p "$(dirname "$venv")"
    echo "creating virtualenv $venv"
    "$python" -m venv "$venv" || { rm -rf "$venv"; fail "could not create a virtualenv at $venv"; }
fi

rm -f "$marker"
echo "installing moto[server]==$MOTO_VERSION into $venv"
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet "moto[server]==$MOTO_VERSION" \
    || fail "pip could not install moto[server]==$MOTO_VERSION (is PyPI reachable?)"
[[ -x "$venv/bin/moto_server" ]] || fail "moto installed but $venv/bin/moto_server is missing"
echo "$MOTO_VERSION" > "$marker"
echo "moto $MOTO_VERSION installed in $venv"
