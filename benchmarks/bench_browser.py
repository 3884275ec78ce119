"""How fast a large report.html opens in headless Chromium (issue 12: 50 derivatives in < 3 s).

    .venv/bin/python benchmarks/bench_browser.py [--derivatives 50] [--runs 5]

Scores the example corpus (base and four derivatives) with the bundled model, repeats its
four derivatives under new names up to ``--derivatives`` (real results, real heatmaps: the
page is what drift writes for that many derivatives), renders the report folder, and opens
report.html ``--runs`` times in headless Chromium with the network blocked (tests/chromium.py).
It does the same for the page with every section open, to show what collapsing them buys.
Prints a markdown table: load = navigation start to the end of the load event; ready = the
first frame painted after it. Needs Chromium, chromedriver and selenium (see README).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
EXAMPLE = ROOT / "examples" / "kazakhstan-2022"
NAMES = ["mt_macedonian_blog", "ai_budapest_post", "republished_london_daily",
         "independent_straits_times"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--derivatives", type=int, default=50)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", type=Path, default=None,
                    help="write the report folder here instead of a temporary folder")
    args = ap.parse_args()

    from chromium import Browser, replicate, unavailable

    import drift
    import drift.report.html as html
    from drift.report.files import render_files, write_folder

    reason = unavailable()
    if reason:
        sys.exit(f"bench_browser: {reason}")
    t = time.perf_counter()
    result = drift.compare(EXAMPLE / "base_reuters.txt", *(EXAMPLE / f"{n}.txt" for n in NAMES))
    t_compare = time.perf_counter() - t
    big = replicate(result, args.derivatives)
    t = time.perf_counter()
    files = render_files(big)
    t_render = time.perf_counter() - t
    folder = args.keep or Path(tempfile.mkdtemp(prefix="drift-bench-browser-")) / "report"
    write_folder(folder, files)
    all_open = folder.parent / f"{folder.name}-open.html"
    saved = html.OPEN_SECTIONS_UP_TO
    html.OPEN_SECTIONS_UP_TO = 10**9  # the same page with every heatmap and pair table open
    try:
        from drift.report.files import alignment_png

        pngs = [files[alignment_png(k, d.name)] for k, d in enumerate(big.derivatives)]
        all_open.write_text(html.render_html(big.to_dict(), files["overview.png"], pngs),
                            encoding="utf-8")
    finally:
        html.OPEN_SECTIONS_UP_TO = saved

    print(f"compare (base + {len(NAMES)}): {t_compare:.1f} s; render {args.derivatives} "
          f"derivatives (every file, {len(files)} files): {t_render:.1f} s\n")
    print("| page | size | load (median of runs) | ready (median) | slowest ready | first open |")
    print("|---|---|---|---|---|---|")
    browser = Browser()
    try:
        for label, page in ((f"report.html, {args.derivatives} derivatives (sections collapsed)",
                             folder / "report.html"),
                            ("same, every section open", all_open)):
            opened = [browser.open(page) for _ in range(args.runs)]
            assert all(not p.errors and not p.outside_requests for p in opened), page
            loads = [p.load_ms / 1000 for p in opened]
            ready = [p.ready_ms / 1000 for p in opened]
            size = page.stat().st_size / 2**20
            print(f"| {label} | {size:.1f} MiB | {statistics.median(loads):.2f} s | "
                  f"{statistics.median(ready):.2f} s | {max(ready):.2f} s | {ready[0]:.2f} s |")
    finally:
        browser.quit()


if __name__ == "__main__":
    main()
