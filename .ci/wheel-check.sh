#!/usr/bin/env bash
# Install drift the way users install it: build the wheel and the sdist, install the wheel into
# a fresh venv made by the oldest supported Python with the pip it ships (no pip upgrade), and
# run the commands a new user runs first. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3.11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

.venv/bin/python -m pip install -q build
.venv/bin/python -m build --sdist --wheel --outdir "$work/dist" . >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }
wheel=$(ls "$work"/dist/newsdrift-*.whl)
ls "$work"/dist/newsdrift-*.tar.gz >/dev/null

"$PY" -m venv "$work/venv"
echo "wheel check: $("$work/venv/bin/python" --version), $("$work/venv/bin/pip" --version | cut -d' ' -f1-2)"
"$work/venv/bin/pip" install -q -c constraints.txt "$wheel" 2>&1 | grep -v "^WARNING: Location" || true
"$work/venv/bin/python" -c "import drift" # the install itself must have worked

drift="$work/venv/bin/drift"
ex=examples/kazakhstan-2022
export DRIFT_CACHE_DIR="$work/cache"
"$drift" --version
"$drift" models >/dev/null
"$drift" score "$ex/base_reuters.txt" "$ex/mt_macedonian_blog.txt" "$ex/ai_budapest_post.txt" \
  "$ex/republished_london_daily.txt" "$ex/independent_straits_times.txt" --out "$work/report" \
  | tail -n +3 | head -4
test -s "$work/report/report.json" && test -s "$work/report/report.html"
"$drift" score "$ex/base_reuters.txt" examples/html/london_daily_page.html | sed -n 3p \
  | grep -q "copy" || { echo "wheel check: the HTML page was not read as a copy"; exit 1; }
# an optional capability that is not installed: one line naming the extra, exit 2
set +e
msg=$("$drift" score "$ex/base_reuters.txt" "$ex/mt_macedonian_blog.txt" --model e5small 2>&1)
code=$?
set -e
if [ "$code" != 2 ] || ! grep -q "newsdrift\[multilingual\]" <<<"$msg" || [ "$(wc -l <<<"$msg")" != 1 ]; then
  echo "wheel check: a missing extra gave exit $code: $msg"; exit 1
fi
echo "wheel check: ok ($(basename "$wheel"))"
