"""Families and provenance on hand-made verifications (no model)."""

from __future__ import annotations

import numpy as np
import pytest

from drift.match.corpus import Article
from drift.match.families import build_families, idiosyncrasies
from drift.match.verify import Verification
from drift.text.read import Document

ROOT = [f"Root sentence number {k} tells what happened." for k in range(6)]


def art(ident, sentences, date=None):
    meta = {"date": date} if date else {}
    return Article(ident, ident, Document(ident, tuple(sentences)), tuple(sentences), meta)


def ver(s, t, beads, verdict="copy", coverage=1.0, support=1.0, p=0.99):
    return Verification(s, t, p, verdict, "copy", "copy", coverage, support, len(beads), 0.0,
                        {}, tuple(beads))


def beads_for(root_idx_to_member, n_member, labels=None):
    """1-1 beads root i -> member j, omissions for root sentences not mapped, additions for
    member sentences not mapped."""
    labels = labels or {}
    out = [((i,), (j,), labels.get(i, "verbatim"), 1.0) for i, j in root_idx_to_member.items()]
    out += [((i,), (), "omission", None) for i in range(len(ROOT)) if i not in root_idx_to_member]
    used = set(root_idx_to_member.values())
    out += [((), (j,), "addition", None) for j in range(n_member) if j not in used]
    return out


def vectors_of(articles):
    # one-hot per distinct sentence text: identical sentences have cosine 1
    texts = sorted({s for a in articles for s in a.sentences})
    pos = {t: k for k, t in enumerate(texts)}

    def vec(k):
        v = np.zeros((len(articles[k].sentences), len(texts)))
        for i, s in enumerate(articles[k].sentences):
            v[i, pos[s]] = 1.0
        return v
    return vec


def no_verify(pairs):
    raise AssertionError(f"unexpected verification of {pairs}")


def test_idiosyncrasies_from_an_alignment():
    member = ROOT[:2] + ["an added line of its own here"] + [ROOT[2].replace("what", "how")] + \
        ROOT[4:]
    v = ver(0, 1, beads_for({0: 0, 1: 1, 2: 3, 4: 4, 5: 5}, len(member), {2: "edit"}))
    idio = idiosyncrasies(v, ROOT, member)
    assert idio.added == (2,) and idio.omitted == (3,)
    assert idio.edits == ((2, member[3].lower()),)


def test_chain_is_found_from_inherited_idiosyncrasies_and_siblings_stay_apart():
    added = "A sentence the first copy added of its own."
    edited = ROOT[:3] + [added] + ROOT[3:]
    chained = list(edited) + ["And one more line the second copy added to it."]
    sibling = ROOT + ["A different line the sibling wrote itself."]
    arts = [art("root", ROOT), art("edited", edited), art("chained", chained),
            art("sibling", sibling)]
    m1 = {i: i if i < 3 else i + 1 for i in range(6)}
    verified = {
        (0, 1): ver(0, 1, beads_for(m1, len(edited)), support=6 / 7),
        (0, 2): ver(0, 2, beads_for(m1, len(chained)), support=6 / 8),
        (0, 3): ver(0, 3, beads_for({i: i for i in range(6)}, len(sibling)), support=6 / 7),
        (1, 2): ver(1, 2, [((i,), (i,), "verbatim", 1.0) for i in range(7)] + [((), (7,),
                                                                                  "addition",
                                                                                  None)]),
        (1, 3): ver(1, 3, [], verdict="edited-copy", p=0.9),
    }
    fams = build_families(arts, verified, no_verify, vectors_of(arts))
    assert len(fams) == 1
    f = fams[0]
    assert f.root == 0
    edges = {(e.source, e.target) for e in f.edges}
    assert edges == {(0, 1), (1, 2), (0, 3)}
    chain = next(e for e in f.edges if e.target == 2)
    assert "inherits from edited" in chain.provenance and "1 added" in chain.provenance


def test_root_is_the_earliest_by_date_and_missing_orientations_are_verified():
    arts = [art("late", ROOT, "2024-05-02"), art("early", ROOT, "2024-05-01")]
    asked = []

    def verify(pairs):
        asked.extend(pairs)
        return {p: ver(p[0], p[1], beads_for({i: i for i in range(6)}, 6)) for p in pairs}

    fams = build_families(arts, {(0, 1): ver(0, 1, [])}, verify, vectors_of(arts))
    assert fams[0].root == 1 and "earliest date 2024-05-01" in fams[0].root_reason
    assert asked == [(1, 0)]
    assert [(e.source, e.target) for e in fams[0].edges] == [(1, 0)]


@pytest.mark.parametrize("p", [0.2, 0.49])
def test_pairs_below_the_verdict_threshold_make_no_family(p):
    arts = [art("a", ROOT), art("b", ROOT)]
    assert build_families(arts, {(0, 1): ver(0, 1, [], p=p)}, no_verify, vectors_of(arts)) == []


def test_root_without_dates_is_the_one_the_copies_cover():
    # an excerpt is covered whole by the base, but the base is covered by the copies
    excerpt = ROOT[:3]
    arts = [art("excerpt", excerpt), art("base", ROOT), art("copy", ROOT + ["Extra line."])]
    same3 = [((i,), (i,), "verbatim", 1.0) for i in range(3)]
    verified = {
        (0, 1): ver(0, 1, same3 + [((), (i,), "addition", None) for i in range(3, 6)]),
        (1, 2): ver(1, 2, beads_for({i: i for i in range(6)}, 7)),
        (0, 2): ver(0, 2, same3 + [((), (i,), "addition", None) for i in range(3, 7)]),
    }

    def verify(pairs):
        return {p: ver(p[0], p[1], beads_for({i: i for i in range(3)}, 3)) for p in pairs}

    fams = build_families(arts, verified, verify, vectors_of(arts))
    assert arts[fams[0].root].id == "base"
    assert "6 of its 6 sentences" in fams[0].root_reason
