"""``drift match``: find what derives from what in a pile of articles, with provenance.

Layers: corpus reading (:mod:`.corpus`), the verbatim n-gram index (:mod:`.verbatim`), the
sentence-embedding index (:mod:`.semantic`), candidate pairs (:mod:`.candidates`),
verification through the pipeline (:mod:`.verify`), families and provenance
(:mod:`.families`), the run (:mod:`.run`), output files (:mod:`.outputs`) and the picture
(:mod:`.plot`).
"""

from drift.match.api import match
from drift.match.config import MatchConfig
from drift.match.corpus import Article, read_corpus
from drift.match.run import MatchResult, match_corpus

__all__ = ["match", "MatchConfig", "MatchResult", "Article", "read_corpus", "match_corpus"]
