"""The examples in the reader's docstrings run as written."""

from __future__ import annotations

import doctest

import pytest

import drift.text.furniture
import drift.text.lexicon
import drift.text.segment
import drift.text.shapes
import drift.text.signals
import drift.text.unwrap
import drift.text.wrapwidth


@pytest.mark.parametrize("module", [drift.text.unwrap, drift.text.wrapwidth, drift.text.furniture,
                                    drift.text.shapes, drift.text.signals, drift.text.lexicon,
                                    drift.text.segment])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
