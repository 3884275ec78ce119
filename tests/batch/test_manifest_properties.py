"""Any manifest, however hostile, is read as the right list of groups or refused with one
ManifestError line: never another exception, never a silent misreading."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drift.batch.manifest import TABLE_FILES, ManifestError, read_manifest

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("manifests")


def _read_or_refuse(path: Path):
    """The groups, or the one-line message of a ManifestError; any other exception fails.
    Groups read obey the rules: an id names a folder beside drift's own files without
    clashing, no derivative twice in a group, absolute paths, the same from any folder."""
    try:
        groups = read_manifest(path)
    except ManifestError as exc:
        message = str(exc)
        assert message and "\n" not in message, message
        return message
    for g in groups:
        assert not g.id.startswith(".") and g.id.lower() not in TABLE_FILES, g.id
        assert g.base.is_absolute() and all(d.is_absolute() for d in g.derivatives)
        assert len({os.path.realpath(d) for d in g.derivatives}) == len(g.derivatives)
    with contextlib.chdir(path.parent):
        assert read_manifest(path.name) == groups
    return groups


#: short values that often make a valid id or path, and some that must not
tokens = st.sampled_from(["a", "b.txt", "d.txt", "./d.txt", "", " ", "0", ".g.new-deadbeef",
                          "summary.csv", "-2-3", "x/../d.txt", "=1+2.txt"]) | st.text(max_size=12)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)
records = st.dictionaries(
    st.sampled_from(["id", "base", "derivatives", "note"]) | st.text(max_size=6),
    tokens | json_values | st.lists(tokens, max_size=4), max_size=5)


group_like = st.fixed_dictionaries(
    {"id": tokens | json_values, "base": tokens | json_values,
     "derivatives": st.lists(tokens, max_size=4) | tokens | json_values},
    optional={"note": json_values})


@SETTINGS
@given(st.lists(group_like | records | json_values, max_size=6))
def test_any_jsonl_lines_are_groups_or_one_error(folder, lines):
    path = folder / "any.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    got = _read_or_refuse(path)
    if not isinstance(got, str):  # read: every line is one group, as written
        assert [g.id for g in got] == [str(x["id"]).strip() for x in lines]
        for g, x in zip(got, lines):
            derivs = x["derivatives"] if isinstance(x["derivatives"], list) \
                else [x["derivatives"]]
            assert len(g.derivatives) == len(derivs) and g.base.is_absolute()


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from([".jsonl", ".csv", ".ndjson"]))
def test_any_bytes_are_groups_or_one_error(folder, data, suffix):
    path = folder / f"raw{suffix}"
    path.write_bytes(data)
    _read_or_refuse(path)


@SETTINGS
@given(st.lists(st.lists(tokens, max_size=6), max_size=6),
       st.sampled_from([["id", "base", "derivative"], ["derivative", "id", "base", "note"],
                        ["id", "id", "base", "derivative"], ["id", "base"]]))
def test_any_csv_rows_are_groups_or_one_error(folder, rows, header):
    buf = io.StringIO()
    csv.writer(buf).writerows([header, *rows])
    path = folder / "any.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    got = _read_or_refuse(path)
    if not isinstance(got, str):  # read: every row fits the header and is one derivative
        filled = [r for r in rows if any(f.strip() for f in r)]
        assert len(set(header)) == len(header)
        assert all(len(r) == len(header) for r in filled)
        assert sum(len(g.derivatives) for g in got) == len(filled)


# --- well-formed manifests: read back exactly ---------------------------------------------

ids = st.from_regex(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,20}", fullmatch=True).filter(
    lambda s: s.lower() not in ("summary.csv", "errors.jsonl", "pairs.parquet", "pairs.csv"))
names = st.from_regex(r"[A-Za-z0-9_ ,\"'=+@-][A-Za-z0-9_ ,\"'=+@.-]{0,15}", fullmatch=True) \
    .map(str.strip).filter(lambda s: s not in ("", ".", ".."))
paths = st.lists(names, min_size=1, max_size=3).map("/".join)
groups = st.lists(st.tuples(ids, paths, st.lists(paths, min_size=1, max_size=4, unique_by=(
    lambda p: os.path.normpath(p),))), min_size=1, max_size=5, unique_by=lambda g: g[0])


@SETTINGS
@given(groups, st.sampled_from(["jsonl", "csv"]))
def test_a_well_formed_manifest_reads_back_exactly(folder, spec, form):
    path = folder / f"good.{form}"
    if form == "jsonl":
        path.write_text("".join(json.dumps({"id": i, "base": b, "derivatives": d}) + "\n"
                                for i, b, d in spec), encoding="utf-8")
    else:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["id", "base", "derivative"])
        w.writerows([i, b, x] for i, b, d in spec for x in d)
        path.write_text(buf.getvalue(), encoding="utf-8")
    with contextlib.chdir(folder):  # named relative to the working folder
        got = read_manifest(path.name)

    def where(p: str) -> Path:
        return Path(os.path.abspath(folder / p))

    assert [(g.id, g.base, g.derivatives) for g in got] == [
        (i, where(b), tuple(where(x) for x in d)) for i, b, d in spec]
