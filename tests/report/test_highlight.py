"""Changed spans marked and escaped in the HTML."""

from __future__ import annotations


def test_highlight_marks_and_escapes_changed_spans():
    from drift.report.html import highlight

    changes = [{"kind": "delete", "base": "<b>", "derivative": "", "base_span": [4, 7],
                "deriv_span": None, "flags": ["omission"]}]
    html = highlight("Cut <b> here", changes, "base")
    assert html == ('Cut <span class="chg chg-delete" title="delete: &lt;b&gt; →  (omission)">'
                    "&lt;b&gt;</span> here")
    assert highlight("Cut <b> here", changes, "derivative") == "Cut &lt;b&gt; here"
