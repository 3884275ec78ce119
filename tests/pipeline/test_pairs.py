"""drift pairs: sentence pairs without alignment."""

from __future__ import annotations

import pytest

from drift.config import DriftConfig
from drift.pipeline import make_plan
from drift.pipeline.pairs import parse_pair_lines, run_pairs


def test_parse_pair_lines_rejects_bad_rows():
    assert list(parse_pair_lines(["a\tb\n", "\n", "c\td"])) == [(1, "a", "b"), (3, "c", "d")]
    with pytest.raises(ValueError, match="line 1"):
        list(parse_pair_lines(["only one column"]))


def test_run_pairs(encoder):
    plan = make_plan(DriftConfig(), encoder)
    rows = list(run_pairs(["It backed the plan.\tShe supported the plan.\n"], plan, encoder))
    assert len(rows) == 1
    r = rows[0]
    assert {"similarity", "drift", "flags", "changes"} <= set(r)
    assert "pronoun" in r["flags"] and 0 <= r["drift"] <= 1


def test_drift_pairs_rows_carry_severity_and_evidence(encoder):
    (row,) = run_pairs(["It backed the plan.\tShe supported the plan.\n"],
                     make_plan(None, encoder), encoder)
    assert row["flags"] == ["pronoun"] and 0 < row["severity"] <= 1
    assert row["evidence"] == [{"flag": "pronoun", "base": "It", "derivative": "She",
                                "base_span": [0, 2], "deriv_span": [0, 3],
                                "rule": "another pronoun"}]
