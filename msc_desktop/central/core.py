"""What every part of the centre's service stands on: its home folder, store, keys and limits,
the registered sites and the protocol versions issued (with the item catalogue of each)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select
from sqlalchemy.orm import Session

from msc_desktop.central.home import CenterHome, CenterSecrets
from msc_desktop.central.store import CentralStore
from msc_desktop.central.tables import CenterProtocolVersion, CenterSite, utc_now
from msc_desktop.domain.amendments import ProtocolDiff, check_amendment, version_key
from msc_desktop.domain.identifiers import SITE_ID_PATTERN
from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.protocol_reader import load_protocol, parse_protocol
from msc_desktop.errors import SyncError, ValidationError
from msc_desktop.store.audit_chain import GENESIS_HASH
from msc_desktop.sync.envelope import canonical_json
from msc_desktop.sync.keys import PublicIdentity, format_fingerprint, parse_public_document

MIB = 1024 * 1024


@dataclass(frozen=True)
class CenterLimits:
    """How much the centre accepts and keeps; everything from outside is bounded by these."""

    bundle_bytes: int = 64 * MIB
    """The largest bundle file read (an upload body, or a file given to `import`)."""
    payload_bytes: int = 256 * MIB
    """The largest inflated payload, whatever a bundle's header declares."""
    quarantine_bytes: int = 2048 * MIB
    """All rejected files kept in quarantine together; past it a rejected file is not kept."""
    site_quarantine_bytes: int = 256 * MIB
    """Rejected files of one site (or of unidentified senders) kept in quarantine."""
    site_held_bytes: int = 512 * MIB
    """Bundles of one site kept while they wait for an earlier one; past it a bundle is refused."""


class CenterCore:
    """A coordinating centre's home, store and keys; its sites and protocol versions."""

    def __init__(
        self,
        home: CenterHome,
        store: CentralStore,
        secrets: CenterSecrets,
        protocol: Protocol,
        limits: CenterLimits | None = None,
    ) -> None:
        self.home = home
        self.store = store
        self.keys = secrets.keys
        self.limits = limits or CenterLimits()
        #: The protocol the centre issues lists and exports data under (`open`/`init` read it).
        self.protocol = protocol
        self._lists = AESGCM(secrets.derived_key("allocation lists"))
        self._import_lock = threading.Lock()

    @property
    def fingerprint(self) -> str:
        return self.keys.public().fingerprint

    def close(self) -> None:
        self.store.close()

    # -- sites ------------------------------------------------------------------------------

    def register_site(self, site_id: str, key_document: bytes) -> str:
        """Register (or re-key) a site from its public key file; returns the grouped fingerprint."""
        if not SITE_ID_PATTERN.fullmatch(site_id):
            raise SyncError(f"{site_id!r} is not a valid site id.")
        identity = parse_public_document(key_document, "site")
        if identity.party_id != site_id:
            raise SyncError(
                f"The key file belongs to site {identity.party_id}, not to site {site_id}."
            )
        with self.store.session() as session:
            site = session.get(CenterSite, site_id)
            if site is None:
                site = CenterSite(site_id=site_id, last_seq=0, last_hash=GENESIS_HASH)
                session.add(site)
            site.signing_key = identity.signing_key_raw
            site.encryption_key = identity.encryption_key_raw
            site.fingerprint = identity.fingerprint
            site.revoked_at = None
        return format_fingerprint(identity.fingerprint)

    def revoke_site(self, site_id: str) -> None:
        """Refuse every further bundle signed by the site's current key."""
        with self.store.session() as session:
            site = session.get(CenterSite, site_id)
            if site is None:
                raise SyncError(f"Site {site_id} is not registered at this centre.")
            site.revoked_at = utc_now()

    def site_identity(self, site_id: str) -> PublicIdentity:
        with self.store.session() as session:
            site = session.get(CenterSite, site_id)
            if site is None:
                raise SyncError(f"Site {site_id} is not registered at this centre.")
            if site.revoked_at is not None:
                raise SyncError(f"The key of site {site_id} was revoked; register its new key.")
            return PublicIdentity.from_raw("site", site_id, site.signing_key, site.encryption_key)

    # -- protocol versions ------------------------------------------------------------------

    def amend(self, data: bytes) -> ProtocolDiff:
        """Issue a protocol version (an amendment) from a declaration file's bytes.

        It must be a valid declaration of the same trial, newer than the current version (the
        last one issued, or the one this software ships), and remove nothing declared before
        (domain/amendments.py). Stored whole; every later site package carries it, signed.
        """
        try:
            declaration = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise ValidationError("The protocol file is not valid JSON (UTF-8).") from None
        new = parse_protocol(declaration)
        with self.store.session() as session:
            diff = check_amendment(self._current_protocol(session), new)
            session.add(
                CenterProtocolVersion(
                    version=new.version,
                    protocol_id=new.protocol_id,
                    declaration=canonical_json(declaration).decode("utf-8"),
                )
            )
        return diff

    def protocol_versions(self) -> tuple[Protocol, ...]:
        """The versions issued with `amend`, oldest first."""
        with self.store.session() as session:
            return tuple(parse_protocol(declaration) for declaration in self._declarations(session))

    def current_protocol(self) -> Protocol:
        """The newest version issued, or the one this software ships if none was."""
        with self.store.session() as session:
            return self._current_protocol(session)

    def _current_protocol(self, session: Session) -> Protocol:
        declarations = self._declarations(session)
        return parse_protocol(declarations[-1]) if declarations else load_protocol()

    @staticmethod
    def _declarations(session: Session) -> list[dict[str, Any]]:
        rows = session.scalars(select(CenterProtocolVersion)).all()
        ordered = sorted(rows, key=lambda row: version_key(row.version))
        return [json.loads(row.declaration) for row in ordered]

    # -- reading ----------------------------------------------------------------------------

    def catalogues(self) -> dict[str, ItemCatalogue]:
        """The item catalogue of every protocol version the centre knows (the one this software
        ships and every one issued with `amend`), by MetaDataVersion OID, the current one last."""
        with self.store.session() as session:
            return self._catalogues(session)

    def _catalogues(self, session: Session) -> dict[str, ItemCatalogue]:
        issued = [parse_protocol(declaration) for declaration in self._declarations(session)]
        shipped = load_protocol()
        versions = {version.version: version for version in (shipped, *issued)}
        ordered = sorted(versions.values(), key=lambda version: version_key(version.version))
        return {
            catalogue.metadata_version_oid: catalogue for catalogue in map(ItemCatalogue, ordered)
        }

    def site_progress(self) -> dict[str, tuple[int, str]]:
        """Per registered site: the highest contiguous sequence number applied and its hash."""
        with self.store.session() as session:
            return {
                site.site_id: (site.last_seq, site.last_hash)
                for site in session.scalars(select(CenterSite).order_by(CenterSite.site_id))
            }
