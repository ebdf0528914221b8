"""uvicorn's HTTP/1.1 protocol with a deadline for the request headers (the upload endpoint).

uvicorn drops an idle keep-alive connection, but a client that sends its request headers one
byte at a time keeps a connection for as long as it likes. Here every connection must complete
its request line and headers within a fixed time after it opens, or after its previous response;
otherwise it is closed. Bodies have their own deadlines in `server.py`.
"""

from __future__ import annotations

import asyncio
import logging

from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("msc_desktop.central.server")


def guarded_protocol(header_timeout_s: float) -> type[H11Protocol]:
    """An H11Protocol class that closes connections whose headers take over `header_timeout_s`."""

    class GuardedH11Protocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            cycle = self.cycle
            super().data_received(data)
            if self.cycle is not cycle:  # a request's headers are complete
                self._disarm()

        def on_response_complete(self) -> None:
            cycle = self.cycle
            super().on_response_complete()
            if self.cycle is cycle and not self.transport.is_closing():
                self._arm()  # the next request on this connection gets the same deadline

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            self._header_timer = self.loop.call_later(header_timeout_s, self._too_slow)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _too_slow(self) -> None:
            self._header_timer = None
            if not self.transport.is_closing():
                client = self.client[0] if self.client else "unknown"
                log.warning(
                    "connection from %s closed: no complete request within %.0f s",
                    client,
                    header_timeout_s,
                )
                self.transport.close()

    return GuardedH11Protocol
