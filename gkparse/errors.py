"""Exceptions: bad input is an `InputError`, distinct from a defect in gkparse itself."""

from __future__ import annotations


class GkparseError(Exception):
    """Base class of every error gkparse raises on purpose."""


class InputError(GkparseError, ValueError):
    """The input cannot be read as a report. The message names the file and the reason."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class NotAReportError(InputError):
    """The input is readable but is not a government information disclosure annual report."""


class NoTextLayerError(InputError):
    """A PDF whose text layer is missing or garbled: it needs OCR."""
