"""Families and provenance: which article derives from which.

1. **Links.** Every verified candidate pair with ``p_derived >= 0.5`` links two articles;
   the connected groups of links are the families (an article without a link is alone).
2. **Root.** The earliest article by ``date`` when dates are given (undated articles come
   after dated ones); otherwise, or between articles of the same date, the article that holds
   most of what the family shares: a sentence of a member counts for it when it is found
   (aligned by the pipeline) in more than half of the family, against it when it is not
   (its own addition). Content most members have is the original; what one member adds or
   drops is that member's doing. So neither an excerpt (all its sentences are found in the
   others, but it lacks most of theirs) nor a republication that adds paragraphs of its own
   is taken for the root. A pair has no majority: there the one whose sentences are found in
   the other most often wins. When several members hold the same (two versions of one text:
   a translation and its source, an exact copy and its source):

   * **language**: a member whose ``lang`` no other member has, when the others share one
     language (two or more translations of one text), or in a pair the one member not in the
     corpus's majority language, is the source (a corpus is collected in its language; an
     article in another language that its articles render is where they came from);
   * **length**: between versions in one language, the longer (a derivative cuts more often
     than it adds);
   * otherwise the id decides and the direction is **unknown**.

   The reason is stated (``root_reason``).
3. **Who copied whom.** Each member is compared with the root (the pipeline's alignment of
   root -> member) for its **idiosyncrasies**: sentences it adds, root sentences it drops from
   inside the text (a cut end is what every excerpt does, so it does not count), and root
   sentences it changes into a new wording. A member that shares idiosyncrasies with
   another member (a sentence added by both, the same changed wording, the same dropped
   paragraph) and has at least half of that member's idiosyncrasies derives from it, not from
   the root: it inherited them. Members are placed in order of date, then of how many
   idiosyncrasies they have (the fewest are closest to the root), then of id, so a parent
   always comes before its child and the tree has no cycle. **Siblings** (two derivatives of
   the root) are linked to each other only on that evidence: a member without it hangs from
   the root, even when it is linked to the family only through a sibling (what it shares with
   the sibling is what the sibling took from the root).
4. **Edges.** One edge per member, from its parent, with the pipeline's verification of that
   ordered pair, the evidence in words (``provenance``), what made the link
   (``linked_by``: ``pipeline`` for the pair as written, ``pipeline-reverse`` when only the
   other orientation was called derived, ``family`` for a member in the family only through a
   sibling) and what set its direction (``direction``: ``date``, ``content``, ``language``,
   ``length`` or ``unknown``; :data:`DIRECTIONS`).

Everything here works on verifications and vectors: no model. The pipeline is asked for
ordered pairs it has not verified yet through the ``verify`` callable.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from drift.match.corpus import Article
from drift.match.verify import Verification

__all__ = ["Family", "Edge", "Idiosyncrasies", "build_families", "idiosyncrasies",
           "shared_idiosyncrasies", "majority_language", "DIRECTIONS", "LINKED_BY"]

#: cosine above which two added sentences of two members are the same sentence
ADDED_SIMILARITY = 0.8
#: an added sentence this close to a root sentence is a version of it, not the member's own
ROOT_SIMILARITY = 0.6

_WORD = re.compile(r"\w+")

#: what set an edge's direction, strongest first: both dates; the content (the source holds
#: more of what the family shares, or the target inherits the source's idiosyncrasies and adds
#: its own); the language (the source in the language no other member has, or outside the
#: corpus's majority language); the length (the longer of two versions holding the same); or
#: nothing (``unknown``: two versions of the same content, neither dated)
DIRECTIONS = ("date", "content", "language", "length", "unknown")
#: what linked an edge's two articles: the pipeline's verdict on the pair as written, on the
#: other orientation only, or the family (a member linked only through a sibling)
LINKED_BY = ("pipeline", "pipeline-reverse", "family")

Verify = Callable[[Sequence[tuple[int, int]]], Mapping[tuple[int, int], Verification]]


@dataclass(frozen=True)
class Idiosyncrasies:
    """What a member does that its root does not.

    Attributes:
        added: the member's sentences without a counterpart in the root.
        omitted: root sentences it drops from inside the text.
        edits: ``(root sentence, the member's wording)`` for root sentences it rewords but
            keeps close (label ``edit``: most words kept).
    """

    added: tuple[int, ...]
    omitted: tuple[int, ...]
    edits: tuple[tuple[int, str], ...]

    def __len__(self) -> int:
        return len(self.added) + len(self.omitted) + len(self.edits)


@dataclass(frozen=True)
class Edge:
    """``source`` -> ``target``: the target was made from the source.

    Attributes:
        source, target: article numbers.
        verification: the pipeline's answer for this ordered pair.
        provenance: why this source, in words (the root, or the idiosyncrasies inherited).
        inherited: how many idiosyncrasies the target shares with a source that is not the
            root (0 for an edge from the root).
        direction: what set the direction (:data:`DIRECTIONS`); ``unknown``: the two could
            be the other way round.
        linked_by: what linked the two (:data:`LINKED_BY`).
    """

    source: int
    target: int
    verification: Verification
    provenance: str
    inherited: int = 0
    direction: str = "unknown"
    linked_by: str = "pipeline"


@dataclass(frozen=True)
class Family:
    """Articles that derive from one root.

    Attributes:
        root: the root's article number.
        members: every article of the family, root first, then in placing order.
        edges: one per member other than the root.
        root_reason: why this root.
    """

    root: int
    members: tuple[int, ...]
    edges: tuple[Edge, ...]
    root_reason: str


def idiosyncrasies(v: Verification, root_sentences: Sequence[str],
                   member_sentences: Sequence[str], root_vectors: np.ndarray | None = None,
                   member_vectors: np.ndarray | None = None) -> Idiosyncrasies:
    """A member's idiosyncrasies from the alignment root -> member (see the module
    docstring).

    With the sentence vectors of both, an added sentence that is close to a root sentence
    (cosine at least :data:`ROOT_SIMILARITY`: a translation or paraphrase the aligner left
    unaligned) is not counted as the member's own."""
    aligned_base = sorted(i for b, d, _, _ in v.beads if b and d for i in b)
    lo, hi = (aligned_base[0], aligned_base[-1]) if aligned_base else (0, -1)
    added = tuple(sorted(j for b, d, _, _ in v.beads if not b for j in d))
    if added and root_vectors is not None and member_vectors is not None and len(root_vectors):
        sims = np.round(np.asarray(member_vectors[list(added)], dtype=np.float64)
                        @ np.asarray(root_vectors, dtype=np.float64).T, 4)
        added = tuple(j for j, best in zip(added, sims.max(axis=1)) if best < ROOT_SIMILARITY)
    omitted = tuple(sorted(i for b, d, _, _ in v.beads if not d for i in b if lo < i < hi))
    edits = tuple(sorted(
        (b[0], member_sentences[d[0]].lower()) for b, d, label, _ in v.beads
        if len(b) == 1 and len(d) == 1 and label == "edit"
        and member_sentences[d[0]].lower() != root_sentences[b[0]].lower()))
    return Idiosyncrasies(added, omitted, edits)


def shared_idiosyncrasies(p: Idiosyncrasies, m: Idiosyncrasies, p_vectors: np.ndarray,
                          m_vectors: np.ndarray,
                          root_sentences: Sequence[str] | None = None) -> tuple[int, int, int]:
    """``(added, omitted, edits)`` that members ``p`` and ``m`` share: added sentences whose
    cosine is at least :data:`ADDED_SIMILARITY` (each of ``p``'s counted once), dropped root
    sentences in common, and root sentences both changed the same way: into the same wording,
    or (given the root's sentences) into a wording of ``m`` closer to ``p``'s than to the
    root's (``m`` kept ``p``'s change and changed the sentence again)."""
    added = 0
    if p.added and m.added:
        sims = np.round(np.asarray(p_vectors[list(p.added)], dtype=np.float64)
                        @ np.asarray(m_vectors[list(m.added)], dtype=np.float64).T, 4)
        added = int(np.sum(sims.max(axis=1) >= ADDED_SIMILARITY))
    omitted = len(set(p.omitted) & set(m.omitted))
    edits = len(set(p.edits) & set(m.edits))
    if root_sentences is not None:
        theirs = dict(p.edits)
        for i, wording in m.edits:
            if i in theirs and theirs[i] != wording and i < len(root_sentences) and \
                    _word_distance(wording, theirs[i]) < \
                    _word_distance(wording, root_sentences[i].lower()):
                edits += 1
    return added, omitted, edits


def _word_distance(a: str, b: str) -> int:
    """Words in one text and not in the other (counted with repeats).

    >>> _word_distance("he said it will go", "he stated it would go")
    4
    """
    wa, wb = Counter(_WORD.findall(a.lower())), Counter(_WORD.findall(b.lower()))
    return sum(((wa - wb) + (wb - wa)).values())


def _components(n: int, links: Sequence[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for x in range(n):
        groups.setdefault(find(x), []).append(x)
    return [g for _, g in sorted(groups.items()) if len(g) > 1]


def _date_key(article: Article) -> tuple[int, str]:
    return (0, article.date) if article.date else (1, "")


def _lang(article: Article) -> str | None:
    """The article's ``lang``, its primary subtag lower-cased (``en-GB`` -> ``en``)."""
    lang = article.meta.get("lang")
    if not lang:
        return None
    return str(lang).strip().lower().replace("_", "-").split("-")[0] or None


def _across_languages(v: Verification, a: Article, b: Article) -> bool:
    """Whether two linked articles are in two languages: their ``lang`` differ, or (without
    both) the pipeline calls the pair a translation."""
    la, lb = _lang(a), _lang(b)
    if la and lb:
        return la != lb
    return v.kind == "translation"


def _resegmented(v: Verification) -> int:
    """Sentences an alignment joined or split: ``|a - b|`` summed over its ``a``-``b`` beads."""
    return sum(abs(len(b) - len(d)) for b, d, _, _ in v.beads if b and d)


def majority_language(articles: Sequence[Article]) -> str | None:
    """The ``lang`` (primary subtag) that more than half of the corpus's articles carry, or
    None.

    >>> from drift.text.read import Document
    >>> arts = [Article(str(k), "", Document("", ()), (), {"lang": lang})
    ...         for k, lang in enumerate(["en", "EN-gb", "de"])]
    >>> majority_language(arts)
    'en'
    """
    counts: dict[str, int] = {}
    for a in articles:
        lang = _lang(a)
        if lang:
            counts[lang] = counts.get(lang, 0) + 1
    if not counts:
        return None
    lang, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return lang if n > len(articles) / 2 else None


@dataclass(frozen=True)
class _Root:
    """The chosen root, why, and which members hold as much of the family as it does."""

    root: int
    reason: str
    score: Mapping[int, tuple[int, int]]
    tied: frozenset[int]  # the members that hold as much as the root (the root among them)
    how: str  # how the root was told from the members that tie with it (DIRECTIONS)


def _language_source(tied: Sequence[int], members: Sequence[int],
                     articles: Sequence[Article], majority: str | None
                     ) -> tuple[int, str] | None:
    """The source among versions of one text by language (see the module docstring), or
    None when the languages do not say."""
    lang = {m: _lang(articles[m]) for m in members}
    if any(lang[m] is None for m in tied):
        return None
    unique = [x for x in tied if sum(lang[m] == lang[x] for m in members) == 1]
    if len(members) > 2 and len(unique) == 1:
        x = unique[0]
        rest = {lang[m] for m in members if m != x}
        if len(rest) == 1 and None not in rest:
            return x, (f"the only member in {lang[x]}: the other {len(members) - 1}, all in "
                       f"{rest.pop()}, translate it")
    if majority is not None:
        outside = [x for x in tied if lang[x] != majority]
        if len(outside) == 1 and len(tied) > 1:
            return outside[0], (f"in {lang[outside[0]]}, not the corpus's language "
                                f"({majority}): the others translate it")
    return None


def _choose_root(members: list[int], articles: Sequence[Article],
                 links: Mapping[tuple[int, int], Verification],
                 majority: str | None = None) -> _Root:
    dated = [m for m in members if articles[m].date]
    pool = members
    reason = ""
    if dated:
        first = min(str(articles[m].date) for m in dated)
        pool = [m for m in dated if articles[m].date == first]
        reason = f"earliest date {first}"
    # for each member, in how many others each of its sentences is found (aligned)
    # for each member, in how many others each of its sentences is found (aligned)
    found: dict[int, list[int]] = {m: [0] * len(articles[m].sentences) for m in members}
    for (s, t), v in links.items():
        for member, side in ((s, 0), (t, 1)):
            if member not in found:
                continue
            seen = {i for b, d, _, _ in v.beads if b and d for i in (b, d)[side]}
            for i in seen:
                if i < len(found[member]):
                    found[member][i] += 1
    half = len(members) / 2
    score = {}
    for m, counts in found.items():
        shared = sum(1 + c > half for c in counts)
        own = len(counts) - shared if len(members) > 2 else 0  # a pair has no majority
        score[m] = (shared - own, shared)
    best = max(score[m] for m in pool)
    tied = [m for m in pool if score[m] == best]
    # two languages cut one text into different numbers of sentences: a version in another
    # language ties when it falls short by no more than the sentences their alignment joined
    # or split
    for m in pool:
        for t in list(tied):
            link = links[(m, t)] if (m, t) in links else links.get((t, m))
            if m not in tied and link is not None and \
                    _across_languages(link, articles[m], articles[t]) and \
                    best[0] - score[m][0] <= _resegmented(link):
                tied.append(m)
    if len(pool) == 1 and dated:
        return _Root(pool[0], reason, score, frozenset(tied), "date")
    more = (f"holds the most of what most members share ({best[1]} of its "
            "{n} sentences are in more than half of the family)")
    how = "content"
    root = tied[0]
    if len(tied) > 1:
        by_language = _language_source(tied, members, articles, majority)
        longest = max(len(articles[m].sentences) for m in tied)
        longer = [m for m in tied if len(articles[m].sentences) == longest]
        cross = any(_across_languages(v, articles[p[0]], articles[p[1]])
                    for p, v in links.items() if p[0] in tied and p[1] in tied)
        one_language = len({_lang(articles[m]) for m in tied}) == 1 and not cross
        if by_language is not None:
            root, why = by_language
            how = "language"
            more += f"; as much as {len(tied) - 1} other(s), and {why}"
        elif one_language and len(longer) == 1:
            root, how = longer[0], "length"
            more += f"; as much as {len(tied) - 1} other(s), and the longest"
        else:
            root = min(tied, key=lambda m: (-len(articles[m].sentences), articles[m].id))
            how = "unknown"
            more += (f"; as much as {len(tied) - 1} other(s): versions of one text, which of "
                     "them came first is unknown")
    more = more.replace("{n}", str(len(articles[root].sentences)))
    reason = f"{reason}; {more}" if reason else more
    return _Root(root, reason, score, frozenset(tied), how)


def _direction(p: int, m: int, chosen: _Root, idio: Mapping[int, Idiosyncrasies],
               articles: Sequence[Article]) -> str:
    """What set the direction of the edge ``p -> m`` (:data:`DIRECTIONS`)."""
    dp, dm = articles[p].date, articles[m].date
    if dp and dm and dp != dm:
        return "date" if dp < dm else "unknown"
    if p == chosen.root:
        if m not in chosen.tied and chosen.score[m] < chosen.score[p]:
            return "content"
        if dp and dm or not dp and not dm:
            return chosen.how if chosen.how != "date" else "unknown"
        return "unknown"
    mine, theirs = idio.get(m), idio.get(p)
    if mine is not None and theirs is not None and len(mine) > len(theirs):
        return "content"  # it kept its parent's idiosyncrasies and added its own
    return "unknown"


def build_families(articles: Sequence[Article], verified: Mapping[tuple[int, int], Verification],
                   verify: Verify, vectors: Callable[[int], np.ndarray]) -> list[Family]:
    """Families, roots and parent edges from verified pairs (see the module docstring).

    Args:
        articles: the corpus.
        verified: verifications of candidate pairs (either orientation).
        verify: ``verify([(source, target), ...])`` -> verifications of ordered pairs not yet
            verified (the pipeline, :func:`drift.match.verify.compare_pairs`).
        vectors: ``vectors(article)`` -> ``(sentences, d)`` its sentence vectors.

    Returns:
        The families, ordered by their root's article number.
    """
    known: dict[tuple[int, int], Verification] = dict(verified)

    def need(pairs: Sequence[tuple[int, int]]) -> None:
        missing = sorted({p for p in pairs if p not in known})
        if missing:
            known.update(verify(missing))

    links = {k: v for k, v in verified.items() if v.derived}
    linked: dict[int, set[int]] = {}
    for s, t in links:
        linked.setdefault(s, set()).add(t)
        linked.setdefault(t, set()).add(s)
    majority = majority_language(articles)
    families = []
    for members in _components(len(articles), sorted(links)):
        fam_links = {k: v for k, v in links.items() if k[0] in members}
        chosen = _choose_root(members, articles, fam_links, majority)
        root = chosen.root
        need([(root, m) for m in members if m != root])
        idio: dict[int, Idiosyncrasies] = {
            m: idiosyncrasies(known[(root, m)], articles[root].sentences,
                              articles[m].sentences, vectors(root), vectors(m))
            for m in members if m != root}
        order = sorted((m for m in members if m != root),
                       key=lambda m: (_date_key(articles[m]), len(idio[m]), articles[m].id))
        placed = [root]
        parents: dict[int, tuple[int, str, int]] = {}
        for m in order:
            parents[m] = _parent(m, root, placed, idio, linked, known, articles, vectors)
            placed.append(m)
        need([(p, m) for m, (p, _, _) in parents.items()])
        edges = []
        for m in placed[1:]:
            p, why, n = parents[m]
            v = known[(p, m)]
            back = known.get((m, p))
            by = "pipeline" if v.derived else \
                "pipeline-reverse" if back is not None and back.derived else "family"
            edges.append(Edge(p, m, v, why, n, _direction(p, m, chosen, idio, articles), by))
        families.append(Family(root, tuple(placed), tuple(edges), chosen.reason))
    return families


def _parent(m: int, root: int, placed: Sequence[int], idio: Mapping[int, Idiosyncrasies],
            linked: Mapping[int, set[int]], known: Mapping[tuple[int, int], Verification],
            articles: Sequence[Article], vectors: Callable[[int], np.ndarray]
            ) -> tuple[int, str, int]:
    """``(parent, provenance, inherited)`` for member ``m`` among the placed members: the one
    whose idiosyncrasies it inherited, else the root."""
    best: tuple[int, int, str] | None = None
    mine = idio[m]
    m_date = articles[m].date
    if len(mine):
        for p in placed:
            if p == root or not len(idio[p]):
                continue
            p_date = articles[p].date
            if m_date and p_date and p_date > m_date:
                continue
            add, omit, edit = shared_idiosyncrasies(idio[p], mine, vectors(p), vectors(m),
                                                    articles[root].sentences)
            shared = add + edit + (omit if omit >= 2 else 0)
            if shared == 0 or add + edit == 0 and omit < 2:
                continue
            if shared < 0.5 * len(idio[p]):
                continue  # m lacks most of p's own quirks: siblings, not a copy of p
            parts = [f"{n} {what}" for n, what in ((add, "added sentence(s)"),
                                                   (edit, "changed wording(s)"),
                                                   (omit, "dropped root sentence(s)")) if n]
            why = (f"inherits from {articles[p].id} what the root lacks: "
                   f"{', '.join(parts)}")
            if best is None or shared > best[0]:
                best = (shared, p, why)
    if best is not None:
        return best[1], best[2], best[0]
    if m in linked.get(root, set()) or known[(root, m)].derived:
        return root, "derived from the family's root", 0
    through = sorted(linked.get(m, set()), key=lambda p: articles[p].id)
    names = ", ".join(articles[p].id for p in through[:3]) + (" ..." if len(through) > 3 else "")
    return root, (f"in the family through {names}, sharing with it only what the root has "
                  "(a sibling): hangs from the root"), 0
