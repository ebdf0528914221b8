"""The centre's upload endpoint: a bare ASGI app served by uvicorn (DESIGN section 4).

`POST /bundles` with the bundle file as the body; every other path goes to the centre's web
application (`central/web/app.py`), in the same process and under the same TLS. Answers:
- 200 with the signed receipt (application/octet-stream) and `X-MSC-Status: accepted`,
  `duplicate` or `held` (a re-upload is a duplicate, never an error);
- 401 `{"status": "rejected", "reason": ...}` when no registered site's current key signed the
  body for this centre, 400 for a body that is not a bundle or a signed bundle that is rejected
  (only a signed one is kept in quarantine, within its site's quota);
- 411 without Content-Length, 413 for a body over the size limit (not read at all), 408 for a
  body that comes too slowly, 429 past the per-address rate limit, 503 when the server stays busy
  or the store fails, 405 for any other method on /bundles.

`POST /api/v1/site-package` with a site's signed package request (`seal_package_request`, a
few hundred bytes) as the body: 200 with the site's current package (encrypted to the site,
signed by the centre), 204 when the centre has made none for it yet, 403 with a one-line reason
when the request does not verify against a registered site key (nothing is stored).

Everything from the network is hostile until its signature verifies: the body is streamed to a
temporary file of bounded size (0600, removed afterwards), authenticated as a stream against the
registered site's key, and only then read and imported, one at a time. A body that does not
verify is answered and forgotten, with one line in the log. Connections that do not finish their
request headers in time, and bodies that stall or trickle, are dropped. Answers never name a
path on the server.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from msc_desktop.central.intake import ImportOutcome
from msc_desktop.central.limits import RateLimiter
from msc_desktop.central.service import Center
from msc_desktop.errors import MscError, SyncError
from msc_desktop.files import read_limited
from msc_desktop.sync.bundle import UnverifiedSender
from msc_desktop.sync.package_request import MAX_REQUEST_BYTES

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("msc_desktop.central.server")
PACKAGE_PATH = "/api/v1/site-package"
_BUSY = "the centre cannot take this upload now; try again later"


@dataclass(frozen=True)
class ServerSettings:
    """Bounds on what one client may cost the centre (the body size limit is the centre's)."""

    header_timeout_s: float = 10.0
    """A connection must complete its request line and headers within this time."""
    body_idle_timeout_s: float = 20.0
    """The longest pause between two parts of a body."""
    body_timeout_s: float = 30.0
    """Time for a body on top of its length at `min_body_rate`."""
    min_body_rate: int = 32 * 1024
    """Bytes per second a body must average (a slow clinic line still manages this)."""
    rate_limit: int = 120
    """Requests per address per minute; more get 429."""
    max_uploads: int = 8
    """Bodies received at the same time (bounds the temporary files); more wait their turn."""
    queue_timeout_s: float = 120.0
    """How long a body waits for its turn before it gets 503."""
    max_connections: int = 64


def create_app(
    center: Center, settings: ServerSettings | None = None, web: ASGIApp | None = None
) -> ASGIApp:
    """The ASGI application for `center`: the upload endpoint, and `web` (the centre's web
    application, `central/web/app.py`) for every other path when given."""
    limits = settings or ServerSettings()
    limiter = RateLimiter(limits.rate_limit)
    uploads = asyncio.Semaphore(limits.max_uploads)
    incoming = center.home.incoming_dir

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        if scope["path"] == PACKAGE_PATH:
            await _package_request(center, limits, limiter, scope, receive, send)
            return
        if web is not None and scope["path"] != "/bundles":
            await web(scope, receive, send)
            return
        address = (scope.get("client") or ("unknown", 0))[0]
        if not limiter.allow(address):
            log.warning("upload from %s refused: over the rate limit", address)
            await _too_many_requests(send)
            return
        if scope["path"] != "/bundles":
            await _json(send, 404, {"status": "error", "reason": "not found"})
            return
        length = await _posted_length(scope, send)
        if length is None:
            return
        if length < 0:
            await _json(send, 400, {"status": "rejected", "reason": "bad Content-Length"})
            return
        if length > center.limits.bundle_bytes:
            await _json(send, 413, {"status": "error", "reason": "bundle too large"})
            return
        if not length:
            await _json(send, 400, {"status": "rejected", "reason": "the body is empty"})
            return
        try:
            # A waiting body stays in the socket (uvicorn stops reading past 64 KiB).
            await asyncio.wait_for(uploads.acquire(), timeout=limits.queue_timeout_s)
        except TimeoutError:
            await _json(send, 503, {"status": "error", "reason": _BUSY}, [(b"retry-after", b"30")])
            return
        try:
            await _receive_and_import(center, limits, incoming, address, length, receive, send)
        finally:
            uploads.release()

    return app


async def _receive_and_import(
    center: Center,
    limits: ServerSettings,
    incoming: Path,
    address: str,
    length: int,
    receive: Receive,
    send: Send,
) -> None:
    try:
        incoming.mkdir(mode=0o700, exist_ok=True)
        path = incoming / f"{secrets.token_hex(16)}.part"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        log.error("cannot keep an upload: %s", error)
        await _json(send, 503, {"status": "error", "reason": _BUSY}, [(b"retry-after", b"30")])
        return
    try:
        with os.fdopen(descriptor, "wb") as stream:
            problem = await _stream_body(receive, stream, length, limits)
        if problem is not None:
            status, reason = problem
            log.warning("upload from %s dropped: %s", address, reason)
            await _json(send, status, {"status": "rejected", "reason": reason})
            return
        try:
            outcome = await asyncio.to_thread(_verify_and_import, center, path, length)
        except UnverifiedSender as error:
            log.warning("upload from %s refused, nothing kept: %s", address, error)
            await _json(send, 401, {"status": "rejected", "reason": str(error)})
            return
        except SyncError as error:
            log.warning("upload from %s refused, nothing kept: %s", address, error)
            await _json(send, 400, {"status": "rejected", "reason": str(error)})
            return
        except MscError as error:
            log.error("upload from %s not stored: %s", address, error)
            await _json(send, 503, {"status": "error", "reason": _BUSY}, [(b"retry-after", b"30")])
            return
    finally:
        path.unlink(missing_ok=True)
    if outcome.status == "rejected" or outcome.receipt is None:
        await _json(send, 400, {"status": "rejected", "reason": outcome.reason})
        return
    await _respond(
        send,
        200,
        outcome.receipt,
        [
            (b"content-type", b"application/octet-stream"),
            (b"x-msc-status", outcome.status.encode("ascii")),
        ],
    )


async def _too_many_requests(send: Send) -> None:
    await _json(
        send, 429, {"status": "error", "reason": "too many requests"}, [(b"retry-after", b"60")]
    )


async def _posted_length(scope: Scope, send: Send) -> int | None:
    """The declared length of a POST's body; None when the request is answered here (405 for
    another method, 411 without a Content-Length)."""
    if scope["method"] != "POST":
        await _json(send, 405, {"status": "error", "reason": "use POST"}, [(b"allow", b"POST")])
        return None
    length = _content_length(scope)
    if length is None:
        await _json(send, 411, {"status": "error", "reason": "Content-Length is required"})
    return length


async def _package_request(
    center: Center,
    limits: ServerSettings,
    limiter: RateLimiter,
    scope: Scope,
    receive: Receive,
    send: Send,
) -> None:
    """A site fetches its package with a signed request (see the module docstring)."""
    address = (scope.get("client") or ("unknown", 0))[0]
    if not limiter.allow(address):
        await _too_many_requests(send)
        return
    length = await _posted_length(scope, send)
    if length is None:
        return
    if not 0 < length <= MAX_REQUEST_BYTES:
        await _json(
            send,
            413 if length > 0 else 400,
            {"status": "rejected", "reason": "not a package request"},
        )
        return
    buffer = io.BytesIO()
    problem = await _stream_body(receive, buffer, length, limits)
    if problem is not None:
        await _json(send, problem[0], {"status": "rejected", "reason": problem[1]})
        return
    try:
        package = await asyncio.to_thread(center.requested_package, buffer.getvalue())
    except SyncError as error:
        log.warning("package request from %s refused: %s", address, error)
        await _json(send, 403, {"status": "rejected", "reason": str(error)})
        return
    except MscError as error:
        log.error("package request from %s not answered: %s", address, error)
        await _json(send, 503, {"status": "error", "reason": _BUSY}, [(b"retry-after", b"30")])
        return
    if package is None:  # a 204 has no body, and no Content-Length
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})
        return
    await _respond(send, 200, package, [(b"content-type", b"application/octet-stream")])


def _verify_and_import(center: Center, path: Path, length: int) -> ImportOutcome:
    """Authenticate the stored body as a stream; only then read it and import it."""
    with open(path, "rb") as stream:
        header = center.verify_upload(stream, length)
    return center.import_bundle(
        read_limited(path, center.limits.bundle_bytes, SyncError), header.file_name
    )


async def _stream_body(
    receive: Receive, stream: Any, length: int, limits: ServerSettings
) -> tuple[int, str] | None:
    """Copy the body to `stream`; (status, reason) when it must be refused instead."""
    deadline = time.monotonic() + limits.body_timeout_s + length / limits.min_body_rate
    received = 0
    while True:
        wait = min(limits.body_idle_timeout_s, deadline - time.monotonic())
        try:
            message = await asyncio.wait_for(receive(), timeout=max(wait, 0))
        except TimeoutError:
            return 408, "the body came too slowly"
        if message["type"] == "http.disconnect":
            return 400, "the connection was closed before the body was complete"
        chunk = message.get("body", b"")
        received += len(chunk)
        if received > length:
            return 400, "the body does not match its Content-Length"
        stream.write(chunk)
        if not message.get("more_body", False):
            break
    if received != length:
        return 400, "the body does not match its Content-Length"
    return None


def server_config(
    center: Center,
    host: str,
    port: int,
    settings: ServerSettings | None = None,
    tls: tuple[Path, Path] | None = None,
) -> Any:
    """The uvicorn configuration: the app, the header timeout and the connection limit."""
    # Imported here, not at the top: uvicorn is the centre's optional extra (`msc-desktop[central]`)
    # and `guard` subclasses its protocol, while a clinic PC imports this module without it.
    import uvicorn

    from msc_desktop.central.guard import guarded_protocol
    from msc_desktop.central.web.app import create_web_app

    limits = settings or ServerSettings()
    certificate, key = (str(tls[0]), str(tls[1])) if tls else (None, None)
    return uvicorn.Config(
        create_app(center, limits, create_web_app(center, warm_up=True)),
        host=host,
        port=port,
        log_level="info",
        access_log=True,
        server_header=False,
        ssl_certfile=certificate,
        ssl_keyfile=key,
        http=guarded_protocol(limits.header_timeout_s),
        limit_concurrency=limits.max_connections,
        timeout_keep_alive=5,
    )


def serve(
    center: Center,
    host: str,
    port: int,
    settings: ServerSettings | None = None,
    tls: tuple[Path, Path] | None = None,
) -> None:
    """Run the endpoint until interrupted; over HTTPS when `tls` = (certificate, key) files.

    Bundles and receipts are encrypted and signed end to end either way; TLS also hides which
    site sends how much, and when.
    """
    import uvicorn

    uvicorn.Server(server_config(center, host, port, settings, tls)).run()


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return -1
    return None


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _json(
    send: Send,
    status: int,
    document: dict[str, str],
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    headers = [(b"content-type", b"application/json")] + (extra or [])
    if status >= 400:
        # A refused request may have left part of its body unread: never reuse the connection.
        headers.append((b"connection", b"close"))
    await _respond(send, status, json.dumps(document).encode("utf-8"), headers)


async def _respond(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": headers + [(b"content-length", str(len(body)).encode("ascii"))],
        }
    )
    await send({"type": "http.response.body", "body": body})
