"""The engine's one exception: a problem it refuses to solve."""

from __future__ import annotations


class ProblemError(ValueError):
    """The problem is malformed (unknown or duplicate ids, a capacity below 1,
    an impossible pin, NaN scores, ...). The message is one line, fit to show
    a coordinator or print on the command line."""
