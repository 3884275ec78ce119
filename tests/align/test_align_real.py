"""The aligner on real text: inserted notes stay additions (issue 11)."""

from __future__ import annotations

from drift.api import compare_documents
from drift.config import AlignConfig, DriftConfig
from drift.text.read import document_from_text, read_document
from drift.text.segment import segment_paragraphs

NOTES = ["The weather in Lisbon was mild for the season.",
         "Subscribers can read the full archive online.",
         "A local bakery won a national prize for its rye bread.",
         "The photographer asked not to be named.",
         "Tickets for the concert sold out within an hour.",
         "Editor's note: this story was updated with a correction.",
         "The museum will be closed for renovation until spring."]


def _with_notes(examples):
    base = read_document(examples / "base_reuters.txt")
    sents = [s.text for s in segment_paragraphs(base.paragraphs)]
    longest = sorted(range(len(sents)), key=lambda i: -len(sents[i]))[:len(NOTES)]
    out, notes = [], iter(NOTES)
    for i, s in enumerate(sents):
        out.append(s)
        if i in longest:
            out.append(next(notes))
    return base, document_from_text("\n\n".join(out), path="<with notes>")


def test_an_unrelated_sentence_after_a_long_one_stays_an_addition(examples, encoder, cache):
    base, deriv = _with_notes(examples)
    result = {}
    for must_help in (False, True):
        cfg = DriftConfig(align=AlignConfig(merge_must_help=must_help))
        d = compare_documents(base, deriv, config=cfg, encoder=encoder, cache=cache)[0]
        note_beads = [p for p in d.pairs if any(d.sentences[j].text in NOTES
                                                for j in p.derivative)]
        result[must_help] = sum(bool(p.base) for p in note_beads)  # hidden inside a merge
        if must_help:
            assert all(p.label == "addition" for p in note_beads)
            assert d.summary.n_additions == len(NOTES) and d.summary.coverage == 1.0
    assert result[False] >= 1  # without the rule some notes vanish into 1-2 "edits"
    assert result[True] == 0
