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


class MissingExtra(DriftError, ImportError):
    """An optional capability needs a package that is not installed; the message names the
    extra to install (``pip install 'newsdrift[multilingual]'``)."""

    @classmethod
    def for_module(cls, module: str, extra: str | None, feature: str = "") -> MissingExtra:
        what = f"{feature} needs" if feature else "this needs"
        how = f"pip install 'newsdrift[{extra}]'" if extra else f"pip install {module}"
        return cls(f"{what} the optional package {module!r}, which is not installed: {how}")
