"""``drift match`` on real text: the bundled Kazakhstan corpus and records made from it."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from drift.cli import main

NAMES = ["base_reuters", "mt_macedonian_blog", "ai_budapest_post", "republished_london_daily",
         "independent_straits_times"]


def files(examples: Path, names=NAMES) -> list[str]:
    return [str(examples / f"{n}.txt") for n in names]


@pytest.fixture(scope="module")
def example_run(tmp_path_factory, examples):
    out = tmp_path_factory.mktemp("match") / "out"
    assert main(["-q", "match", *files(examples), "--out", str(out), "--jobs", "2"]) == 0
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_example_families_roots_and_provenance(example_run):
    fams = json.loads((example_run / "families.json").read_text())["families"]
    assert len(fams) == 1
    fam = fams[0]
    assert fam["root"] == "base_reuters"
    assert sorted(fam["members"]) == sorted(NAMES[:4])
    edges = {(e["source"], e["target"]): e for e in fam["edges"]}
    assert edges[("base_reuters", "mt_macedonian_blog")]["kind"] == "round-trip"
    assert edges[("base_reuters", "ai_budapest_post")]["kind"] == "copy"
    # the London site has the AI post's added paragraphs and wording: it inherits them
    london = next(e for e in fam["edges"] if e["target"] == "republished_london_daily")
    assert london["source"] == "ai_budapest_post"
    assert "inherits from ai_budapest_post" in london["provenance"]
    # the root holds more than its derivatives; the two copies have the same idiosyncrasies,
    # so which of them copied the other the texts do not say
    assert edges[("base_reuters", "ai_budapest_post")]["direction"] == "content"
    assert london["direction"] == "unknown"
    assert {e["linked_by"] for e in fam["edges"]} == {"pipeline"}
    articles = {r["id"]: r for r in read_csv(example_run / "articles.csv")}
    assert articles["independent_straits_times"]["role"] == "alone"
    assert articles["base_reuters"]["role"] == "root"


def test_outputs_are_complete_and_the_manifest_runs_in_batch(example_run):
    from drift.batch.manifest import read_manifest

    names = {p.name for p in example_run.iterdir()}
    assert {"manifest.jsonl", "edges.csv", "edges.parquet", "articles.csv", "candidates.csv",
            "families.json", "families.graphml", "families.png", "overview.html",
            "match.json", "index"} <= names
    groups = read_manifest(example_run / "manifest.jsonl")
    assert len(groups) == 1 and groups[0].base.name == "base_reuters.txt"
    assert len(groups[0].derivatives) == 3
    rows = read_csv(example_run / "edges.csv")
    assert len(rows) == 3 and all(r["signature"].startswith("match:") for r in rows)
    assert [r["direction"] for r in rows] == ["content", "content", "unknown"]
    assert all(r["linked_by"] == "pipeline" for r in rows)
    assert json.loads(rows[0]["evidence"])["decided_by"]
    assert all(float(r["p_derived"]) >= 0.5 for r in rows)
    import pyarrow.parquet as pq

    table = pq.read_table(example_run / "edges.parquet")
    assert table.num_rows == 3 and str(table.schema.field("p_derived").type) == "double"
    graphml = (example_run / "families.graphml").read_text()
    assert "ai_budapest_post" in graphml and "<edge" in graphml
    html = (example_run / "overview.html").read_text()
    assert "data:image/png;base64" in html and "Content-Security-Policy" in html


def test_incremental_run_adds_articles_and_matches_a_fresh_run(tmp_path, examples,
                                                               example_run):
    """Grown in two runs, verified in this process (``--jobs 1``): byte for byte the outputs
    of the fresh run, which verified in two processes (the default here)."""
    out = tmp_path / "grow"
    assert main(["-q", "match", *files(examples, NAMES[:3]), "--out", str(out),
                 "--jobs", "1"]) == 0
    state = json.loads((out / "index" / "state.json").read_text())
    assert state["ids"] == NAMES[:3]
    first = (out / "index" / "vectors.f16").stat().st_size
    assert main(["-q", "match", *files(examples), "--out", str(out), "--jobs", "1"]) == 0
    state = json.loads((out / "index" / "state.json").read_text())
    assert state["ids"] == NAMES and len(state["hashes"]) == 5
    assert (out / "index" / "vectors.f16").stat().st_size > first
    assert (out / "shingles-00001.npz").exists() is False  # chunks live in index/
    assert (out / "index" / "shingles-00001.npz").exists()
    for name in ("edges.csv", "families.json", "articles.csv", "candidates.csv",
                 "manifest.jsonl"):
        assert (out / name).read_bytes() == (example_run / name).read_bytes(), name


def test_jsonl_metadata_flows_and_dates_choose_the_root(tmp_path, examples):
    recs = []
    for name, date, outlet in (("base_reuters", "2022-01-10", "=Reuters"),
                               ("republished_london_daily", "2022-01-09", "London Daily"),
                               ("independent_straits_times", "2022-01-10", "Straits Times")):
        text = (examples / f"{name}.txt").read_text(encoding="utf-8")
        recs.append({"id": name, "text": text, "date": date, "outlet": outlet, "lang": "en"})
    corpus = tmp_path / "crawl.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["-q", "match", str(corpus), "--out", str(out), "--jobs", "1"]) == 0
    rows = read_csv(out / "edges.csv")
    assert len(rows) == 1
    row = rows[0]
    # the earlier date wins, whatever the content says
    assert (row["source"], row["target"]) == ("republished_london_daily", "base_reuters")
    assert row["source_date"] == "2022-01-09" and row["target_outlet"] == "'=Reuters"
    assert row["target_lang"] == "en"
    groups = [json.loads(x) for x in (out / "manifest.jsonl").read_text().splitlines()]
    text_path = out / groups[0]["base"]
    assert text_path.parent.name == "articles" and "Kazakhstan" in text_path.read_text()


def test_python_api_returns_typed_tables(examples):
    import drift

    r = drift.match(*files(examples, ["base_reuters", "mt_macedonian_blog",
                                      "independent_straits_times"]), cache=False)
    assert isinstance(r, drift.MatchResult)
    assert [(e["source"], e["target"], e["kind"]) for e in r.edges] == \
        [("base_reuters", "mt_macedonian_blog", "round-trip")]
    df = r.edges_frame()
    assert str(df["p_derived"].dtype) == "float64"
    assert str(df["matched_sentences"].dtype) == "int64"
    assert r.manifest() == [{"id": "base_reuters", "root": "base_reuters",
                             "derivatives": ["mt_macedonian_blog"]}]


def test_refuses_a_folder_of_other_files_and_a_duplicate_id(tmp_path, examples, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("x")
    assert main(["match", *files(examples, NAMES[:2]), "--out", str(out)]) == 2
    assert "drift match did not write (thesis.docx)" in capsys.readouterr().err
    twice = tmp_path / "twice.jsonl"
    twice.write_text('{"id": "a", "text": "One sentence here."}\n'
                     '{"id": "a", "text": "Another sentence."}\n')
    assert main(["match", str(twice), "--out", str(tmp_path / "o")]) == 2
    assert "id 'a' is already used by" in capsys.readouterr().err


def test_missing_faiss_names_the_extra(tmp_path, examples, capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "faiss", None)
    assert main(["match", *files(examples, NAMES[:2]), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "pip install 'newsdrift[match]'" in err


def test_dask_run_is_byte_identical_to_the_local_run(tmp_path, examples, example_run):
    pytest.importorskip("distributed")
    out = tmp_path / "dask"
    assert main(["-q", "match", *files(examples), "--out", str(out), "--workers", "2",
                 "--no-cache"]) == 0
    for name in ("edges.csv", "families.json", "articles.csv", "candidates.csv",
                 "manifest.jsonl"):
        assert (out / name).read_bytes() == (example_run / name).read_bytes(), name
    shutil.rmtree(out)
