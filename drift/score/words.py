"""Words of a sentence: splitting, tagging (spaCy or rules) and word classes.

:func:`analyze_words` splits a sentence into :class:`Word` objects (spaCy's small English model
for tags, lemmas and entities when the ``spacy`` extra is installed, otherwise a rule-based
fallback; both give the same word boundaries). No model of drift's own is touched here.
Loading the spaCy model is :mod:`drift.score.spacymodel`; spelling variants are
:mod:`drift.score.spelling`; the word lists the flag rules read (reporting verbs, date words,
countries and their people) are :mod:`drift.score.wordlists`.

**Words.** A word keeps its combining marks and zero-width joiners (``cafe\u0301``,
``Kazakh\u200dstan``, Devanagari vowel signs stay inside the word); words are compared in
their folded form (:func:`drift.text.normalize.fold`: NFKC, zero-width characters dropped), and
two words that differ only by canonical equivalence or an invisible character are equal.
Character spans always point into the text as written.

**The word memo.** Tagging is the costly part of explaining a pair, and the words of a text do
not change within a process, so :func:`analyze_words` keeps the last :data:`WORD_CACHE_SIZE`
tagged sentences in one explicit, bounded process cache (:func:`clear_word_cache` empties it),
as :func:`drift.embed.models.load_encoder` keeps loaded models.
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import regex

from drift.embed.cache import EmbeddingCache
from drift.score.spacymodel import spacy_tagger, tagger_name
from drift.text.normalize import INVISIBLE, fold, strip_invisible

__all__ = ["Word", "analyze_words", "tagger_name", "clear_word_cache", "candidate_words",
           "canonical_text", "canonical", "neighbour", "join_words", "tagger_key",
           "WORDS_VERSION", "spacy_tagger", "SPACY_MAX_CHARS", "WORD_CACHE_SIZE", "POS_GROUP",
           "PRONOUN_PERSON"]

#: a sentence longer than this (characters) is tagged by the rules, not spaCy (spaCy takes
#: about 1 s per 10,000 characters here); its explanation is noted ``explain:too-long``
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
_DATE_WORDS = frozenset("""yesterday today tomorrow tonight monday tuesday wednesday thursday
friday saturday sunday mon tue tues wed thu thur thurs fri sat sun january february march april
may june july august september october november december jan feb mar apr jun jul aug sep sept
oct nov dec week weeks weekend month months year years ago earlier later morning afternoon
evening night overnight decade century recently""".split())
#: the person (and number) a personal or possessive pronoun refers to: he, him, his and
#: himself are one referent, written in another case
PRONOUN_PERSON = {w: k for k, ws in enumerate((
    "i me my mine myself", "we us our ours ourselves", "you your yours yourself yourselves",
    "he him his himself", "she her hers herself", "it its itself",
    "they them their theirs themselves")) for w in ws.split()}
_FUTURE = frozenset("will shall 'll".split())
_PAST_AUX = frozenset("was were had did".split())
_PRESENT_AUX = frozenset("is are am has have does do 's 're 'm".split())
_NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve
twenty thirty forty fifty hundred hundreds thousand thousands million millions billion billions
dozen dozens half""".split())
_ENT_TYPES = frozenset("PERSON GPE ORG NORP LOC FAC EVENT PRODUCT WORK_OF_ART LAW".split())
_CONTENT_POS = frozenset("NOUN PROPN VERB ADJ ADV NUM".split())
POS_GROUP = {"NOUN": "N", "PROPN": "N", "NUM": "N", "VERB": "V", "ADJ": "A", "ADV": "A"}


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
        # "May" the month is content, though "may" is a stop word
        return self.pos in _CONTENT_POS and (self.lower not in _STOP or self.pos == "PROPN"
                                             and self.ent == "DATE")

    @property
    def is_number(self) -> bool:
        return (self.pos == "NUM" or self.lower[:1].isdigit() or self.lower in _NUMBER_WORDS) \
            and not self.is_date

    @property
    def is_numeral(self) -> bool:
        """A number by its form (a figure, a number word), whatever expression it is in
        (``is_number`` leaves out the numbers that spaCy puts in a date)."""
        return not self.is_punct and (self.pos == "NUM" or self.lower[:1].isdigit()
                                      or self.lower in _NUMBER_WORDS)

    @property
    def is_date(self) -> bool:
        if self.ent in ("DATE", "TIME") or self.lower in _DATE_WORDS:
            return True
        return bool(re.fullmatch(r"(1[89]|20)\d\d(s)?", self.lower))

    @property
    def is_entity(self) -> bool:
        """A word of a named entity: a name, not the function words spaCy's entity span
        takes along ("the", "of", "and"), not a common noun it tags ("Utilities" is no ORG)
        unless written as an acronym (``FOM``)."""
        if self.tag:  # tagged by spaCy: trust its entity recogniser
            return self.ent in _ENT_TYPES and (
                self.pos in ("PROPN", "ADJ", "NUM", "X")
                or self.pos == "NOUN" and self.text.isupper() and len(self.text) > 1)
        return self.pos == "PROPN" and not self.is_date

    @property
    def is_pronoun(self) -> bool:
        """A personal or possessive pronoun (not "US", the country)."""
        return (self.lower in _PRONOUNS or self.lower in _POSSESSIVE) and \
            self.pos != "PROPN" and not (self.text.isupper() and len(self.text) > 1)

    @property
    def person(self) -> int | None:
        """Which referent a personal or possessive pronoun names (:data:`PRONOUN_PERSON`:
        he, him, his, himself are one), a contraction included (``They've``); else None."""
        if self.pos == "PROPN" or self.text.isupper() and len(self.text) > 1:
            return None
        core = re.sub(r"'(ve|re|s|ll|d|m)$", "", self.lower)
        return PRONOUN_PERSON.get(core)

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


# --- tagging ---------------------------------------------------------------------------------

def canonical_text(text: str) -> str:
    """The text up to canonical equivalence and invisible characters (NFC, no zero-width
    characters): two words with the same canonical form are the same word."""
    return unicodedata.normalize("NFC", strip_invisible(text))


canonical = lru_cache(maxsize=65536)(canonical_text)  # for words (sentences: uncached)


def _fallback_word(text: str, start: int, first: bool) -> Word:
    low = fold(text)
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
_WORD_MEMO: OrderedDict[tuple[str, str], tuple[Word, ...]] = OrderedDict()
#: ``id()`` of the caches each remembered sentence is known to be stored in
_WORD_SAVED: dict[tuple[str, str], tuple[int, ...]] = {}


def clear_word_cache() -> None:
    """Forget the tagged sentences kept by :func:`analyze_words`."""
    _WORD_MEMO.clear()
    _WORD_SAVED.clear()


#: the version of drift's word splitting and tag mapping, part of the key of tagged sentences
#: in the embedding cache (raise it when either changes)
WORDS_VERSION = "w3"


@lru_cache(maxsize=2)
def tagger_key(use_spacy: bool = True) -> str:
    """The key tagged sentences are cached under: the tagger (:func:`tagger_name`, or
    ``rules``) and :data:`WORDS_VERSION` (``spacy-3.8.7|w2``). Known without loading spaCy."""
    return f"{tagger_name() if use_spacy else 'rules'}|{WORDS_VERSION}"


def analyze_words(texts: Sequence[str], *, use_spacy: bool = True,
                  cache: EmbeddingCache | None = None) -> list[tuple[Word, ...]]:
    """Split each sentence into :class:`Word` objects, tagged by spaCy when available.

    Word boundaries always come from one regex (hyphenated words and ``2,030`` stay whole, a
    combining mark or a zero-width joiner stays inside its word); spaCy's tag, lemma and entity
    type are taken from the spaCy token at the word's start (a word without letters or digits
    is never a content word, as in the rules: spaCy tags the ``.`` of ``Nazarbayev. ally``
    PROPN). A text longer than :data:`SPACY_MAX_CHARS` is tagged by the rules. Each distinct
    text is tagged once (the last :data:`WORD_CACHE_SIZE` are kept), and once ever with a
    ``cache`` (:meth:`drift.embed.cache.EmbeddingCache.get_words`): a rerun whose sentences
    are all cached does not load spaCy.
    """
    key = tagger_key(use_spacy)
    distinct = list(dict.fromkeys(texts))
    missing = [t for t in distinct if (key, t) not in _WORD_MEMO]
    if cache is not None:  # remembered here, not yet stored in this cache: store them
        unsaved = [t for t in distinct if (key, t) in _WORD_MEMO
                   and id(cache) not in _WORD_SAVED.get((key, t), ())]
        if unsaved:  # tagged under this key, so by this tagger
            cache.put_words(key, unsaved, [_to_rows(_WORD_MEMO[(key, t)]) for t in unsaved])
            _saved(key, unsaved, cache)
    if missing and cache is not None:
        found = cache.get_words(key, missing)
        for t, rows in found.items():
            _WORD_MEMO[(key, t)] = _from_rows(t, rows)
        _saved(key, list(found), cache)
        missing = [t for t in missing if t not in found]
    if missing:
        tagged = _analyze(missing, use_spacy)
        for t, words in zip(missing, tagged):
            _WORD_MEMO[(key, t)] = words
        if cache is not None and (not use_spacy or spacy_tagger() is not None):
            cache.put_words(key, missing, [_to_rows(ws) for ws in tagged])
            _saved(key, missing, cache)
    out = []
    for t in texts:
        _WORD_MEMO.move_to_end((key, t))
        out.append(_WORD_MEMO[(key, t)])
    while len(_WORD_MEMO) > WORD_CACHE_SIZE:
        old, _ = _WORD_MEMO.popitem(last=False)
        _WORD_SAVED.pop(old, None)
    return out


def _saved(key: str, texts: Sequence[str], cache: object) -> None:
    for t in texts:
        _WORD_SAVED[(key, t)] = (*_WORD_SAVED.get((key, t), ()), id(cache))[-4:]


def _to_rows(words: Sequence[Word]) -> list[list[Any]]:
    return [[w.start, w.end, w.lemma, w.pos, w.tag, w.ent] for w in words]


def _from_rows(text: str, rows: Sequence[Sequence[Any]]) -> tuple[Word, ...]:
    return tuple(Word(text[a:b], fold(text[a:b]), a, b, lemma, pos, tag, ent)
                 for a, b, lemma, pos, tag, ent in rows)


def join_words(parts: Sequence[Sequence[Word]], texts: Sequence[str], sep: str = " "
               ) -> tuple[Word, ...]:
    """The words of ``sep.join(texts)`` from the words of each text (offsets shifted): a bead
    of several sentences is tagged one sentence at a time."""
    out: list[Word] = []
    shift = 0
    for words, t in zip(parts, texts):
        out.extend(Word(w.text, w.lower, w.start + shift, w.end + shift, w.lemma, w.pos, w.tag,
                        w.ent) for w in words)
        shift += len(t) + len(sep)
    return tuple(out)


def _analyze(texts: Sequence[str], use_spacy: bool) -> list[tuple[Word, ...]]:
    spans = [[(m.group(0), m.start()) for m in _WORD_RE.finditer(t)] for t in texts]
    nlp = spacy_tagger() if use_spacy else None
    if nlp is None:
        return [_months_in_context(tuple(_fallback_word(w, s, k == 0) for k, (w, s) in
                                         enumerate(sp))) for sp in spans]
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
            if not re.search(r"\w", w):  # spaCy: "Nazarbayev. ally" tags the "." PROPN, "$"
                pos, ent = "PUNCT", ""  # SYM; no letter or digit: punctuation, as in the rules
            lemma = tok.lemma_.lower() if len(toks) == 1 else fold(w)
            words.append(Word(w, fold(w), s, s + len(w), lemma, pos, tok.tag_, ent))
        out.append(tuple(words))
    return [_months_in_context(ws) for ws in out]


#: month names that are also common words ("may" the modal, "march" the verb)
_AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar"})
#: words before a month name ("in May", "since March", "early May")
_BEFORE_MONTH = frozenset("in on since until till by from through of early late mid last next "
                          "this before after during".split())


def _months_in_context(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """A capitalised ``May`` or ``March`` beside a figure (``May 3``, ``3 March``, ``May
    2021``) or after a word that leads a date (``in May``, ``since March``) is the month,
    whatever the tagger said (spaCy tags ``set for May 3`` as the modal); any other stays as
    tagged.

    >>> [w.pos for w in _analyze(["The vote is set for May 3."], use_spacy=False)[0]][5:7]
    ['PROPN', 'NUM']
    """
    if not any(w.lower in _AMBIGUOUS_MONTHS for w in words):
        return words
    out = list(words)
    for k, w in enumerate(words):
        if w.lower not in _AMBIGUOUS_MONTHS or not w.text[:1].isupper():
            continue
        prev = next((words[x] for x in range(k - 1, -1, -1) if not words[x].is_punct), None)
        nxt = next((words[x] for x in range(k + 1, len(words)) if not words[x].is_punct), None)
        if (nxt is not None and nxt.lower[:1].isdigit() or prev is not None
                and (prev.lower[:1].isdigit() or prev.lower in _BEFORE_MONTH)):
            out[k] = replace(w, lemma=w.lower, pos="PROPN", tag="NNP", ent=w.ent or "DATE")
    return tuple(out)


def neighbour(words: Sequence[Word], k: int, step: int) -> int | None:
    """The index of the nearest word that is not punctuation before (``step=-1``) or after
    (``step=1``) word ``k``; None at the edge of the sentence."""
    k += step
    while 0 <= k < len(words):
        if not words[k].is_punct:
            return k
        k += step
    return None


def candidate_words(texts: Iterable[str]) -> list[str]:
    """The distinct words whose vectors :func:`explain_pairs` may ask for when explaining
    pairs of these sentences: every word that can be a content word (``Word.lower`` of words
    outside the stop list), in first-seen order. A superset of what the tagger will call
    content, without running it (``drift batch`` encodes them with the sentences)."""
    out: dict[str, None] = {}
    for t in texts:
        for m in _WORD_RE.finditer(t):
            w = fold(m.group(0))
            if re.search(r"\w", w) and w not in _STOP:
                out.setdefault(w)
    return list(out)
