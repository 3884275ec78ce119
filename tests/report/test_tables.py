"""Tables and notebook display, as views of a comparison: typed rows, pandas frames with numeric
dtypes, the CSV writer's formatting, and the HTML a notebook shows."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from dataclasses import replace

import pytest

import drift
from drift.report.html import OPEN_SECTIONS_UP_TO, render_html
from drift.report.tables import FRAME_COLUMNS, SUMMARY_COLUMNS, csv_text


@pytest.fixture(scope="module")
def result(examples, encoder):
    # a rewrite (one-to-one, two omissions) and an independent report (additions, moves)
    return drift.compare(examples / "base_reuters.txt", examples / "mt_macedonian_blog.txt",
                         examples / "independent_straits_times.txt")


def test_rows_keep_python_types(result):
    rows = result.rows()
    assert len(rows) == sum(len(d.pairs) for d in result.derivatives)
    for row in rows:
        assert isinstance(row["base_idx"], list) and isinstance(row["derivative_idx"], list)
        assert all(isinstance(i, int) for i in row["base_idx"] + row["derivative_idx"])
        assert isinstance(row["flags"], list) and isinstance(row["moved"], bool)
        lone = not row["base_idx"] or not row["derivative_idx"]
        for col in ("similarity", "drift", "lexical"):
            assert (row[col] is None) if lone else isinstance(row[col], float), (col, row)
    summary = result.summary_rows()
    assert [s["name"] for s in summary] == ["mt_macedonian_blog", "independent_straits_times"]
    assert isinstance(summary[0]["coverage"], float) and isinstance(summary[0]["n_pairs"], int)


def test_to_pandas_has_numeric_columns(result):
    pd = pytest.importorskip("pandas")
    df = result.to_pandas()
    assert list(df.columns) == FRAME_COLUMNS and len(df) == len(result.rows())
    for col in ("similarity", "drift", "lexical"):
        assert df[col].dtype == "float64", col
    assert df["moved"].dtype == bool
    assert pd.api.types.is_string_dtype(df["label"]) and pd.api.types.is_string_dtype(df["name"])
    # omissions and additions have no scores: NaN, and the means skip them
    lone = df["label"].isin(["omission", "addition"])
    assert lone.any() and df.loc[lone, "drift"].isna().all()
    assert df.loc[~lone, "drift"].notna().all()
    blog = result["mt_macedonian_blog"]
    aligned = [p.drift for p in blog.pairs if p.drift is not None]
    mean = df[df["name"] == "mt_macedonian_blog"]["drift"].mean()
    assert mean == pytest.approx(sum(aligned) / len(aligned), abs=1e-4)
    # the indices and flags are lists, so they filter and explode as lists do
    belarus = df[df["derivative_text"].str.contains("Belarusian")].iloc[0]
    assert "pronoun" in belarus["flags"] and belarus["base_idx"] == belarus["derivative_idx"]
    flags = df.explode("flags")["flags"].dropna()
    assert set(flags) >= {"pronoun", "tense"}


def test_summary_frame_one_row_per_derivative(result):
    pytest.importorskip("pandas")
    sf = result.summary_frame()
    assert list(sf.columns) == SUMMARY_COLUMNS
    assert list(sf["name"]) == ["mt_macedonian_blog", "independent_straits_times"]
    assert list(sf["verdict"]) == ["rewrite", "independent"]
    for col in ("coverage", "support", "mean_drift", "max_drift", "mean_lexical"):
        assert sf[col].dtype == "float64", col
    for col in ("n_pairs", "n_omissions", "n_additions", "n_moved"):
        assert sf[col].dtype == "int64", col
    assert sf.loc[1, "coverage"] < 0.5 < sf.loc[0, "coverage"]


def test_missing_pandas_is_one_line_with_the_install_command(examples):
    code = ("import sys; sys.modules['pandas'] = None\n"
            "import drift.report.tables as t\n"
            "try:\n"
            "    t.summary_frame({'signature': 's', 'derivatives': []})\n"
            "except ImportError as e:\n"
            "    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.stdout.strip().splitlines() == [
        "this table needs pandas, which is not installed: pip install 'newsdrift[pandas]'"]


def test_csv_writer_formats_the_numbers(result):
    rows = list(csv.DictReader(io.StringIO(csv_text(result.to_dict()))))
    typed = result.rows()
    assert len(rows) == len(typed)
    for row, t in zip(rows, typed):
        assert row["base_idx"] == " ".join(map(str, t["base_idx"]))
        assert row["flags"] == " ".join(t["flags"])
        assert row["moved"] == ("1" if t["moved"] else "0")
        if t["drift"] is None:
            assert row["drift"] == "" and row["similarity"] == ""
        else:
            assert row["drift"] == f"{t['drift']:.4f}"


def test_comparison_displays_summary_and_overview(result):
    html = result._repr_html_()
    assert html.startswith('<div class="drift">') and "<style>" in html
    assert html.count("data:image/png;base64,") == 1  # the overview heatmap, inline
    assert 'class="drift-table drift-summary"' in html and html.count("<tr>") == 1 + 2
    assert "mt_macedonian_blog" in html and "independent" in html
    # the style is scoped: it cannot restyle the rest of a notebook
    style = html[html.index("<style>"):html.index("</style>")]
    selectors = [line.split("{")[0] for line in style.splitlines() if "{" in line]
    assert selectors and all(".drift" in s for s in selectors)


def test_derivative_displays_its_pairs_side_by_side(result):
    blog = result["mt_macedonian_blog"]
    html = blog._repr_html_()
    assert html.count("<tr class=") == len(blog.pairs)
    assert 'title="substitute: It → She (pronoun)">She</span>' in html
    # the base side is there, with its own changed words marked
    assert '">It</span> ' in html and "city Almaty returned to" in html
    assert "signature: <code>model:all-MiniLM-L6-v2" in html


def test_derivative_on_its_own_shows_base_numbers_only(result):
    blog = result["mt_macedonian_blog"]
    alone = drift.DerivativeResult(blog.path, blog.sentences, blog.removed, blog.encoding,
                                   blog.pairs, blog.summary, blog.similarity, blog.calibration)
    assert alone == blog
    html = alone._repr_html_()
    assert "city Almaty returned to" not in html and "base sentence 1" in html
    assert "She</span>" in html  # the derivative side is marked all the same


def test_comparison_keeps_the_callers_objects(result):
    blog = result["mt_macedonian_blog"]
    alone = replace(blog)  # a copy that does not know the base
    again = drift.Comparison(result.model, result.signature, result.config, result.base,
                             (alone,))
    assert not hasattr(alone, "_context")  # the caller's object is not changed
    assert again[0] == alone and again[0] is not alone
    assert again.to_dict()["derivatives"][0] == blog.to_dict()


def test_report_sections_collapse_above_a_handful_of_derivatives(result):
    report = result.to_dict()
    few = render_html(report)
    assert few.count('<details class="pairs" open>') == 2
    many = dict(report, derivatives=report["derivatives"] * 3)
    assert len(many["derivatives"]) > OPEN_SECTIONS_UP_TO
    html = render_html(many)
    assert html.count('<details class="pairs">') == 6 and " open>" not in html
    assert all(f'<a href="#d{k}">' in html and f'<section id="d{k}">' in html for k in range(6))
    assert "default-src 'none'" in html  # the page may run no script and load nothing
