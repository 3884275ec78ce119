"""The README's screenshots, taken in headless Chromium (tests/chromium.py).

    make demo && .venv/bin/python benchmarks/screenshots.py [--out reports/screenshots]

* ``html-report-summary.png``: the top of ``reports/kazakhstan-2022/report.html`` (the summary
  with a link to each derivative, the start of the overview);
* ``html-report-pairs.png``: the machine-translated blog's aligned pairs in that report;
* ``notebook-comparison.png`` and ``notebook-pairs.png``: ``notebooks/kazakhstan.ipynb`` run
  from top to bottom (nbclient), exported to HTML (nbconvert) and cropped to the cell that
  shows the comparison and the one that shows the blog's pairs.

Needs Chromium, chromedriver and the ``notebook`` and ``browser`` extras.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

# marks the cell whose input contains arguments[0] with an id, for a screenshot of it
MARK_CELL = """
const cell = [...document.querySelectorAll('.jp-Cell')]
  .find(c => (c.querySelector('.jp-InputArea') || c).textContent.includes(arguments[0]));
cell.id = arguments[1];
return cell.getBoundingClientRect().height;
"""


def executed_notebook_html(notebook: Path, workdir: Path) -> Path:
    """Run ``notebook`` (its exports go to ``workdir``) and write it as HTML there."""
    import nbclient
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(notebook, as_version=4)
    params = next(c for c in nb.cells if c.cell_type == "code")
    params.source += f"\nOUT = Path({str(workdir / 'export')!r})\n"
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT),
                                                             os.environ.get("PYTHONPATH")]))
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(notebook.parent)}}).execute()
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    page = workdir / "notebook.html"
    page.write_text(body, encoding="utf-8")
    return page


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--report", type=Path, default=ROOT / "reports" / "kazakhstan-2022" /
                    "report.html")
    ap.add_argument("--notebook", type=Path, default=ROOT / "notebooks" / "kazakhstan.ipynb")
    ap.add_argument("--out", type=Path, default=ROOT / "reports" / "screenshots")
    args = ap.parse_args()

    from chromium import Browser, unavailable

    reason = unavailable()
    if reason:
        sys.exit(f"screenshots: {reason}")
    if not args.report.is_file():
        sys.exit(f"screenshots: {args.report} is missing: run `make demo` first")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        notebook_page = executed_notebook_html(args.notebook, Path(tmp))
        browser = Browser(width=1300, height=900)
        try:
            page = browser.open(args.report)
            if page.errors or page.outside_requests:
                sys.exit(f"screenshots: the report logged {page.errors} and requested "
                         f"{page.outside_requests}")
            shots = [browser.screenshot(args.out / "html-report-summary.png", "body",
                                        max_height=640)]
            browser.js("document.querySelector('#d0 details.alignment').open = false")
            shots.append(browser.screenshot(args.out / "html-report-pairs.png",
                                            "#d0 details.pairs", max_height=640))
            browser.open(notebook_page)  # its scripts come from the web: blocked, not needed
            for name, needle in (("notebook-comparison.png", "result = drift.compare("),
                                 ("notebook-pairs.png", 'result["mt_macedonian_blog"]')):
                browser.js(MARK_CELL, needle, name.split(".")[0])
                shots.append(browser.screenshot(args.out / name, "#" + name.split(".")[0],
                                                max_height=900))
        finally:
            browser.quit()
    for shot in shots:
        print(shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot)


if __name__ == "__main__":
    main()
