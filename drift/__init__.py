"""drift: how far has a rewritten, translated or republished article drifted from its source?

Quick start::

    import drift
    result = drift.compare("base.txt", "copy.txt", "translation.txt")
    result.summary_table()          # one line per derivative
    result.plot_overview()          # matplotlib Figure
    result.to_dict()                # the report.json structure
"""

from drift._version import __version__
from drift.api import compare, compare_documents
from drift.config import AlignConfig, DriftConfig
from drift.errors import ConfigError, DriftError, InputError, MissingExtra, ModelNotAvailable
from drift.match import MatchConfig, MatchResult, match
from drift.result import Comparison, DerivativeResult, Pair, TextResult
from drift.text.read import Document, document_from_text, read_document

__all__ = [
    "__version__", "compare", "compare_documents", "AlignConfig", "DriftConfig", "Comparison",
    "DerivativeResult", "Pair", "TextResult", "Document", "read_document", "document_from_text",
    "DriftError", "InputError", "ModelNotAvailable", "ConfigError", "MissingExtra",
    "match", "MatchConfig", "MatchResult",
]
