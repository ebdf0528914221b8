"""Upload from the site to the centre over HTTPS: every bundle not yet acknowledged, each
receipt recorded, then (if asked) the site's package fetched and imported.

Network faults and busy answers are retried with backoff; plain http:// is refused except to
this computer.
"""

from __future__ import annotations

import ipaddress
import math
import random
import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx

from msc_desktop.errors import MscError, SyncError
from msc_desktop.messages import Message
from msc_desktop.store.roles import Action, require
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.centre_setup import center_ca
from msc_desktop.sync.identity import center_identity, outbox_dir, site_keys
from msc_desktop.sync.package_request import seal_package_request
from msc_desktop.sync.packages import MAX_PACKAGE_BYTES
from msc_desktop.sync.progress import Progress, no_progress
from msc_desktop.sync.site_export import export_bundle
from msc_desktop.sync.site_import import RECEIPT_STATUSES, apply_receipt, import_package_bytes
from msc_desktop.sync.site_outbox import unacknowledged

_UPLOAD_STATUSES = {
    "received": Message("received"),
    "none": Message("nothing new from the centre"),
    "not fetched": Message("not fetched (the bundles were sent)"),
    **RECEIPT_STATUSES,
    "rejected": Message("rejected"),
}


@dataclass(frozen=True)
class UploadResult:
    file_name: str
    status: str
    detail: str

    def line(self) -> Message:
        status = _UPLOAD_STATUSES.get(self.status, self.status)
        if self.detail:
            return Message(
                "{file}: {status}: {detail}", file=self.file_name, status=status, detail=self.detail
            )
        return Message("{file}: {status}", file=self.file_name, status=status)


def upload_pending(
    store: SiteStore,
    url: str,
    *,
    progress: Progress | None = None,
    attempts: int = 5,
    backoff_s: float = 1.0,
    timeout_s: float = 60.0,
    ca_file: Path | None = None,
    insecure: bool = False,
    transport: httpx.BaseTransport | None = None,
    fetch_package: bool = False,
) -> list[UploadResult]:
    """POST every unacknowledged bundle to the centre, then the changes made since, if any; with
    `fetch_package`, then ask the centre for this site's package and import it
    (`fetch_site_package`: its result comes last, and a failure to fetch is said there, never
    failing the upload).

    A bundle that could not be sent is sent again as it is: a failed attempt never makes a
    new bundle (its sign-in and other new rows wait for the next successful upload).

    Network faults and 5xx answers are retried with exponential backoff (and jitter); a receipt
    in the answer is checked and recorded. Stops at the first bundle the centre rejects.
    `ca_file` trusts the certificate authority (or self-signed certificate) of an HTTPS centre;
    without it, the one an administrator kept at the site (`centre_setup.set_center_ca`) is used.
    Plain http:// is refused except to this computer, unless `insecure` is given; a certificate
    that does not verify is named as such and not retried.
    """
    require(store.user.role, Action.EXPORT)
    endpoint = _bundles_endpoint(url, insecure)
    report = progress or no_progress
    verify: ssl.SSLContext | bool = True
    stored_ca = center_ca(store)
    if ca_file is not None:
        try:
            verify = ssl.create_default_context(cafile=str(ca_file))
        except (OSError, ssl.SSLError) as error:
            raise SyncError(
                "Cannot use {path} as the centre's certificate: {problem}.",
                path=ca_file,
                problem=getattr(error, "strerror", None) or str(error),
            ) from None
    elif stored_ca is not None:
        try:
            verify = ssl.create_default_context(cadata=stored_ca)
        except ssl.SSLError as error:
            raise SyncError(
                "The centre's certificate kept at this site cannot be used: {problem}.",
                problem=str(error),
            ) from None
    outbox = outbox_dir(store)
    outbox.mkdir(exist_ok=True)
    results: list[UploadResult] = []
    with httpx.Client(timeout=timeout_s, transport=transport, verify=verify) as client:
        waiting = unacknowledged(store)
        if not waiting:
            export_bundle(store, outbox, "incremental")
            waiting = unacknowledged(store)
        sent = True
        while waiting:
            sent = _send(client, store, endpoint, waiting, results, report, attempts, backoff_s)
            if not sent or export_bundle(store, outbox, "incremental") is None:
                break
            waiting = unacknowledged(store)
        if fetch_package and sent:
            results.append(fetch_site_package(client, store, endpoint.removesuffix("/bundles")))
    report(len(results), len(results), Message("done"))
    return results


PACKAGE_ENDPOINT = "/api/v1/site-package"
#: The statuses of the fetch's result (`fetch_site_package`), after the bundles' own.
FETCH_STATUSES = frozenset({"received", "none", "not fetched"})


def fetch_site_package(client: httpx.Client, store: SiteStore, base_url: str) -> UploadResult:
    """Asks the centre for this site's current package (a request signed by the site's key) and
    imports it; the result says what it brought, that there was none, or why it was not fetched."""
    name = Message("centre package")
    try:
        request = seal_package_request(site_keys(store), center_identity(store).fingerprint)
        response = client.post(
            base_url + PACKAGE_ENDPOINT,
            content=request,
            headers={"content-type": "application/octet-stream"},
        )
    except (httpx.HTTPError, MscError) as error:
        problem = error.message if isinstance(error, MscError) else type(error).__name__
        return UploadResult(name, "not fetched", problem)
    if response.status_code == 204:
        return UploadResult(name, "none", "")
    if response.status_code != 200:
        return UploadResult(name, "not fetched", _reason(response))
    if len(response.content) > MAX_PACKAGE_BYTES:
        return UploadResult(name, "not fetched", Message("larger than a site reads"))
    try:
        return UploadResult(name, "received", import_package_bytes(store, response.content))
    except MscError as error:
        return UploadResult(name, "not fetched", error.message)


def _send(
    client: httpx.Client,
    store: SiteStore,
    endpoint: str,
    pending: Sequence[Path],
    results: list[UploadResult],
    report: Progress,
    attempts: int,
    backoff_s: float,
) -> bool:
    """POST `pending` in order; False when the centre rejected one (the rest are not sent)."""
    for index, path in enumerate(pending):
        report(index, len(pending), path.name)
        if not path.exists():
            continue
        response = _post_with_retry(client, endpoint, path.read_bytes(), attempts, backoff_s)
        if response.status_code == 200:
            receipt = apply_receipt(store, response.content)
            results.append(UploadResult(path.name, receipt.status, receipt.message))
            continue
        if response.status_code == 413:
            raise SyncError(
                "The centre refused {name}: it is larger than the server accepts.", name=path.name
            )
        results.append(UploadResult(path.name, "rejected", _reason(response)))
        return False
    return True


#: The longest wait a centre's Retry-After is honoured for; a longer one ends the attempt.
MAX_RETRY_AFTER_S = 120


def _post_with_retry(
    client: httpx.Client, endpoint: str, body: bytes, attempts: int, backoff_s: float
) -> httpx.Response:
    """POST `body`, again after network faults, 429 and 5xx answers, waiting as the centre asks.

    A 429 or 503 with `Retry-After` is retried after that many seconds (up to
    MAX_RETRY_AFTER_S; a longer or repeated refusal ends the attempt with when to try again);
    otherwise the wait is exponential backoff with jitter.
    """
    problem = ""
    delay = 0.0
    for attempt in range(attempts):
        if attempt:
            _wait(delay or backoff_s * 2 ** (attempt - 1) * (0.5 + random.random()))
        try:
            response = client.post(
                endpoint, content=body, headers={"content-type": "application/octet-stream"}
            )
        except httpx.TransportError as error:
            certificate = _certificate_failure(error)
            if certificate is not None:
                raise SyncError(
                    "The centre's certificate at {endpoint} could not be verified "
                    "({problem}); nothing was sent. Check the address, or trust the "
                    "centre's own certificate file.",
                    endpoint=endpoint,
                    problem=certificate,
                ) from None
            problem, delay = type(error).__name__, 0.0
            continue
        if response.status_code < 500 and response.status_code != 429:
            return response
        problem = f"HTTP {response.status_code}"
        asked = _retry_after_s(response)
        if asked is not None and asked > MAX_RETRY_AFTER_S:
            raise SyncError(
                "The centre is busy and asks to wait {minutes} minutes before sending "
                "again; the bundles stay in the outbox.",
                minutes=-(-asked // 60),
            )
        delay = float(asked) if asked is not None else 0.0
    raise SyncError(
        "Cannot reach the centre at {endpoint} after {attempts} attempts ({problem}); "
        "the bundles stay in the outbox.",
        endpoint=endpoint,
        attempts=attempts,
        problem=problem,
    )


def _wait(seconds: float) -> None:
    time.sleep(seconds)


def _retry_after_s(response: httpx.Response) -> int | None:
    """The whole seconds a `Retry-After` header asks for (delay or HTTP date), None if absent or
    bad."""
    text = response.headers.get("retry-after", "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0, math.ceil((moment - datetime.now(UTC)).total_seconds()))


def _bundles_endpoint(url: str, insecure: bool) -> str:
    """The centre's upload address; plain http:// only to this computer unless `insecure`."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError):
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise SyncError(
            "The centre's address {url} must start with https:// and name a host.", url=url
        )
    if parsed.scheme == "http" and not insecure and not _is_this_computer(parsed.host):
        raise SyncError(
            "The centre's address {url} uses plain http:// to another computer, where "
            "bundles and receipts could be read or changed on the way; use its "
            "https:// address.",
            url=url,
        )
    return str(parsed).rstrip("/") + "/bundles"


def _is_this_computer(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _certificate_failure(error: BaseException) -> str | None:
    """The reason when `error` comes from a TLS certificate that did not verify, else None."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return str(seen.verify_message or seen.reason or "certificate verify failed")
        seen = seen.__cause__ or seen.__context__
    text = str(error)
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return text.split("certificate verify failed:", 1)[-1].split("(_ssl", 1)[0].strip(" :")
    return None


def _reason(response: httpx.Response) -> str:
    try:
        reason = response.json().get("reason")
    except (ValueError, AttributeError):
        reason = None
    return str(reason) if reason else f"HTTP {response.status_code}"
