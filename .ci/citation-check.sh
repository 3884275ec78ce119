#!/usr/bin/env bash
# Validate CITATION.cff with cffconvert, in a venv of its own (cffconvert pins an old
# jsonschema that the project's own environment must not get).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q cffconvert==2.0.0 2>&1 | grep -v "^WARNING: Location" || true
"$work/venv/bin/cffconvert" --validate -i CITATION.cff
