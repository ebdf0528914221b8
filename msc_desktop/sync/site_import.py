"""What the centre sends to a site: receipts, site packages and allocation lists.

A receipt is checked against the site's own chain and records the highest sequence number the
centre acknowledges (kept in `site_setting`); the outbox bundles it covers are removed. A site
package brings allocation lists, protocol settings and versions (for the administrator) and
queries and SDV marks (for any user).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from msc_desktop.domain.amendments import version_key
from msc_desktop.domain.clinic_time import clinic_zone, fixed_offset, site_now
from msc_desktop.domain.queries import Query, SdvMark
from msc_desktop.domain.randomization import AllocationList as AllocationListContents
from msc_desktop.domain.wording import listed
from msc_desktop.errors import MscError, SyncError, ValidationError
from msc_desktop.files import read_limited
from msc_desktop.messages import Message
from msc_desktop.store.audit import record_event
from msc_desktop.store.models import (
    AllocationList,
    AuditLog,
    get_setting,
    int_setting,
    put_setting,
)
from msc_desktop.store.protocols import held_versions
from msc_desktop.store.roles import Action, may, require
from msc_desktop.store.services.adverse_events import acknowledge_saes
from msc_desktop.store.services.protocol_versions import IssuedVersion, receive_protocol_versions
from msc_desktop.store.services.queries import Received, receive_queries
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.allocation_lists import store_allocation_list
from msc_desktop.sync.identity import SETTING_ACKNOWLEDGED, center_identity, site_keys
from msc_desktop.sync.packages import (
    MAX_PACKAGE_BYTES,
    Receipt,
    open_allocation_list,
    open_receipt,
    open_site_package,
    package_kind,
)
from msc_desktop.sync.progress import Progress, no_progress
from msc_desktop.sync.site_outbox import prune_outbox

SETTING_PROTOCOL = "sync.protocol_settings"

#: A receipt's status in words.
RECEIPT_STATUSES = {
    "accepted": Message("accepted"),
    "duplicate": Message("duplicate"),
    "held": Message("held"),
}


@dataclass(frozen=True)
class PackageResult:
    file_name: str
    ok: bool
    message: str

    def line(self) -> Message:
        return Message("{file}: {outcome}", file=self.file_name, outcome=self.message)


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
    prune_outbox(store, receipt.contiguous_seq)
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
    report = progress or no_progress
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
            status=RECEIPT_STATUSES[receipt.status],
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
    """Keep the protocol versions of a verified package (all or none, before anything else of
    it)."""
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
