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
    # the root holds more than each of the others: the content sets every direction
    assert {e.direction for e in fams[0].edges} == {"content"}


def test_a_member_linked_only_through_a_sibling_hangs_from_the_root():
    # the copy and the member share only what the root has: siblings, not parent and child
    copy = ROOT + ["A line of the copy's own."]
    member = ROOT[:4]
    arts = [art("root", ROOT), art("copy", copy), art("member", member)]
    same = {i: i for i in range(6)}
    verified = {
        (0, 1): ver(0, 1, beads_for(same, 7)),
        (1, 2): ver(1, 2, [((i,), (i,), "verbatim", 1.0) for i in range(4)], p=0.7),
    }
    asked = []

    def verify(pairs):
        asked.extend(pairs)
        # the pipeline itself calls root -> member independent
        return {p: ver(p[0], p[1], beads_for({i: i for i in range(4)}, 4), p=0.3)
                for p in pairs}

    fams = build_families(arts, verified, verify, vectors_of(arts))
    edges = {e.target: e for e in fams[0].edges}
    assert asked == [(0, 2)]
    assert (edges[2].source, edges[2].linked_by) == (0, "family")
    assert "through copy" in edges[2].provenance and "sibling" in edges[2].provenance
    assert (edges[1].source, edges[1].linked_by) == (0, "pipeline")


def test_an_edge_called_derived_only_the_other_way_round_says_so():
    arts = [art("root", ROOT, "2024-01-01"), art("late", ROOT[:5], "2024-01-02")]
    verified = {(1, 0): ver(1, 0, beads_for({i: i for i in range(5)}, 6))}

    def verify(pairs):
        return {p: ver(p[0], p[1], beads_for({i: i for i in range(5)}, 5), p=0.4)
                for p in pairs}

    edge = build_families(arts, verified, verify, vectors_of(arts))[0].edges[0]
    assert (edge.source, edge.target, edge.linked_by, edge.direction) == \
        (0, 1, "pipeline-reverse", "date")


def _translations(langs, dated=False):
    """A text in ``langs[0]`` and versions of it, every pair aligned one to one."""
    arts = [art(f"{lang}{k}", ROOT, f"2024-01-0{k + 1}" if dated else None)
            for k, lang in enumerate(langs)]
    arts = [Article(a.id, a.source, a.document, a.sentences, {**a.meta, "lang": lang})
            for a, lang in zip(arts, langs)]
    one = {i: i for i in range(6)}
    verified = {}
    for s in range(len(arts)):
        for t in range(s + 1, len(arts)):
            v = ver(s, t, beads_for(one, 6))
            if langs[s] != langs[t]:
                v = Verification(s, t, v.p_derived, "rewrite", "translation", "translation",
                                 1.0, 1.0, 6, 0.2, {}, v.beads)
            verified[(s, t)] = v

    def verify(pairs):
        return {p: verified.get(p) or ver(p[0], p[1], beads_for(one, 6)) for p in pairs}
    return arts, verified, verify


def test_two_translations_of_one_text_hang_from_it_by_language():
    # the English versions come first in the corpus and are as long: only the language says
    arts, verified, verify = _translations(["en", "en", "de"])
    others = [art(f"x{k}", [f"Unrelated line {k}."]) for k in range(3)]
    corpus = arts + [Article(a.id, a.source, a.document, a.sentences, {"lang": "en"})
                     for a in others]
    fam = build_families(corpus, verified, verify, vectors_of(corpus))[0]
    assert fam.root == 2 and "the only member in de" in fam.root_reason
    assert {(e.source, e.target, e.direction) for e in fam.edges} == \
        {(2, 0, "language"), (2, 1, "language")}


def test_a_pair_in_two_other_languages_has_no_known_direction():
    arts, verified, verify = _translations(["fr", "de"])
    corpus = arts + [Article(f"x{k}", "", Document("", ("x.",)), ("x.",), {"lang": "en"})
                     for k in range(3)]
    edge = build_families(corpus, verified, verify, vectors_of(corpus))[0].edges[0]
    assert edge.direction == "unknown"
    # the same pair against a corpus in French: the German one is the source
    corpus = arts + [Article(f"x{k}", "", Document("", ("x.",)), ("x.",), {"lang": "fr"})
                     for k in range(3)]
    fam = build_families(corpus, verified, verify, vectors_of(corpus))[0]
    assert (fam.root, fam.edges[0].direction) == (1, "language")
    assert "not the corpus's language (fr)" in fam.root_reason


def test_dates_set_the_direction_whatever_the_languages():
    arts, verified, verify = _translations(["en", "de"], dated=True)
    fam = build_families(arts, verified, verify, vectors_of(arts))[0]
    assert (fam.root, fam.edges[0].direction) == (0, "date")


def test_identical_undated_copies_have_no_known_direction_and_a_cut_one_has_length():
    arts = [art("b", ROOT), art("a", ROOT)]
    same = ver(0, 1, beads_for({i: i for i in range(6)}, 6))
    fam = build_families(arts, {(0, 1): same}, lambda ps: {p: ver(*p, same.beads) for p in ps},
                         vectors_of(arts))[0]
    assert fam.edges[0].direction == "unknown" and "is unknown" in fam.root_reason
    arts = [art("cut", ROOT[:4] + ["An own line of the excerpt."]), art("full", ROOT)]
    four = {i: i for i in range(4)}
    verified = {(0, 1): ver(0, 1, [((i,), (i,), "verbatim", 1.0) for i in range(4)]
                            + [((4,), (), "omission", None)]
                            + [((), (j,), "addition", None) for j in (4, 5)])}

    def verify(pairs):
        return {p: ver(p[0], p[1], beads_for(four, 5)) for p in pairs}

    fam = build_families(arts, verified, verify, vectors_of(arts))[0]
    assert arts[fam.root].id == "full" and fam.edges[0].direction == "length"


def test_a_copy_that_changes_an_already_changed_sentence_again_still_inherits_it():
    # the edited copy changes a sentence, drops one and adds one; the chained copy takes all
    # that and changes the changed sentence once more
    added = "A sentence the edited copy added of its own."
    edited = ROOT[:2] + [ROOT[2].replace("what", "how")] + [ROOT[3], ROOT[5], added]
    chained = edited[:2] + [edited[2].replace("happened", "occurred")] + edited[3:]
    arts = [art("root", ROOT, "2024-01-01"), art("edited", edited, "2024-01-02"),
            art("chained", chained, "2024-01-03")]
    beads = beads_for({0: 0, 1: 1, 2: 2, 3: 3, 5: 4}, 6, {2: "edit"})
    verified = {(0, 1): ver(0, 1, beads), (0, 2): ver(0, 2, beads),
                (1, 2): ver(1, 2, [((i,), (i,), "verbatim", 1.0) for i in range(6)])}
    fam = build_families(arts, verified, no_verify, vectors_of(arts))[0]
    chain = next(e for e in fam.edges if e.target == 2)
    assert chain.source == 1 and "1 changed wording" in chain.provenance
