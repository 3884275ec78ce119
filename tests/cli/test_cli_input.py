"""The command line on odd input: corpora with duplicate ids, encodings, pages of furniture, shared spans."""

from __future__ import annotations

import json

import pytest
from samples import FURNITURE

from drift.cli import main

LEAD = ("The city council voted on Tuesday to fund a new pedestrian bridge across the river, "
        "ending a debate that began in 2014.")


SECOND = "Construction is expected to start next spring, the mayor said after the vote."


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _jsonl(tmp_path, records, name="corpus.jsonl"):
    f = tmp_path / name
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                 encoding="utf-8")
    return f


def test_cli_refuses_a_corpus_with_duplicate_ids_before_any_work(capsys, tmp_path, examples):
    f = _jsonl(tmp_path, [{"id": 7, "text": LEAD}, {"id": 7, "text": SECOND}])
    code, _, err = run(capsys, "score", str(examples / "base_reuters.txt"), str(f))
    assert code == 2 and err.count("\n") == 1
    assert "corpus.jsonl:2: duplicate id '7', already used on line 1" in err


def test_cli_encoding_option_and_report(capsys, tmp_path, examples, encoder):
    base = examples / "base_reuters.txt"
    deriv = tmp_path / "copy.txt"
    deriv.write_bytes(base.read_text(encoding="utf-8").encode("cp1252"))
    code, out, err = run(capsys, "score", str(base), str(deriv), "--format", "json")
    assert code == 0, err
    assert "copy.txt: read as cp1252, not UTF-8" in err
    report = json.loads(out)
    assert report["base"]["encoding"] == "utf-8"
    assert report["derivatives"][0]["encoding"] == "cp1252"
    assert report["derivatives"][0]["summary"]["verdict"] == "copy"
    code, _, err = run(capsys, "score", str(base), str(deriv), "--encoding", "nosuch")
    assert code == 2 and "unknown encoding 'nosuch'" in err and err.count("\n") == 1
    code, _, err = run(capsys, "align", str(base), str(deriv), "--encoding", "utf-8")
    assert code == 2 and "copy.txt: line " in err and "not valid utf-8 text" in err


def test_cli_pairs_reads_windows_1252_and_keeps_u2028_inside_a_pair(capsys, tmp_path, encoder):
    f = tmp_path / "pairs.tsv"
    f.write_bytes("The caf\u00e9 closed.\tThe caf\u00e9 shut.\r\n"
                  "It backed\u2028the plan.\tShe supported the plan.\n".encode("utf-16"))
    code, out, err = run(capsys, "pairs", str(f))
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]  # U+2028 is escaped in the output
    assert [r["line"] for r in rows] == [1, 2]
    assert rows[0]["base"] == "The caf\u00e9 closed." and rows[1]["base"] == "It backed\u2028the plan."
    f.write_bytes("The caf\u00e9 closed.\tThe caf\u00e9 shut.\n".encode("cp1252"))
    code, out, err = run(capsys, "pairs", str(f), "--encoding", "cp1252")
    assert code == 0 and json.loads(out)["derivative"] == "The caf\u00e9 shut."
    assert "read as cp1252, not UTF-8" in err


def test_cli_says_no_article_found(capsys, tmp_path, examples):
    f = tmp_path / "menu.txt"
    f.write_text(FURNITURE, encoding="utf-8")
    code, _, err = run(capsys, "score", str(examples / "base_reuters.txt"), str(f))
    assert code == 2 and "menu.txt: no article found" in err and err.count("\n") == 1


@pytest.mark.parametrize("base, deriv", [
    ("He was seen as a close Nazarbayev ally. The protests began on Sunday in the west.",
     "He was seen as a close Nazarbayev. ally. The protests began on Sunday in the west."),
    ("The family \U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 moved to Almaty "
     "last year. They opened a bakery.",
     "The family \U0001f468\u200d\U0001f469\u200d\U0001f467 moved to Almaty last year. They "
     "opened a bakery."),
])
def test_score_with_out_survives_shared_spans(capsys, tmp_path, encoder, base, deriv):
    b, d = tmp_path / "base.txt", tmp_path / "deriv.txt"
    b.write_text(base + "\n", encoding="utf-8")
    d.write_text(deriv + "\n", encoding="utf-8")
    out_dir = tmp_path / "rep"
    code, _, err = run(capsys, "score", str(b), str(d), "--out", str(out_dir))
    assert code == 0, err
    html = (out_dir / "report.html").read_text(encoding="utf-8")
    assert "Almaty" in html or "Nazarbayev" in html
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    assert report["derivatives"][0]["pairs"]
