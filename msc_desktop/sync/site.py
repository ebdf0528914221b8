"""Sync at the site: status, bundle export, upload, and centre packages (keys: identity.py).

These are the services the GUI's sync panel and `msc-site` call; none of them uses Qt. Long
operations take an optional `progress(done, total, message)` callback.

State kept in the encrypted database (`site_setting`, next to the keys of identity.py): the
last exported sequence number and the highest sequence number the centre has acknowledged with
a signed receipt. Exported bundles are also kept, encrypted, in
`DATA_DIR/outbox/` until a receipt covers them, so that `upload_pending` sends exactly the bundles
made. An export is itself an audited event, and that event row is the last row of the bundle it
describes, so exporting never leaves a change behind it.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import math
import random
import ssl
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Literal

import httpx
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from msc_desktop.domain.amendments import version_key
from msc_desktop.domain.clinic_time import clinic_zone, fixed_offset, site_now
from msc_desktop.domain.queries import Query, SdvMark
from msc_desktop.domain.randomization import AllocationList as AllocationListContents
from msc_desktop.domain.wording import listed
from msc_desktop.errors import MscError, SyncError, ValidationError
from msc_desktop.files import read_limited
from msc_desktop.messages import Message
from msc_desktop.store.audit import record_event
from msc_desktop.store.audit_chain import FORMAT_COLUMNS, is_redactable
from msc_desktop.store.audit_values import catalogue_of
from msc_desktop.store.models import (
    AdverseEvent,
    AllocationList,
    AuditLog,
    UserAccount,
    get_setting,
    int_setting,
    put_setting,
)
from msc_desktop.store.protocols import held_protocols, held_versions, session_protocol
from msc_desktop.store.roles import Action, may, require
from msc_desktop.store.services.adverse_events import acknowledge_saes
from msc_desktop.store.services.protocol_versions import IssuedVersion, receive_protocol_versions
from msc_desktop.store.services.queries import Received, receive_queries
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.allocation_lists import store_allocation_list
from msc_desktop.sync.bundle import BUNDLE_SUFFIX, BundleHeader, seal_bundle
from msc_desktop.sync.bundle_items import bundle_changes
from msc_desktop.sync.centre_setup import center_ca
from msc_desktop.sync.envelope import write_atomic
from msc_desktop.sync.identity import (
    SETTING_ACKNOWLEDGED,
    SETTING_CENTER_KEY,
    SETTING_DEVICE,
    SETTING_EXPORTED,
    center_identity,
    outbox_dir,
    site_keys,
    stored_fingerprint,
)
from msc_desktop.sync.keys import format_fingerprint, parse_public_document
from msc_desktop.sync.odm_clinical import ClinicalContext, render_clinical
from msc_desktop.sync.packages import (
    MAX_PACKAGE_BYTES,
    Receipt,
    open_allocation_list,
    open_receipt,
    open_site_package,
    package_kind,
    seal_package_request,
    utc_now_text,
)

Progress = Callable[[int, int, str], None]
ExportMode = Literal["incremental", "resend", "full"]

SETTING_PROTOCOL = "sync.protocol_settings"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    from_seq: int
    to_seq: int

    @property
    def row_count(self) -> int:
        return self.to_seq - self.from_seq + 1


@dataclass(frozen=True)
class SyncStatus:
    """What the sync panel shows."""

    site_fingerprint: str | None
    center_fingerprint: str | None
    last_seq: int
    exported_seq: int
    acknowledged_seq: int
    open_saes_not_acknowledged: int
    outbox: tuple[str, ...]

    @property
    def changes_not_exported(self) -> int:
        return max(0, self.last_seq - self.exported_seq)

    @property
    def exported_not_acknowledged(self) -> int:
        return max(0, self.exported_seq - self.acknowledged_seq)


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


@dataclass(frozen=True)
class PackageResult:
    file_name: str
    ok: bool
    message: str

    def line(self) -> Message:
        return Message("{file}: {outcome}", file=self.file_name, outcome=self.message)


_UPLOAD_STATUSES = {
    "received": Message("received"),
    "none": Message("nothing new from the centre"),
    "not fetched": Message("not fetched (the bundles were sent)"),
    "accepted": Message("accepted"),
    "duplicate": Message("duplicate"),
    "held": Message("held"),
    "rejected": Message("rejected"),
}


# -- status ---------------------------------------------------------------------------------


def sync_status(store: SiteStore) -> SyncStatus:
    require(store.user.role, Action.VIEW)
    with store.session() as session:
        last_seq = session.scalar(select(func.max(AuditLog.seq))) or 0
        acknowledged = int_setting(session, SETTING_ACKNOWLEDGED)
        serious_ids = select(AdverseEvent.id).where(AdverseEvent.serious.is_(True))
        open_saes = (
            session.scalar(
                select(func.count(func.distinct(AuditLog.record_id))).where(
                    AuditLog.table_name == "adverse_event",
                    AuditLog.seq > acknowledged,
                    AuditLog.record_id.in_(serious_ids),
                    # marking an SAE reported (by hand or by a receipt) is not a change to report
                    or_(AuditLog.field.is_(None), AuditLog.field != "reported_at"),
                )
            )
            or 0
        )
        site_key_print = stored_fingerprint(session, store.site_id)
        center_key = get_setting(session, SETTING_CENTER_KEY)
        exported = int_setting(session, SETTING_EXPORTED)
    site_print = format_fingerprint(site_key_print) if site_key_print is not None else None
    center_print = None
    if center_key is not None:
        center_print = format_fingerprint(
            parse_public_document(center_key.encode("utf-8"), "center").fingerprint
        )
    return SyncStatus(
        site_fingerprint=site_print,
        center_fingerprint=center_print,
        last_seq=last_seq,
        exported_seq=exported,
        acknowledged_seq=acknowledged,
        open_saes_not_acknowledged=open_saes,
        outbox=tuple(path.name for path in _outbox_pending(store, acknowledged)),
    )


# -- export ---------------------------------------------------------------------------------


def export_bundle(
    store: SiteStore,
    out_dir: Path,
    mode: ExportMode = "incremental",
    progress: Progress | None = None,
) -> ExportResult | None:
    """Write the next bundle into `out_dir` (and the outbox); None when there is nothing to send.

    `incremental`: the changes after the last export; `resend`: everything after the last
    receipt; `full`: the whole audit trail.
    """
    require(store.user.role, Action.EXPORT)
    report = progress or _no_progress
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise SyncError(
            "The folder {folder} does not exist; plug in the drive or choose another folder.",
            folder=out_dir,
        )
    center = center_identity(store)
    keys = site_keys(store)
    site_id, site_name = store.site_id, store.site_name
    written: list[Path] = []
    try:
        with store.session() as session:
            report(0, 4, Message("reading changes"))
            last_seq = session.scalar(select(func.max(AuditLog.seq))) or 0
            after = {
                "incremental": int_setting(session, SETTING_EXPORTED),
                "resend": int_setting(session, SETTING_ACKNOWLEDGED),
                "full": 0,
            }[mode]
            if after >= last_seq and mode != "full":
                return None
            record_event(
                session, "site", site_id, f"bundle exported ({mode}) from record {after + 1}"
            )
            rows = _bundle_rows_after(session, after)
            report(1, 4, Message("rendering ODM"))
            odm = render_changes(session, site_id, site_name, rows)
            report(2, 4, Message("encrypting and signing"))
            header = BundleHeader(
                site_id=site_id,
                device_id=get_setting(session, SETTING_DEVICE) or "unknown",
                from_seq=after + 1,
                to_seq=rows[-1]["seq"],
                prev_hash=rows[0]["prev_hash"],
                last_hash=rows[-1]["hash"],
                created=utc_now_text(),
                recipient=center.fingerprint,
                sender=keys.public().fingerprint,
            )
            data = seal_bundle(header, rows, odm, keys, center)
            report(3, 4, Message("writing the file"))
            outbox = outbox_dir(store)
            outbox.mkdir(exist_ok=True)
            for folder in dict.fromkeys([out_dir.resolve(), outbox.resolve()]):
                target = folder / header.file_name
                write_atomic(target, data)
                written.append(target)
            put_setting(
                session,
                SETTING_EXPORTED,
                str(max(header.to_seq, int_setting(session, SETTING_EXPORTED))),
            )
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    report(4, 4, Message("done"))
    return ExportResult(out_dir / header.file_name, header.from_seq, header.to_seq)


def _no_progress(_done: int, _total: int, _message: str) -> None:
    return None


_AUDIT_COLUMNS = (
    "seq",
    "row_format",
    "ts",
    "user_id",
    "action",
    "target",
    "table_name",
    "record_id",
    "field",
    "subject_key",
    "event_oid",
    "form_oid",
    "group_oid",
    "repeat_key",
    "item_oid",
    "old_value",
    "old_unit",
    "new_value",
    "new_unit",
    "mdv_oid",
    "reason",
    "site_only",
    "row_digest",
    "prev_hash",
    "hash",
)


def _bundle_rows_after(session: Session, after: int) -> list[dict[str, Any]]:
    """Audit rows after `after` as the site keeps them, marked `redacted` where a site-only
    value must not travel (its keyed digest does).

    Read with the driver's own cursor inside the session's transaction: a full export reads
    every row, and SQLAlchemy's row objects would cost more than the rest of the reading.
    """
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(
            f"SELECT {', '.join(_AUDIT_COLUMNS)} FROM audit_log WHERE seq > ? ORDER BY seq",
            (after,),
        )
        fetched = cursor.fetchall()
    finally:
        cursor.close()
    rows = []
    for values in fetched:
        row = dict(zip(_AUDIT_COLUMNS, values, strict=True))
        site_only = bool(row["site_only"])
        redacted = is_redactable(site_only, row["old_value"], row["new_value"])
        if redacted and row["row_format"] == FORMAT_COLUMNS:
            row["old_value"] = row["new_value"] = None
        row["site_only"], row["redacted"] = site_only, redacted
        rows.append(row)
    return rows


def render_changes(
    session: Session, site_id: str, site_name: str, rows: Sequence[Mapping[str, Any]]
) -> bytes:
    """The clinical payload of `rows`: ODM ClinicalData with an ItemData and AuditRecord for
    every item change they hold (format-1 rows translated through the models' declared items),
    and the signatures they record, with the MetaDataVersion of every protocol version they were
    entered under."""
    catalogue = catalogue_of(session_protocol(session))
    changes, signatures = bundle_changes(session, catalogue, rows)
    users = {
        user_id: full_name
        for user_id, full_name in session.execute(
            select(UserAccount.user_id, UserAccount.full_name)
        )
    }
    context = ClinicalContext(
        file_oid=f"MSC.{site_id}.{uuid.uuid4().hex}",
        created=utc_now_text(),
        site_id=site_id,
        site_name=site_name,
        users=users,
    )
    held = {
        version.metadata_version_oid: version
        for version in map(catalogue_of, held_protocols(session))
    }
    mdv_oids = {change.mdv_oid for change in changes} | {entry.mdv_oid for entry in signatures}
    unknown = sorted(mdv_oids - held.keys())
    if unknown:
        raise SyncError(
            "This site holds entries made under protocol version {version}, which it "
            "does not have; nothing was exported.",
            version=unknown[0],
        )
    in_use = [held[oid] for oid in held if oid in mdv_oids]
    return render_clinical(context, in_use or [catalogue], changes, signatures)


# -- receipts and centre packages -----------------------------------------------------------


def apply_receipt(store: SiteStore, data: bytes) -> Receipt:
    """Check a centre receipt against this site's own chain and record what the centre holds."""
    receipt = open_receipt(data, center_identity(store))
    if receipt.site_id != store.site_id:
        raise SyncError(
            "The receipt is for site {site_id}, not for this site.", site_id=receipt.site_id
        )
    with store.session() as session:
        if receipt.contiguous_seq > 0:
            own_hash = session.scalar(
                select(AuditLog.hash).where(AuditLog.seq == receipt.contiguous_seq)
            )
            if own_hash != receipt.contiguous_hash:
                raise SyncError(
                    "The receipt does not match this site's records; the centre "
                    "holds a different history."
                )
        if receipt.contiguous_seq > int_setting(session, SETTING_ACKNOWLEDGED):
            put_setting(session, SETTING_ACKNOWLEDGED, str(receipt.contiguous_seq))
        acknowledge_saes(session, receipt.contiguous_seq, _clinic_time(receipt.issued))
    if receipt.contiguous_seq > 0:
        store.seal_receipt(receipt.contiguous_seq, receipt.contiguous_hash, data)
    _prune_outbox(store, receipt.contiguous_seq)
    return receipt


def _clinic_time(issued: str) -> datetime:
    """A receipt's UTC time on the clinic's clock, with its offset (now, if the centre wrote no
    readable time)."""
    try:
        moment = datetime.fromisoformat(issued)
    except ValueError:
        return site_now()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return fixed_offset(moment.astimezone(clinic_zone()))


def import_packages(
    store: SiteStore, paths: Sequence[Path], progress: Progress | None = None
) -> list[PackageResult]:
    """Import centre files (receipts, site packages, allocation lists); one result per file."""
    report = progress or _no_progress
    results = []
    for index, path in enumerate(paths):
        report(index, len(paths), path.name)
        try:
            message = import_package_bytes(store, read_limited(path, MAX_PACKAGE_BYTES, SyncError))
            results.append(PackageResult(path.name, True, message))
        except MscError as error:
            results.append(
                PackageResult(path.name, False, Message("refused: {reason}", reason=error.message))
            )
    report(len(paths), len(paths), Message("done"))
    return results


def import_package_bytes(store: SiteStore, data: bytes) -> Message:
    """Import one centre package; returns a one-line description of what it did."""
    kind = package_kind(data)
    if kind == "receipt":
        receipt = apply_receipt(store, data)
        return Message(
            "receipt for {bundle} ({status}); the centre holds records 1-{last}",
            bundle=receipt.bundle_name,
            status=_UPLOAD_STATUSES[receipt.status],
            last=receipt.contiguous_seq,
        )
    center = center_identity(store)
    versions: Sequence[IssuedVersion] = ()
    queries: Sequence[Query] = ()
    marks: Sequence[SdvMark] = ()
    if kind == "allocation-list":
        signed = base64.b64encode(data).decode("ascii")
        lists = [(open_allocation_list(signed, center, store.protocol), signed)]
        settings: Mapping[str, str] = {}
    else:
        package = open_site_package(data, center, site_keys(store), store.protocol)
        lists, settings = list(package.allocation_lists), package.protocol_settings
        versions = [
            IssuedVersion(item.protocol, item.declaration, item.signed_text)
            for item in package.protocol_versions
        ]
        queries, marks = package.queries, package.sdv_marks
    if not may(store.user.role, Action.MANAGE_SITE) and (
        queries or marks or kind == "site-package"
    ):
        return _import_as_staff(store, lists, settings, versions, queries, marks)
    outcome = _import_as_admin(store, lists, settings, versions)
    if queries or marks:
        outcome = Message(
            "{outcome}; {queries}", outcome=outcome, queries=_receive(store, queries, marks).line()
        )
    return outcome


def _receive(store: SiteStore, queries: Sequence[Query], marks: Sequence[SdvMark]) -> Received:
    with store.session() as session:
        try:
            return receive_queries(
                session, store.site_id, queries, marks, int_setting(session, SETTING_ACKNOWLEDGED)
            )
        except ValidationError as error:
            raise SyncError(
                "The package's queries cannot be applied: {reason}", reason=error.message
            ) from error


def _import_as_staff(
    store: SiteStore,
    lists: Sequence[tuple[AllocationListContents, str]],
    settings: Mapping[str, str],
    versions: Sequence[IssuedVersion],
    queries: Sequence[Query],
    marks: Sequence[SdvMark],
) -> Message:
    """A user other than the administrator applies a site package's queries and marks; what
    else it holds that is new here (lists, settings, versions) waits for the administrator."""
    with store.session() as session:
        held_lists = set(session.scalars(select(AllocationList.list_id)))
        versions_held = {row.version for row in held_versions(session)}
        kept = get_setting(session, SETTING_PROTOCOL)
    new_settings = bool(settings) and json.dumps(dict(settings), sort_keys=True) != kept
    shipped = version_key(store.protocol.version)
    waiting = (
        any(allocation.list_id not in held_lists for allocation, _signed in lists)
        or new_settings
        or any(
            version_key(item.protocol.version) > shipped
            and item.protocol.version not in versions_held
            for item in versions
        )
    )
    if waiting and not (queries or marks):
        require(store.user.role, Action.MANAGE_SITE)
    outcome = _receive(store, queries, marks).line()
    if waiting:
        outcome = Message(
            "{outcome}; the allocation lists, protocol settings or versions it also holds wait for "
            "the site administrator to import it",
            outcome=outcome,
        )
    return outcome


def _import_as_admin(
    store: SiteStore,
    lists: Sequence[tuple[AllocationListContents, str]],
    settings: Mapping[str, str],
    versions: Sequence[IssuedVersion],
) -> Message:
    received = _receive_versions(store, versions)
    loaded = []
    for allocation, signed_text in sorted(
        lists, key=lambda item: (item[0].stratum, item[0].list_number)
    ):
        if allocation.site_id != store.site_id:
            raise SyncError(
                "The allocation list is for site {site_id}, not for this site.",
                site_id=allocation.site_id,
            )
        with store.session() as session:
            if session.get(AllocationList, allocation.list_id) is not None:
                continue
        store_allocation_list(
            store,
            list_id=allocation.list_id,
            stratum=allocation.stratum,
            arms=list(allocation.arms),
            signed_package=signed_text,
        )
        loaded.append(
            Message(
                "{stratum} ({count} entries)", stratum=allocation.stratum, count=len(allocation)
            )
        )
    if settings:
        require(store.user.role, Action.MANAGE_SITE)
        site_id = store.site_id
        kept = json.dumps(dict(settings), sort_keys=True)
        with store.session() as session:
            if (
                get_setting(session, SETTING_PROTOCOL) != kept
            ):  # a package fetched again changes nothing
                put_setting(session, SETTING_PROTOCOL, kept)
                record_event(
                    session,
                    "site",
                    site_id,
                    f"protocol settings from the centre: {json.dumps(dict(settings))}",
                )
    outcome = Message("no new allocation list")
    if loaded:
        outcome = Message("allocation lists loaded: {lists}", lists=listed(loaded))
    if settings:
        protocol = Message(
            "protocol {protocol_id} version {version}",
            protocol_id=settings.get("protocol_id", "?"),
            version=settings.get("protocol_version", "?"),
        )
        outcome = Message("{outcome}; {protocol}", outcome=outcome, protocol=protocol)
    if received:
        outcome = Message(
            "{outcome}; new protocol version {versions} received: review it and set "
            "the date it takes effect",
            outcome=outcome,
            versions=listed(received),
        )
    return outcome


def _receive_versions(store: SiteStore, versions: Sequence[IssuedVersion]) -> list[str]:
    """Keep the protocol versions of a verified package (all or none, before anything else of it)."""
    if not versions:
        return []
    require(store.user.role, Action.MANAGE_SITE)
    with store.session() as session:
        try:
            return receive_protocol_versions(session, store.site_id, versions)
        except ValidationError as error:
            raise SyncError(
                "The package holds a protocol version this site cannot take: {reason}",
                reason=error.message,
            ) from error


def _outbox_pending(store: SiteStore, acknowledged: int) -> list[Path]:
    folder = outbox_dir(store)
    if not folder.is_dir():
        return []
    return [
        path for path in sorted(folder.glob(f"*{BUNDLE_SUFFIX}")) if _to_seq(path) > acknowledged
    ]


def _prune_outbox(store: SiteStore, acknowledged: int) -> None:
    folder = outbox_dir(store)
    if not folder.is_dir():
        return
    for path in folder.glob(f"*{BUNDLE_SUFFIX}"):
        if 0 < _to_seq(path) <= acknowledged:
            path.unlink(missing_ok=True)


def _to_seq(path: Path) -> int:
    try:
        return int(path.stem.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return 0


# -- upload ---------------------------------------------------------------------------------


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
    `fetch_package`, then ask the centre for this site's package and import it (`fetch_site_package`:
    its result comes last, and a failure to fetch is said there, never failing the upload).

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
    report = progress or _no_progress
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
        waiting = _unacknowledged(store)
        if not waiting:
            export_bundle(store, outbox, "incremental")
            waiting = _unacknowledged(store)
        sent = True
        while waiting:
            sent = _send(client, store, endpoint, waiting, results, report, attempts, backoff_s)
            if not sent or export_bundle(store, outbox, "incremental") is None:
                break
            waiting = _unacknowledged(store)
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


def _unacknowledged(store: SiteStore) -> list[Path]:
    with store.session() as session:
        acknowledged = int_setting(session, SETTING_ACKNOWLEDGED)
    return _outbox_pending(store, acknowledged)


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
    """The whole seconds a `Retry-After` header asks for (delay or HTTP date), None if absent or bad."""
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
