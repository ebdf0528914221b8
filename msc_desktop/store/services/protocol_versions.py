"""Protocol amendments at the site: keep the versions the centre issued, review, activate on a date.

A version arrives in a verified site package (sync/site_import.py calls
`receive_protocol_versions`): it is checked against the version before it (newer, same trial,
removes nothing: domain/amendments.py) and kept inactive. The administrator reviews what it changes
(`protocol_versions`, the GUI's protocol screen, `msc-site protocol list`) and sets the date it
takes effect (`activate`); from that date new form instances are entered under it, while every
instance entered before keeps the version it was entered under (store/protocols.py). Both are
audited events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from msc_desktop.domain.amendments import ProtocolDiff, check_amendment, diff_protocols, version_key
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import RuleViolation, ValidationError
from msc_desktop.store.audit import record_event
from msc_desktop.store.base import utc_now
from msc_desktop.store.models import ProtocolVersion
from msc_desktop.store.protocols import entry_protocol, held_versions, protocol_on, protocol_version
from msc_desktop.store.roles import Action, require
from msc_desktop.store.site import SiteStore


@dataclass(frozen=True)
class IssuedVersion:
    """A version from a verified centre package: what it declares, the declaration as signed
    (canonical JSON) and the signed part it came in (kept so it can be verified again)."""

    protocol: Protocol
    declaration: str
    signed_text: str


@dataclass(frozen=True)
class VersionState:
    """A protocol version this site holds, what it changes, and when it takes effect."""

    protocol: Protocol
    changes: ProtocolDiff
    received_at: datetime
    effective_from: date | None
    activated_by: str | None
    in_effect: bool

    @property
    def version(self) -> str:
        return self.protocol.version


def receive_protocol_versions(
    session: Session, site_id: str, issued: Sequence[IssuedVersion]
) -> list[str]:
    """Keep, inactive, the versions not held yet (each checked against the one before it);
    returns the versions added. ValidationError if any may not follow its predecessor."""
    shipped = load_protocol()
    added = []
    for item in sorted(issued, key=lambda item: version_key(item.protocol.version)):
        protocol = item.protocol
        if version_key(protocol.version) <= version_key(shipped.version):
            continue
        if session.get(ProtocolVersion, protocol.version) is not None:
            continue
        check_amendment(_previous(session, protocol.version), protocol)
        session.add(
            ProtocolVersion(
                version=protocol.version,
                declaration=item.declaration,
                signed_package=item.signed_text,
            )
        )
        session.flush()
        record_event(
            session,
            "site",
            site_id,
            f"protocol version {protocol.version} received from the centre (inactive)",
        )
        added.append(protocol.version)
    return added


def protocol_versions(store: SiteStore, *, today: date) -> list[VersionState]:
    """Every amendment this site holds, oldest first, with what it changes from the one before."""
    require(store.user.role, Action.VIEW)
    with store.session() as session:
        current = protocol_on(session, today).version
        return [_state(session, row, current) for row in held_versions(session)]


def protocol_in_effect(store: SiteStore, *, today: date) -> Protocol:
    """The version new forms are entered under `today`."""
    require(store.user.role, Action.VIEW)
    with store.session() as session:
        return protocol_on(session, today)


def form_protocol(store: SiteStore, record_id: str | None, *, today: date) -> Protocol:
    """The version a form is shown and checked under: the one record `record_id` was entered
    under, or, for a new form (None), the version in effect `today`."""
    require(store.user.role, Action.VIEW)
    with store.session() as session:
        return entry_protocol(session, record_id, today)


def activate(store: SiteStore, version: str, on: date, *, today: date) -> VersionState:
    """Set the date from which new entries use `version` (today or later; may be moved until
    that date comes)."""
    require(store.user.role, Action.MANAGE_SITE)
    if on < today:
        raise ValidationError(
            "A protocol version cannot take effect before today ({today}).", today=today
        )
    with store.session() as session:
        row = session.get(ProtocolVersion, version)
        if row is None:
            raise ValidationError(
                "This site has not received protocol version {version}.", version=version
            )
        if row.effective_from is not None and row.effective_from <= today:
            raise RuleViolation(
                "Protocol version {version} is in effect since {date}; that cannot change.",
                version=version,
                date=row.effective_from,
            )
        key = version_key(version)
        for other in held_versions(session):
            if other.effective_from is None or other.version == version:
                continue
            earlier = version_key(other.version) < key
            if (earlier and other.effective_from > on) or (
                not earlier and other.effective_from < on
            ):
                raise RuleViolation(
                    "Protocol version {other} takes effect on {other_date}; version {version} "
                    "cannot take effect on {date}, as versions take effect in their order.",
                    other=other.version,
                    other_date=other.effective_from,
                    version=version,
                    date=on,
                )
        row.effective_from, row.activated_by, row.activated_at = on, store.user.user_id, utc_now()
        session.flush()
        record_event(
            session,
            "site",
            store.site_id,
            f"protocol version {version} takes effect on {on.isoformat()}",
        )
        return _state(session, row, protocol_on(session, today).version)


def _previous(session: Session, version: str) -> Protocol:
    """The newest version before `version` this site knows (the shipped one at the least)."""
    key = version_key(version)
    earlier = [row.version for row in held_versions(session) if version_key(row.version) < key]
    return protocol_version(session, earlier[-1]) if earlier else load_protocol()


def _state(session: Session, row: ProtocolVersion, current: str) -> VersionState:
    protocol = protocol_version(session, row.version)
    return VersionState(
        protocol=protocol,
        changes=diff_protocols(_previous(session, row.version), protocol),
        received_at=row.received_at,
        effective_from=row.effective_from,
        activated_by=row.activated_by,
        in_effect=row.version == current,
    )
