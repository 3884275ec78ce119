"""Reading a corpus: folders, JSONL records with metadata, what is left out and what is refused."""

from __future__ import annotations

import json

import pytest

from drift.errors import InputError
from drift.match.corpus import read_corpus


def test_folders_are_walked_in_sorted_order_with_relative_ids(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("The second article has one sentence here.")
    (tmp_path / "a.md").write_text("The first article has one sentence here.")
    (tmp_path / ".hidden.txt").write_text("Never read.")
    (tmp_path / "notes.csv").write_text("x,y")
    arts = read_corpus([tmp_path])
    assert [a.id for a in arts] == ["a", "b/two"]
    assert arts[0].sentences == ("The first article has one sentence here.",)


def test_jsonl_metadata_and_left_out_records(tmp_path):
    recs = [{"id": "x1", "text": "A council approved the budget on Monday.", "date": "2024-01-02",
             "site": "Daily", "lang": "en", "url": "https://example.org/1"},
            {"id": 7, "text": "   "},
            {"id": "x3", "body": "Another story was published later that week.",
             "title": "Story"}]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs))
    skipped = []
    arts = read_corpus([path], skipped=skipped)
    assert [a.id for a in arts] == ["x1", "x3"]
    assert arts[0].meta == {"date": "2024-01-02", "outlet": "Daily", "lang": "en",
                            "url": "https://example.org/1"}
    assert arts[1].meta == {"title": "Story"}
    assert len(skipped) == 1 and "c.jsonl:2" in skipped[0] and "empty" in skipped[0]


@pytest.mark.parametrize("rec, message", [
    ({"id": "a", "text": "Some text here.", "date": "yesterday"}, "is not ISO 8601"),
    ({"text": "Some text here."}, "needs an 'id'"),
    ({"id": "a", "text": "Some text here.", "outlet": ["x"]}, "must be a string"),
])
def test_bad_records_are_refused_with_their_line(tmp_path, rec, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(rec) + "\n")
    with pytest.raises(InputError, match=message):
        read_corpus([path])


def test_same_id_in_a_file_and_a_record_is_refused(tmp_path):
    (tmp_path / "s.txt").write_text("A story with a sentence in it.")
    path = tmp_path / "more.jsonl"
    path.write_text(json.dumps({"id": "s", "text": "Another story entirely here."}) + "\n")
    with pytest.raises(InputError, match="id 's' is already used by"):
        read_corpus([tmp_path / "s.txt", path])
    with pytest.raises(InputError, match="no such file"):
        read_corpus([tmp_path / "missing"])
