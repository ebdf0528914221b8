"""Protocol versions at the site: which declaration a form is entered, read and checked under.

The software ships one version (resources/protocol.json); the centre issues amendments, which the
site keeps once their package verified (`ProtocolVersion`, sync/site_import.py) and an administrator
activates from a date (services/protocol_versions.py). So:
- `protocol_on(session, day)`: the version new entries use on `day` (the newest version in effect
  then; before any amendment takes effect, the store's own, `SiteStore.protocol`: the shipped one);
- `protocol_of(session, record_id)`: the version a form instance was entered under, recorded with
  `entered_under` when it was created and kept for good (old data keeps its version);
- `entry_protocol(session, record_id, today)`: one of the two, for a form being saved;
- `versions_in_use(session)`: every version some form instance was entered under, for exports
  that must hold each MetaDataVersion in use;
- `held_protocols(session)`: every version the site can read entries under (its own and each
  amendment received), for a bundle declaring the versions of the changes it carries.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from msc_desktop.domain.amendments import version_key
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.protocol_reader import load_protocol, parse_protocol
from msc_desktop.errors import StoreError
from msc_desktop.store.models import FormVersion, ProtocolVersion


def session_protocol(session: Session) -> Protocol:
    """The protocol of the store that opened `session` (`SiteStore.protocol`), for the services'
    helpers that are handed a session."""
    protocol = session.info["protocol"]
    assert isinstance(protocol, Protocol)
    return protocol


@lru_cache(maxsize=16)
def _parsed(declaration: str) -> Protocol:
    return parse_protocol(json.loads(declaration))


def held_versions(session: Session) -> list[ProtocolVersion]:
    """The amendments this site received, oldest version first."""
    rows = session.scalars(select(ProtocolVersion)).all()
    return sorted(rows, key=lambda row: version_key(row.version))


def protocol_version(session: Session, version: str) -> Protocol:
    """The declaration of `version` (the store's, the shipped one, or an amendment this site
    holds)."""
    for known in (session_protocol(session), load_protocol()):
        if version == known.version:
            return known
    row = session.get(ProtocolVersion, version)
    if row is None:
        raise StoreError("This site does not hold protocol version {version}.", version=version)
    return _parsed(row.declaration)


def held_protocols(session: Session) -> tuple[Protocol, ...]:
    """The store's protocol and every amendment this site received, oldest version first."""
    versions = {
        protocol.version: protocol
        for protocol in (
            session_protocol(session),
            *(_parsed(row.declaration) for row in held_versions(session)),
        )
    }
    return tuple(versions[version] for version in sorted(versions, key=version_key))


def protocol_on(session: Session, day: date) -> Protocol:
    """The version in effect on `day` (a date): what a form entered that day is entered under."""
    shipped = session_protocol(session)
    effective = [
        row
        for row in held_versions(session)
        if row.effective_from is not None and row.effective_from <= day
    ]
    if not effective or version_key(effective[-1].version) <= version_key(shipped.version):
        return shipped
    return _parsed(effective[-1].declaration)


def protocol_of(session: Session, record_id: str) -> Protocol:
    """The version the form instance held by record `record_id` was entered under."""
    row = session.get(FormVersion, record_id)
    return session_protocol(session) if row is None else protocol_version(session, row.version)


def entry_protocol(session: Session, record_id: str | None, today: date) -> Protocol:
    """The version a form is entered under: the one its record was entered under, or, for a new
    record (None, or one holding no form yet), the version in effect `today`."""
    if record_id is not None and session.get(FormVersion, record_id) is not None:
        return protocol_of(session, record_id)
    return protocol_on(session, today)


def entered_under(session: Session, record_id: str, protocol: Protocol) -> None:
    """Record, once, the version a new form instance is entered under (never changed after).
    Called before the record's first flush (its id given up front), so that what that flush
    writes about the record (its audit rows) can name the version."""
    if session.get(FormVersion, record_id) is None:
        session.add(FormVersion(record_id=record_id, version=protocol.version))


def versions_in_use(session: Session) -> tuple[Protocol, ...]:
    """Every version at least one form instance was entered under, oldest first."""
    versions = session.scalars(select(FormVersion.version).distinct()).all()
    return tuple(
        protocol_version(session, version) for version in sorted(versions, key=version_key)
    )
