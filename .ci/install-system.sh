#!/usr/bin/env bash
# System packages the tests use, from Debian: chromium and chromium-driver (headless Chromium
# for tests/test_browser.py) and fonts-droid-fallback (CJK glyphs in the PNG heatmaps,
# tests/test_report_folder.py). Idempotent and quiet, and it never fails the CI run: where
# apt-get is missing or the packages cannot be installed, it says so in one line and the tests
# that need them skip, each with the reason.
set -u
need=()
command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 \
    || need+=(chromium chromium-driver)
[ -e /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || need+=(fonts-droid-fallback)
[ ${#need[@]} -eq 0 ] && exit 0
say() { echo "install-system: $*" >&2; }
if ! command -v apt-get >/dev/null 2>&1; then
    say "no apt-get here: the tests that need ${need[*]} will be skipped"
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo="sudo -n"
    else
        say "not root and no sudo: the tests that need ${need[*]} will be skipped"
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
install() { timeout 900 $sudo apt-get install -y -qq "${need[@]}" >/dev/null 2>&1; }
if install || { timeout 600 $sudo apt-get update -qq >/dev/null 2>&1 && install; }; then
    say "installed ${need[*]}"
else
    say "apt-get could not install ${need[*]}: the tests that need them will be skipped"
fi
exit 0
