"""Sentences and removed furniture point at the lines of the file the user has: in the result,
in report.json and in the HTML report (with the real model)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import drift
from drift.report.html import render_html
from drift.report.tables import summary_table

DATA = Path(__file__).parent / "data"


def test_report_points_at_the_lines_of_wrapped_files(encoder, tmp_path):
    base = DATA / "essay_wrapped.txt"
    paragraphs = [p.replace("\n", " ") for p in base.read_text(encoding="utf-8").split("\n\n")]
    deriv = tmp_path / "copy.txt"  # the same essay, a title, read more, rewrapped at 50
    deriv.write_text("A Copy\n\nRead More\n\n"
                     + "\n\n".join(textwrap.fill(p, 50) for p in paragraphs) + "\n",
                     encoding="utf-8")
    result = drift.compare_documents(drift.read_document(deriv), drift.read_document(base),
                                     encoder=encoder)
    report = result.to_dict()
    assert report["base"]["lines_of_sentence"][0] == [5, 9]  # after the two removed lines
    assert [(r["reason"], r["line"], r["last_line"]) for r in report["base"]["removed_detail"]] \
        == [("header", 1, 1), ("header", 3, 3)]
    d = report["derivatives"][0]
    assert d["lines_of_sentence"][:2] == [[1, 3], [3, 5]] and not d["removed"]
    assert d["summary"]["coverage"] == 1.0
    html = render_html(report)
    assert "l.&nbsp;1–3" in html and "[header, line 3] Read More" in html
    assert "2 lines of furniture removed" in summary_table(report)
