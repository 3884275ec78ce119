"""report.html in a real browser: headless Chromium (Debian's chromium and chromium-driver,
installed by .ci/install-system.sh) opens the report that ``make demo`` writes, with the
network blocked, and checks what a reader sees. Skipped, with the reason, where Chromium or
selenium is missing.

The 50-derivative report's load time is printed (and recorded as a test property), not
asserted: benchmarks/bench_browser.py measures it for the README."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from chromium import Browser, makefile_demo_argv, replicate, unavailable

import drift
from drift.cli import main
from drift.report.files import alignment_png, write_report
from drift.report.html import render_html

pytestmark = pytest.mark.skipif(unavailable() is not None,
                                reason=f"no headless browser: {unavailable()}")

ROOT = Path(__file__).resolve().parents[2]


# An article whose text is markup: a script, an image whose onerror runs script, and values
# that would break out of an HTML attribute ("..." and '...'). The file name of the
# derivative is markup too.
XSS_BASE = """\
The city council approved a new budget for schools on Monday after a long debate about teachers' pay.

A council member pasted the text <script>alert(1)</script> into the minutes, which the clerk printed as it was.

The clerk also found the tag <img src=x onerror=alert(1)> in a comment sent by a reader from the suburbs.

One reader signed his letter with the name x" onmouseover="alert(1)" data-x=" and asked for a reply.

The mayor said the new schools budget would be published in full on the city website next week.
"""


XSS_DERIVATIVE = """\
On Monday the city council passed a new schools budget after a lengthy debate over what teachers are paid.

A member of the council pasted the text <script>alert(2)</script> into the minutes, and the clerk printed it unchanged.

The clerk found the tag <img src=y onerror=alert(2)> in a comment a reader from the suburbs had sent.

One reader signed his letter with the name y' onfocus='alert(2)' autofocus=' and asked for an answer.

According to the mayor, the whole budget for schools will appear on the city website next week.
"""


XSS_NAME = "reader\"copy<img src=x onerror=alert(3)>"


XSS_TEXTS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
             "x\" onmouseover=\"alert(1)\" data-x=\"", "<script>alert(2)</script>",
             "y' onfocus='alert(2)' autofocus='"]


# everything on the page that markup from an article could have turned into live HTML
INJECTED = """
const attrs = [];
for (const el of document.querySelectorAll('*')) {
  for (const a of el.attributes) {
    if (a.name.startsWith('on') || ['autofocus', 'data-x', 'formaction'].includes(a.name))
      attrs.push(el.tagName + '[' + a.name + ']');
  }
}
return {scripts: document.querySelectorAll('script').length,
        images: [...document.images].map(i => i.src.slice(0, 10)),
        attrs: attrs,
        chgAttrs: [...new Set([...document.querySelectorAll('span.chg')]
                              .flatMap(s => s.getAttributeNames()))].sort(),
        text: document.body.innerText};
"""


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.quit()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The report folder ``make demo`` writes (same command, in a temporary folder)."""
    out = tmp_path_factory.mktemp("demo") / "kazakhstan-2022"
    assert main(makefile_demo_argv(ROOT, out)) == 0
    return out


@pytest.fixture(scope="module")
def demo_page(browser, demo):
    return browser.open(demo / "report.html")


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def xss_result(tmp_path_factory, encoder):
    folder = tmp_path_factory.mktemp("xss")
    (folder / "base.txt").write_text(XSS_BASE, encoding="utf-8")
    (folder / f"{XSS_NAME}.txt").write_text(XSS_DERIVATIVE, encoding="utf-8")
    return drift.compare(folder / "base.txt", folder / f"{XSS_NAME}.txt", cache=False)


def _assert_shown_as_text(browser, page):
    assert page.dialogs == [] and page.errors == [] and page.outside_requests == []
    found = browser.js(INJECTED)
    assert found["scripts"] == 0 and found["attrs"] == []
    assert all(src == "data:image" for src in found["images"])
    assert found["chgAttrs"] == ["class", "title"]
    for text in [*XSS_TEXTS, XSS_NAME]:
        assert text in found["text"], text


def test_demo_report_loads_nothing_and_logs_no_error(demo_page):
    assert demo_page.url.endswith("/report.html")
    assert demo_page.url in demo_page.requests  # the recording works: the page itself is there
    assert any(u.startswith("data:image/png") for u in demo_page.requests)
    assert demo_page.outside_requests == []
    assert demo_page.errors == [] and demo_page.dialogs == []


def test_summary_has_a_row_and_a_working_link_per_derivative(browser, demo_page):
    argv = makefile_demo_argv(ROOT, Path("unused"))
    names = [Path(a).stem for a in argv[2:argv.index("--out")]]
    rows = browser.js("""return [...document.querySelectorAll('table.drift-summary tbody tr')]
        .map(tr => { const a = tr.querySelector('a');
                     return [a.textContent, a.getAttribute('href'), tr.cells[2].textContent]; });""")
    assert [r[0] for r in rows] == names
    assert dict((r[0], r[2]) for r in rows)["mt_macedonian_blog"] == "rewrite"
    for name, href, _ in rows:
        heading = browser.js("return document.querySelector(arguments[0] + ' h2').textContent",
                             href)
        assert name in heading
    # following a link brings that derivative's section to the top of the window
    browser.driver.find_element("css selector", f'a[href="{rows[-1][1]}"]').click()
    top = browser.js("return document.querySelector(arguments[0]).getBoundingClientRect().top",
                     rows[-1][1])
    assert abs(top) < 5


def test_blog_pairs_mark_the_changed_words_of_the_belarus_pair(browser, demo_page, tmp_path):
    row = browser.driver.find_element(
        "xpath", "//section[.//h2[contains(., 'mt_macedonian_blog')]]"
                 "//table[contains(@class, 'drift-pairs')]//tr[td[contains(., "
                 "'She supported the Belarusian leader')]]")
    assert row.is_displayed()
    base_cell, deriv_cell = row.find_elements("css selector", "td")[1:3]
    assert base_cell.text.startswith("It backed the leader of Belarus")

    def marked(cell):
        return {s.text: s for s in cell.find_elements("css selector", "span.chg")}

    base_marks, deriv_marks = marked(base_cell), marked(deriv_cell)
    assert {"It", "Belarus"} <= set(base_marks) and {"She", "Belarusian"} <= set(deriv_marks)
    she = deriv_marks["She"]
    assert she.get_attribute("title") == "substitute: It → She (pronoun)"
    # the mark is visible: the stylesheet gives a substitution its red background
    assert she.value_of_css_property("background-color") == "rgba(255, 205, 210, 1)"
    flags = [f.text for f in row.find_elements("css selector", ".flag")]
    assert "pronoun" in flags
    shot = browser.screenshot(tmp_path / "belarus.png", "#d0 details.pairs", max_height=1200)
    width, height = _png_size(shot)
    assert width > 800 and 400 < height <= 1200


def test_article_markup_is_shown_as_text_in_the_report(browser, xss_result, tmp_path):
    assert xss_result[0].summary.n_pairs == 5  # every sentence aligned: all are in the table
    write_report(xss_result, tmp_path / "report")
    page = browser.open(tmp_path / "report" / "report.html")
    _assert_shown_as_text(browser, page)
    # every change's title arrives whole: no quote in it closed the attribute early
    titles = browser.js("return [...document.querySelectorAll('span.chg')].map(s => s.title)")
    expected = set()
    for p in xss_result[0].pairs:
        for c in p.changes:
            d = c.to_dict()
            flags = f" ({', '.join(d['flags'])})" if d["flags"] else ""
            expected.add(f"{d['kind']}: {d['base']} → {d['derivative']}{flags}")
    titles = [t for t in titles if t]  # the legend's samples have no title
    assert titles and set(titles) <= expected


def test_article_markup_is_shown_as_text_in_the_notebook_display(browser, xss_result,
                                                                   tmp_path):
    from selenium.webdriver import ActionChains

    html = (f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
            f"{xss_result._repr_html_()}{xss_result[0]._repr_html_()}</body></html>")
    (tmp_path / "notebook.html").write_text(html, encoding="utf-8")
    page = browser.open(tmp_path / "notebook.html")  # no Content-Security-Policy here
    _assert_shown_as_text(browser, page)
    spans = browser.driver.find_elements("css selector", "span.chg")
    assert len(spans) > 10
    for span in spans:  # hovering a mark runs nothing
        ActionChains(browser.driver).move_to_element(span).perform()
    assert browser.js("return window.__driftDialogs") == []


def test_large_report_opens_collapsed_and_navigable(browser, demo, tmp_path, encoder,
                                                    record_property):
    # 50 derivatives: the demo's four, repeated under new names. The overview is drawn for all
    # 50; the alignment heatmaps are the demo's own four PNGs, repeated (drawing 50 takes a
    # minute; benchmarks/bench_browser.py does, and measures the same load time)
    result = drift.compare(*makefile_demo_argv(ROOT, tmp_path)[1:-2])
    big = replicate(result, 50)
    heatmaps = [(demo / alignment_png(k, d.name)).read_bytes()
                for k, d in enumerate(result.derivatives)]
    buf = io.BytesIO()
    big.plot_overview().savefig(buf, format="png", dpi=110)
    html = render_html(big.to_dict(), buf.getvalue(),
                       [heatmaps[k % len(heatmaps)] for k in range(len(big))])
    (tmp_path / "report.html").write_text(html, encoding="utf-8")
    page = browser.open(tmp_path / "report.html")
    record_property("load_ms_50_derivatives", round(page.load_ms))
    print(f"\n50-derivative report: loaded in {page.load_ms:.0f} ms, painted after load at "
          f"{page.ready_ms:.0f} ms")
    assert page.errors == [] and page.outside_requests == []
    state = browser.js("""return {
        rows: document.querySelectorAll('table.drift-summary tbody tr').length,
        links: [...document.querySelectorAll('table.drift-summary a')]
                 .filter(a => document.querySelector(a.getAttribute('href'))).length,
        sections: document.querySelectorAll('section').length,
        open: document.querySelectorAll('section details[open]').length,
        pairs: document.querySelectorAll('details.pairs').length};""")
    assert state == {"rows": 50, "links": 50, "sections": 50, "open": 0, "pairs": 50}
    # jump to the 37th derivative and open its pairs
    browser.driver.find_element("css selector", 'a[href="#d36"]').click()
    table = browser.driver.find_element("css selector", "#d36 details.pairs table")
    assert not table.is_displayed()
    browser.driver.find_element("css selector", "#d36 details.pairs > summary").click()
    assert table.is_displayed()
    expected = big[36]
    rows = table.find_elements("css selector", "tbody tr")
    assert len(rows) == len(expected.pairs)
    assert expected.name in browser.js("return document.querySelector('#d36 h2').textContent")
