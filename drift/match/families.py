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
   the other most often wins, then the longer (a derivative cuts more often than it adds),
   then the id. The reason is stated (``root_reason``).
3. **Who copied whom.** Each member is compared with the root (the pipeline's alignment of
   root -> member) for its **idiosyncrasies**: sentences it adds, root sentences it drops from
   inside the text (a cut end is what every excerpt does, so it does not count), and root
   sentences it changes into a new wording. A member that shares idiosyncrasies with
   another member (a sentence added by both, the same changed wording, the same dropped
   paragraph) and has at least half of that member's idiosyncrasies derives from it, not from
   the root: it inherited them. Members are placed in order of date, then of how many
   idiosyncrasies they have (the fewest are closest to the root), then of id, so a parent
   always comes before its child and the tree has no cycle. Siblings that share the root and
   nothing else get no edge between them.
4. **Edges.** One edge per member, from its parent, with the pipeline's verification of that
   ordered pair and the evidence in words (``provenance``).

Everything here works on verifications and vectors: no model. The pipeline is asked for
ordered pairs it has not verified yet through the ``verify`` callable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from drift.match.corpus import Article
from drift.match.verify import Verification

__all__ = ["Family", "Edge", "Idiosyncrasies", "build_families", "idiosyncrasies",
           "shared_idiosyncrasies"]

#: cosine above which two added sentences of two members are the same sentence
ADDED_SIMILARITY = 0.8
#: an added sentence this close to a root sentence is a version of it, not the member's own
ROOT_SIMILARITY = 0.6

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
    """

    source: int
    target: int
    verification: Verification
    provenance: str
    inherited: int = 0


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
                          m_vectors: np.ndarray) -> tuple[int, int, int]:
    """``(added, omitted, edits)`` that members ``p`` and ``m`` share: added sentences whose
    cosine is at least :data:`ADDED_SIMILARITY` (each of ``p``'s counted once), dropped root
    sentences in common, and root sentences changed into the same wording."""
    added = 0
    if p.added and m.added:
        sims = np.round(np.asarray(p_vectors[list(p.added)], dtype=np.float64)
                        @ np.asarray(m_vectors[list(m.added)], dtype=np.float64).T, 4)
        added = int(np.sum(sims.max(axis=1) >= ADDED_SIMILARITY))
    omitted = len(set(p.omitted) & set(m.omitted))
    edits = len(set(p.edits) & set(m.edits))
    return added, omitted, edits


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


def _choose_root(members: list[int], articles: Sequence[Article],
                 links: Mapping[tuple[int, int], Verification]) -> tuple[int, str]:
    dated = [m for m in members if articles[m].date]
    pool = members
    reason = ""
    if dated:
        first = min(str(articles[m].date) for m in dated)
        pool = [m for m in dated if articles[m].date == first]
        reason = f"earliest date {first}"
    # for each member, in how many others each of its sentences is found (aligned)
    found: dict[int, list[int]] = {m: [0] * len(articles[m].sentences) for m in pool}
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
    root = min(pool, key=lambda m: (-score[m][0], -len(articles[m].sentences),
                                    articles[m].id))
    if len(pool) > 1 or not dated:
        more = (f"holds the most of what most members share ({score[root][1]} of its "
                f"{len(articles[root].sentences)} sentences are in more than half of the "
                "family)")
        reason = f"{reason}; {more}" if reason else more
    return root, reason


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
    families = []
    for members in _components(len(articles), sorted(links)):
        fam_links = {k: v for k, v in links.items() if k[0] in members}
        root, reason = _choose_root(members, articles, fam_links)
        need([(root, m) for m in members if m in linked[root]])
        idio: dict[int, Idiosyncrasies] = {}
        for m in members:
            v = known.get((root, m))
            if m != root and v is not None:
                idio[m] = idiosyncrasies(v, articles[root].sentences, articles[m].sentences,
                                         vectors(root), vectors(m))
        order = sorted((m for m in members if m != root),
                       key=lambda m: (_date_key(articles[m]),
                                      len(idio[m]) if m in idio else 1 << 30, articles[m].id))
        placed = [root]
        parents: dict[int, tuple[int, str, int]] = {}
        todo = list(order)
        while todo:
            progress = False
            for m in list(todo):
                choice = _parent(m, root, placed, idio, linked, articles, vectors)
                if choice is None:
                    continue
                parents[m] = choice
                placed.append(m)
                todo.remove(m)
                progress = True
            if not progress:  # cannot happen in a connected family; place the rest on the root
                for m in todo:
                    parents[m] = (root, "linked to the family only through others", 0)
                    placed.append(m)
                break
        need([(p, m) for m, (p, _, _) in parents.items()])
        edges = tuple(Edge(p, m, known[(p, m)], why, n) for m in placed[1:]
                      for p, why, n in [parents[m]])
        families.append(Family(root, tuple(placed), edges, reason))
    return families


def _parent(m: int, root: int, placed: Sequence[int], idio: Mapping[int, Idiosyncrasies],
            linked: Mapping[int, set[int]], articles: Sequence[Article],
            vectors: Callable[[int], np.ndarray]) -> tuple[int, str, int] | None:
    """``(parent, provenance, inherited)`` for member ``m`` among the placed members, or None
    when none of them is linked to it yet."""
    best: tuple[float, int, str, int] | None = None
    mine = idio.get(m)
    m_date = articles[m].date
    if mine is not None and len(mine):
        for p in placed:
            if p == root or p not in idio or not len(idio[p]):
                continue
            p_date = articles[p].date
            if m_date and p_date and p_date > m_date:
                continue
            add, omit, edit = shared_idiosyncrasies(idio[p], mine, vectors(p), vectors(m))
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
            score = (shared, -placed.index(p))
            if best is None or score > (best[0], -placed.index(best[1])):
                best = (shared, p, why, shared)
    if best is not None:
        return best[1], best[2], best[3]
    if m in linked.get(root, set()):
        return root, "derived from the family's root", 0
    for p in placed:  # linked only to a member: the first placed one it is linked to
        if p in linked.get(m, set()):
            return p, f"linked to the family through {articles[p].id}", 0
    return None
