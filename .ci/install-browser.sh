#!/usr/bin/env bash
# Headless Chromium for tests/test_browser.py: Debian's chromium and chromium-driver.
# Idempotent and quiet, and it never fails the CI run: where apt-get is missing or the
# packages cannot be installed, it says so in one line and the browser tests skip, each with
# the reason.
set -u
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
say() { echo "install-browser: $*" >&2; }
if ! command -v apt-get >/dev/null 2>&1; then
    say "no apt-get here: the browser tests will be skipped"
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo="sudo -n"
    else
        say "not root and no sudo: the browser tests will be skipped"
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
install() { timeout 900 $sudo apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; }
if install || { timeout 600 $sudo apt-get update -qq >/dev/null 2>&1 && install; }; then
    say "$(chromium --version 2>/dev/null) installed"
else
    say "apt-get could not install chromium and chromium-driver: the browser tests will be skipped"
fi
exit 0
