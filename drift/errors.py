"""Exceptions raised by drift. The CLI turns each into one line on stderr and exit code 2."""

from __future__ import annotations


class DriftError(Exception):
    """Base class for every error drift reports to the user."""


class InputError(DriftError):
    """An input document is missing, empty, binary or not valid text."""


class ModelNotAvailable(DriftError):
    """The requested model is unknown or cannot be loaded on this machine (offline)."""


class ConfigError(DriftError, ValueError):
    """A configuration value is out of its allowed range."""
