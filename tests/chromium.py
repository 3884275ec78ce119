"""Headless Chromium for the browser tests and benchmarks/bench_browser.py.

Chromium and chromedriver are the Debian packages (``.ci/install-system.sh`` installs them),
driven by Selenium. The browser starts with a fresh profile and with everything that would
reach the network switched off; each page is opened with http(s) and ws(s) blocked through
Chrome DevTools, and every request the page attempts, every console message and every dialog
(alert, confirm, prompt) is recorded, so a test can assert that a report loads nothing and runs
nothing.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
CHROMEDRIVER = ("chromedriver",)
#: flags without which Chromium reaches for the network on this machine (and hangs on it)
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
         "--hide-scrollbars", "--force-device-scale-factor=1")
BLOCKED = ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]
# records every dialog a page opens, before any of its own code runs
_DIALOG_HOOK = """
window.__driftDialogs = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__driftDialogs.push(name + ': ' + args.join(' ')); };
}
"""


def _which(names: tuple[str, ...]) -> str | None:
    return next((p for p in map(shutil.which, names) if p), None)


def unavailable() -> str | None:
    """Why the browser cannot run here (None when it can)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install 'newsdrift[browser]')"
    if not _which(CHROMIUM):
        return ("Chromium is not installed (apt-get install chromium chromium-driver; "
                ".ci/install-system.sh does it)")
    if not _which(CHROMEDRIVER):
        return "chromedriver is not installed (apt-get install chromium-driver)"
    return None


@dataclass
class Page:
    """What happened while a page opened.

    Attributes:
        url: the page's ``file://`` URL.
        load_ms: from the start of navigation to the end of the load event (Navigation
            Timing), in milliseconds.
        ready_ms: from the start of navigation until the browser had laid out and painted a
            frame after the load event (two animation frames later).
        first_paint_ms: first contentful paint.
        wall_s: seconds the open took as seen from Python (includes WebDriver round trips).
        requests: every URL the page requested (the page itself, data: images, anything else).
        console: console messages as ``(level, message)``.
        dialogs: alert/confirm/prompt calls, recorded instead of shown.
    """

    url: str
    load_ms: float
    ready_ms: float
    first_paint_ms: float | None
    wall_s: float
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """Console messages at level SEVERE (errors)."""
        return [m for level, m in self.console if level == "SEVERE"]

    @property
    def outside_requests(self) -> list[str]:
        """Requests for anything but the page itself and inline ``data:`` images."""
        return [u for u in self.requests if u != self.url and not u.startswith("data:")]


class Browser:
    """One headless Chromium (a fresh profile, removed by :meth:`quit`).

    Args:
        width, height: the window size in CSS pixels.
    """

    def __init__(self, width: int = 1300, height: int = 900) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        reason = unavailable()
        if reason:
            raise RuntimeError(reason)
        self.profile = tempfile.mkdtemp(prefix="drift-chromium-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = str(_which(CHROMIUM))
        for flag in (*FLAGS, f"--user-data-dir={self.profile}",
                     f"--window-size={width},{height}"):
            opts.add_argument(flag)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        try:
            self.driver = webdriver.Chrome(service=Service(str(_which(CHROMEDRIVER))),
                                           options=opts)
        except Exception:
            shutil.rmtree(self.profile, ignore_errors=True)
            raise
        self.driver.set_page_load_timeout(60)
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": BLOCKED})
        self.driver.execute_cdp_cmd("Page.enable", {})
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                    {"source": _DIALOG_HOOK})

    def open(self, path: str | Path) -> Page:
        """Open a local file and record what it requested, logged and showed."""
        url = Path(path).resolve().as_uri()
        self.driver.get("about:blank")
        self._drain()
        t0 = time.perf_counter()
        self.driver.get(url)
        timing = self.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            requestAnimationFrame(() => requestAnimationFrame(() => {
              const nav = performance.getEntriesByType('navigation')[0];
              const fcp = performance.getEntriesByName('first-contentful-paint')[0];
              done([nav.loadEventEnd, performance.now(), fcp ? fcp.startTime : null]);
            }));""")
        wall = time.perf_counter() - t0
        requests, dialogs = [], list(self.driver.execute_script("return window.__driftDialogs"))
        for entry in self.driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg["method"] == "Network.requestWillBeSent":
                requests.append(msg["params"]["request"]["url"])
            elif msg["method"] == "Page.javascriptDialogOpening":
                dialogs.append(msg["params"].get("message", ""))
        console = [(e["level"], e["message"]) for e in self.driver.get_log("browser")]
        return Page(url, float(timing[0]), float(timing[1]),
                    None if timing[2] is None else float(timing[2]), wall, requests, console,
                    dialogs)

    def _drain(self) -> None:
        self.driver.get_log("performance")
        self.driver.get_log("browser")

    def js(self, script: str, *args: Any) -> Any:
        """Run ``script`` in the page (``return ...`` gives a value back)."""
        return self.driver.execute_script(script, *args)

    def screenshot(self, path: str | Path, selector: str | None = None,
                   max_height: int = 2400) -> Path:
        """Save a PNG of the whole page, or of the element matched by a CSS ``selector``
        (cut at ``max_height`` pixels)."""
        clip = self.js("""
            const el = arguments[0] ? document.querySelector(arguments[0])
                                    : document.documentElement;
            el.scrollIntoView();
            const r = el.getBoundingClientRect();
            return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];""",
                       selector)
        x, y, w, h = clip
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": x, "y": y, "width": w, "height": min(h, max_height), "scale": 1}})
        import base64

        out = Path(path)
        out.write_bytes(base64.b64decode(shot["data"]))
        return out

    def quit(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)


def makefile_demo_argv(root: Path, out_dir: Path) -> list[str]:
    """The arguments ``make demo`` gives ``drift`` (read from the Makefile), writing to
    ``out_dir`` instead of the committed report folder."""
    text = (root / "Makefile").read_text(encoding="utf-8")
    variables = dict(re.findall(r"^(\w+)\s*:?=\s*(.*?)\s*$", text, flags=re.M))
    recipe = re.search(r"^demo:.*\n((?:\t.*\n)+)", text, flags=re.M)
    if not recipe:
        raise ValueError("the Makefile has no demo recipe")
    line = re.sub(r"\\\n\s*", " ", recipe.group(1)).strip()
    line = re.sub(r"\$\((\w+)\)", lambda m: variables.get(m.group(1), ""), line)
    words = line.split()
    start = next(k for k, w in enumerate(words) if w.endswith("/drift"))
    argv = words[start + 1:]
    out = argv.index("--out")
    argv[out + 1] = str(out_dir)
    return [str(root / w) if (root / w).is_file() else w for w in argv]


def replicate(comparison: Any, n: int) -> Any:
    """A comparison with ``n`` derivatives, cycling through those of ``comparison`` under new
    names (``copies/NN-NAME.txt``): a large report made of real results."""
    from dataclasses import replace

    ds = comparison.derivatives
    return replace(comparison, derivatives=tuple(
        replace(ds[k % len(ds)], path=f"copies/{k + 1:02d}-{ds[k % len(ds)].name}.txt")
        for k in range(n)))
