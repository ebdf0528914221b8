"""The progress callback the site's long sync operations take: `progress(done, total, message)`."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]


def no_progress(_done: int, _total: int, _message: str) -> None:
    """The callback used when the caller gave none."""
