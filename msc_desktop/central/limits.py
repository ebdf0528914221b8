"""Requests per address per minute: the upload endpoint's and the web sign-in's limit."""

from __future__ import annotations

import time
from collections import deque


class RateLimiter:
    """At most `limit` requests per address in any 60 seconds."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._seen: dict[str, deque[float]] = {}

    def allow(self, address: str) -> bool:
        now = time.monotonic()
        times = self._seen.setdefault(address, deque())
        while times and now - times[0] > 60:
            times.popleft()
        if len(times) >= self.limit:
            return False
        times.append(now)
        if len(self._seen) > 10_000:  # forget quiet addresses so the table stays small
            for key in [key for key, value in self._seen.items() if not value]:
                del self._seen[key]
        return True
