"""The centre's upload endpoint: a bare ASGI app served by uvicorn (DESIGN section 4).

Exactly one route: `POST /bundles` with the bundle file as the body. Answers:
- 200 with the signed receipt (application/octet-stream) and `X-MSC-Status: accepted`,
  `duplicate` or `held` (a re-upload is a duplicate, never an error);
- 400 with `{"status": "rejected", "reason": ...}` for an empty body or a bundle that is rejected
  (the file is kept in quarantine);
- 411 without Content-Length, 413 for a body over the size limit (the body is not read further),
  404 for any other path, 405 for any other method on /bundles, 503 when the store fails.
Imports run in worker threads and are serialized by the centre, so concurrent uploads queue.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from msc_desktop.central import CENTRAL_EXTRA_MISSING
from msc_desktop.central.service import Center
from msc_desktop.errors import MscError, SyncError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_MAX_BUNDLE_BYTES = 64 * 1024 * 1024
log = logging.getLogger("msc_desktop.central.server")


def create_app(center: Center, max_bundle_bytes: int = DEFAULT_MAX_BUNDLE_BYTES) -> ASGIApp:
    """The ASGI application for `center`."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        if scope["path"] != "/bundles":
            await _json(send, 404, {"status": "error", "reason": "not found"})
            return
        if scope["method"] != "POST":
            await _json(send, 405, {"status": "error", "reason": "use POST"},
                        [(b"allow", b"POST")])
            return
        length = _content_length(scope)
        if length is None:
            await _json(send, 411, {"status": "error", "reason": "Content-Length is required"})
            return
        if length < 0:
            await _json(send, 400, {"status": "rejected", "reason": "bad Content-Length"})
            return
        if length > max_bundle_bytes:
            await _json(send, 413, {"status": "error", "reason": "bundle too large"})
            return
        body = await _read_body(receive, length)
        if body is None:
            await _json(send, 400, {"status": "rejected",
                                    "reason": "the body does not match its Content-Length"})
            return
        if not body:
            await _json(send, 400, {"status": "rejected", "reason": "the body is empty"})
            return
        try:
            outcome = await asyncio.to_thread(center.import_bundle, body, "upload.mscb")
        except MscError as error:
            log.warning("upload not stored: %s", error)
            await _json(send, 503, {"status": "error", "reason": str(error)})
            return
        if outcome.status == "rejected" or outcome.receipt is None:
            await _json(send, 400, {"status": "rejected", "reason": outcome.reason})
            return
        await _respond(send, 200, outcome.receipt, [
            (b"content-type", b"application/octet-stream"),
            (b"x-msc-status", outcome.status.encode("ascii")),
        ])

    return app


def serve(center: Center, host: str, port: int,
          max_bundle_bytes: int = DEFAULT_MAX_BUNDLE_BYTES,
          tls: tuple[Path, Path] | None = None) -> None:
    """Run the endpoint until interrupted; over HTTPS when `tls` = (certificate, key) files.

    Bundles and receipts are encrypted and signed end to end either way; TLS also hides which
    site sends how much, and when.
    """
    try:
        import uvicorn
    except ModuleNotFoundError:
        raise SyncError(CENTRAL_EXTRA_MISSING.format(what="The upload server")) from None

    certificate, key = (str(tls[0]), str(tls[1])) if tls else (None, None)
    uvicorn.run(create_app(center, max_bundle_bytes), host=host, port=port, log_level="info",
                access_log=True, server_header=False, ssl_certfile=certificate,
                ssl_keyfile=key)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return -1
    return None


async def _read_body(receive: Receive, length: int) -> bytes | None:
    chunks: list[bytes] = []
    received = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        received += len(chunk)
        if received > length:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks) if received == length else None


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _json(send: Send, status: int, document: dict[str, str],
                extra: list[tuple[bytes, bytes]] | None = None) -> None:
    headers = [(b"content-type", b"application/json")] + (extra or [])
    await _respond(send, status, json.dumps(document).encode("utf-8"), headers)


async def _respond(send: Send, status: int, body: bytes,
                   headers: list[tuple[bytes, bytes]]) -> None:
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": headers + [(b"content-length", str(len(body)).encode("ascii"))],
    })
    await send({"type": "http.response.body", "body": body})
