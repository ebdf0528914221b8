"""The coordinating centre's services: register sites, import bundles, issue signed receipts.

Import (DESIGN section 4): parse strictly, verify the registered site's signature, decrypt, check
the hash chain inside the bundle, then, in ONE transaction, check that the bundle continues what
the centre already holds of that site's chain and apply the new rows. Outcomes:
- `accepted`: the new rows are applied (rows the centre already had are checked, not re-applied);
- `duplicate`: everything in it is already applied (the same file twice, or a re-send);
- `held`: it starts after a gap; it is kept in the store and applied as soon as the missing
  bundle arrives ("missing bundle N..M"), never skipped over;
- `rejected`: with a one-sentence reason; the file is kept in quarantine and nothing is applied.
A crash at any point leaves either the whole bundle applied or none of it; running the import
again completes it without duplicates.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from secrets import token_bytes, token_hex
from typing import Any, BinaryIO, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from msc_desktop.central.edit_checks import after_import
from msc_desktop.central.home import CenterHome, CenterSecrets
from msc_desktop.central.query_rows import site_marks, site_queries
from msc_desktop.central.store import (
    AUDIT_ROW_COLUMNS,
    CenterAllocationList,
    CenterAuditRow,
    CenterBundle,
    CenterItem,
    CenterProtocolVersion,
    CenterSignature,
    CenterSite,
    CenterSubjectItems,
    CenterTimeFlag,
    CentralStore,
    utc_now,
)
from msc_desktop.domain.amendments import ProtocolDiff, check_amendment, version_key
from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.protocol_reader import load_protocol, parse_protocol
from msc_desktop.domain.randomization import (
    AllocationList,
    build_allocation_list,
    required_list_length,
)
from msc_desktop.errors import StoreError, SyncError, ValidationError
from msc_desktop.files import read_limited
from msc_desktop.store.audit_chain import (
    FORMAT_COLUMNS,
    FORMAT_ITEMS,
    GENESIS_HASH,
    ITEM_ROW_FIELDS,
)
from msc_desktop.sync.bundle import (
    SITE_ID_PATTERN,
    BundleContents,
    BundleHeader,
    ParsedBundle,
    check_addressing,
    open_bundle,
    read_bundle,
    verify_bundle_file,
)
from msc_desktop.sync.envelope import canonical_json
from msc_desktop.sync.keys import PublicIdentity, format_fingerprint, parse_public_document
from msc_desktop.sync.odm_clinical import ClinicalSignature, ItemChange
from msc_desktop.sync.packages import (
    Receipt,
    ReceiptStatus,
    open_package_request,
    seal_receipt,
    seal_site_package,
    utc_now_text,
)

log = logging.getLogger("msc_desktop.central.service")
Status = Literal["accepted", "duplicate", "held", "rejected"]
ProgressCallback = Callable[[int, int, str], None]
_CHUNK = 500
# The trial enrols 200; either stratum's list must cover all of a site's participants.
DEFAULT_EXPECTED_ENROLMENT = 100
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


@dataclass(frozen=True)
class ImportOutcome:
    """The result of importing one file; `line()` is what the CLI prints for it."""

    file_name: str
    status: Status
    reason: str = ""
    receipt: bytes | None = None
    receipt_path: Path | None = None
    quarantine_path: Path | None = None
    released: tuple[str, ...] = field(default_factory=tuple)

    def line(self) -> str:
        text = f"{self.file_name}: {self.status}"
        if self.reason:
            text += f": {self.reason}"
        for name in self.released:
            text += f"; then applied the waiting bundle {name}"
        return text


class Center:
    """A coordinating centre opened on its home folder and store."""

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

    @classmethod
    def open(
        cls,
        home_dir: Path,
        store_url: str | None = None,
        *,
        passphrase: str,
        limits: CenterLimits | None = None,
    ) -> Center:
        """The centre in `home_dir`, unlocked with its passphrase."""
        protocol = load_protocol()
        home = CenterHome(Path(home_dir), protocol.protocol_id)
        found = home.load_secrets(passphrase)
        store = CentralStore.open(home.path, store_url, found.derived_key("sqlite store"))
        return cls(home, store, found, protocol, limits)

    @classmethod
    def init(
        cls,
        home_dir: Path,
        store_url: str | None = None,
        *,
        passphrase: str,
        limits: CenterLimits | None = None,
    ) -> Center:
        """A new centre in `home_dir`: key pair under `passphrase`, encrypted store."""
        protocol = load_protocol()
        home = CenterHome(Path(home_dir), protocol.protocol_id)
        found = home.init(passphrase)
        store = CentralStore.open(home.path, store_url, found.derived_key("sqlite store"))
        return cls(home, store, found, protocol, limits)

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

    # -- import -----------------------------------------------------------------------------

    def import_files(
        self, paths: Sequence[Path], progress: ProgressCallback | None = None
    ) -> list[ImportOutcome]:
        """Import bundle files in the order given.

        The files themselves are never moved, changed or deleted: a rejected file gets a copy in
        quarantine. A file over the bundle size limit, or anything but a regular file, is refused
        before it is read.
        """
        outcomes = []
        for index, path in enumerate(paths):
            if progress is not None:
                progress(index, len(paths), path.name)
            try:
                data = read_limited(path, self.limits.bundle_bytes, SyncError)
            except SyncError as error:
                outcomes.append(ImportOutcome(path.name, "rejected", str(error).rstrip(".")))
                continue
            outcomes.append(self.import_bundle(data, path.name))
        if progress is not None:
            progress(len(paths), len(paths), "")
        return outcomes

    def import_bundle(self, data: bytes, source_name: str) -> ImportOutcome:
        """Import one bundle given as bytes; never raises for a bad bundle.

        A rejected bundle is kept in quarantine (within the quotas of `limits`): under its site
        when the site's registered key signed it, else among the unidentified files.
        """
        try:
            parsed = read_bundle(data)
        except SyncError as error:
            return self._reject(data, source_name, error, None)
        name = parsed.header.file_name
        with self._import_lock:
            try:
                site = self._authenticate(parsed)
            except SyncError as error:
                return self._reject(data, name, error, None)
            try:
                status, reason, outcome = self._import_parsed(parsed, data, site)
            except SyncError as error:
                return self._reject(data, name, error, parsed.header.site_id)
            released = self._release_held(parsed.header.site_id)
            if released:
                # The receipt for this bundle states what the centre holds after the release.
                outcome = replace(self._issue_receipt(parsed, status, reason), released=released)
        return outcome

    def verify_upload(self, stream: BinaryIO, length: int) -> BundleHeader:
        """Authenticate a bundle file as a stream (SyncError unless a registered site's current
        key signed it for this centre); nothing is stored."""
        return verify_bundle_file(stream, length, self.fingerprint, self.site_identity)

    def _authenticate(self, parsed: ParsedBundle) -> PublicIdentity:
        site = self.site_identity(parsed.header.site_id)
        check_addressing(parsed.header, site, self.fingerprint)
        parsed.envelope.verify_signature(site)
        return site

    def _reject(
        self, data: bytes, name: str, error: SyncError, site_id: str | None
    ) -> ImportOutcome:
        reason = str(error).rstrip(".")
        try:
            path = self.home.quarantine(
                data,
                name,
                reason,
                site_id,
                self.limits.site_quarantine_bytes,
                self.limits.quarantine_bytes,
            )
        except SyncError as failure:
            log.error("no quarantine copy of %s: %s", name, failure)
            return ImportOutcome(name, "rejected", reason + "; no copy could be kept in quarantine")
        if path is None:
            reason += "; no copy was kept: the quarantine is full"
        return ImportOutcome(name, "rejected", reason, quarantine_path=path)

    def _import_parsed(
        self, parsed: ParsedBundle, data: bytes, site: PublicIdentity
    ) -> tuple[ReceiptStatus, str, ImportOutcome]:
        contents = open_bundle(parsed, site, self.keys, self.limits.payload_bytes)
        try:
            status, reason, held = self._apply(parsed, contents, data)
        except IntegrityError:
            # Another importer applied the same bundle at the same moment: look again.
            status, reason, held = self._apply(parsed, contents, data)
        return status, reason, self._issue_receipt(parsed, status, reason, held)

    def _issue_receipt(
        self,
        parsed: ParsedBundle,
        status: ReceiptStatus,
        reason: str,
        held: tuple[int, str] | None = None,
    ) -> ImportOutcome:
        """Sign and keep a receipt stating what the centre holds of the site's chain.

        `held` is (last sequence number, its hash) when the caller knows it; else it is read.
        """
        header = parsed.header
        site_seq, site_hash = held or self.site_progress()[header.site_id]
        receipt = seal_receipt(
            Receipt(
                site_id=header.site_id,
                bundle_sha256=parsed.sha256,
                bundle_name=header.file_name,
                status=status,
                from_seq=header.from_seq,
                to_seq=header.to_seq,
                contiguous_seq=site_seq,
                contiguous_hash=site_hash,
                issued=utc_now_text(),
                message=reason,
            ),
            self.keys,
        )
        receipt_path = self.home.write_receipt(header.file_name, receipt)
        return ImportOutcome(header.file_name, status, reason, receipt, receipt_path)

    def _apply(
        self, parsed: ParsedBundle, contents: BundleContents, data: bytes
    ) -> tuple[ReceiptStatus, str, tuple[int, str]]:
        header = parsed.header
        try:
            with self.store.session() as session:
                site = session.get(CenterSite, header.site_id, with_for_update=True)
                if site is None:
                    raise SyncError(f"Site {header.site_id} is not registered at this centre.")
                known = session.get(CenterBundle, parsed.sha256)
                status, reason = self._decide(session, site, parsed, contents, known, data)
                return status, reason, (site.last_seq, site.last_hash)
        except StoreError as error:
            if isinstance(error.__cause__, IntegrityError):
                raise error.__cause__ from None
            raise

    def _decide(
        self,
        session: Session,
        site: CenterSite,
        parsed: ParsedBundle,
        contents: BundleContents,
        known: CenterBundle | None,
        data: bytes,
    ) -> tuple[ReceiptStatus, str]:
        header = parsed.header
        held_seq = site.last_seq
        if known is not None and known.status in ("accepted", "duplicate"):
            return "duplicate", ""
        if header.from_seq > held_seq + 1:
            missing = f"missing bundle {held_seq + 1}-{header.from_seq - 1}"
            if known is None:
                waiting = session.scalar(
                    select(func.coalesce(func.sum(func.length(CenterBundle.held_data)), 0)).where(
                        CenterBundle.site_id == site.site_id, CenterBundle.status == "held"
                    )
                )
                if int(waiting or 0) + len(data) > self.limits.site_held_bytes:
                    raise SyncError(
                        f"The centre already keeps as many of site {site.site_id}'s "
                        f"bundles as it can while they wait for the one starting at "
                        f"record {held_seq + 1}: send that one first."
                    )
                session.add(self._bundle_row(parsed, "held", data))
            return "held", missing
        link_seq = header.from_seq - 1
        if _stored_hash(session, site, link_seq) != header.prev_hash:
            raise SyncError(
                f"The bundle does not continue the chain the centre holds for site "
                f"{site.site_id} at record {link_seq}."
            )
        overlap_end = min(held_seq, header.to_seq)
        if overlap_end >= header.from_seq:
            row = contents.rows[overlap_end - header.from_seq]
            if _stored_hash(session, site, overlap_end) != row["hash"]:
                raise SyncError(
                    f"The bundle conflicts with data already imported from site "
                    f"{site.site_id} at record {overlap_end}."
                )
        new_rows = [row for row in contents.rows if row["seq"] > held_seq]
        refill = [row for row in contents.rows if row["seq"] <= min(held_seq, site.refill_to)]
        status: ReceiptStatus = "accepted" if new_rows or refill else "duplicate"
        if known is None:
            session.add(self._bundle_row(parsed, status, None))
        else:
            known.status, known.held_data = status, None
        reason = ""
        if new_rows:
            reason = _flag_times_running_backwards(session, site.site_id, new_rows, parsed.sha256)
        if new_rows or refill:
            catalogues = self._catalogues(session)
            changes = bundle_changes(refill + new_rows, contents, catalogues)
            _apply_rows(
                session, site.site_id, new_rows, parsed.sha256, changes, contents.signatures
            )
            session.flush()
            after_import(session, site.site_id, new_rows, changes, catalogues)
        if new_rows:
            site.last_seq, site.last_hash = header.to_seq, header.last_hash
        if known is None or new_rows or refill:
            session.flush()
        return status, reason

    def _bundle_row(self, parsed: ParsedBundle, status: str, data: bytes | None) -> CenterBundle:
        header = parsed.header
        return CenterBundle(
            sha256=parsed.sha256,
            site_id=header.site_id,
            file_name=header.file_name,
            from_seq=header.from_seq,
            to_seq=header.to_seq,
            status=status,
            applied_at=None if status == "held" else utc_now(),
            held_data=data,
        )

    def _release_held(self, site_id: str) -> tuple[str, ...]:
        """Apply held bundles of the site that the chain now reaches, in sequence order."""
        released: list[str] = []
        while True:
            with self.store.session() as session:
                site = session.get(CenterSite, site_id)
                if site is None:
                    return tuple(released)
                waiting = session.scalars(
                    select(CenterBundle)
                    .where(
                        CenterBundle.site_id == site_id,
                        CenterBundle.status == "held",
                        CenterBundle.from_seq <= site.last_seq + 1,
                    )
                    .order_by(CenterBundle.from_seq)
                    .limit(1)
                ).first()
                if waiting is None:
                    return tuple(released)
                data, name, sha = waiting.held_data or b"", waiting.file_name, waiting.sha256
            try:
                parsed = read_bundle(data)
                status, _reason, _outcome = self._import_parsed(
                    parsed, data, self._authenticate(parsed)
                )
            except SyncError as error:
                self._reject(data, name, error, site_id)
                with self.store.session() as session:
                    row = session.get(CenterBundle, sha)
                    if row is not None:
                        session.delete(row)
                continue
            if status == "accepted":
                released.append(name)

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

    # -- centre -> site packages ------------------------------------------------------------

    def site_package(
        self,
        site_id: str,
        expected_enrolment: int = DEFAULT_EXPECTED_ENROLMENT,
        *,
        top_up: bool = True,
    ) -> bytes:
        """A signed package, encrypted to the site, with its allocation lists and settings.

        Each stratum gets a first list, made from a fresh 256-bit seed that is kept (encrypted)
        in the centre's store and never sent. A stratum whose lists have fewer than the
        protocol's `low_stock_below` entries left (counted from the allocations the site's
        bundles reported) or that are shorter than 1.2 x `expected_enrolment` gets a numbered
        continuation list, from a new seed, by the same rules. Every package carries all of the
        site's lists in order, and every protocol version issued with `amend`; the site loads
        the ones it does not hold yet, and every query of the site with its history and every
        source verification mark. Without `top_up` no list is made (a package a site fetches
        carries what the administrator issued).
        """
        identity = self.site_identity(site_id)
        lists: list[AllocationList] = []
        with self.store.session() as session:
            declarations = self._declarations(session)
            protocol = parse_protocol(declarations[-1]) if declarations else load_protocol()
            stored: dict[str, list[AllocationList]] = {}
            for allocation in self._stored_lists(session, site_id):
                stored.setdefault(allocation.stratum, []).append(allocation)
            used = self._allocations_used(session, site_id)
            for stratum in protocol.randomization.strata:
                issued = sorted(stored.get(stratum.code, []), key=lambda item: item.list_number)
                total = sum(len(item) for item in issued)
                remaining = total - sum(used.get(item.list_id, 0) for item in issued)
                try:
                    short = total < required_list_length(expected_enrolment, protocol)
                    low = remaining < protocol.randomization.low_stock_below
                    if top_up and (not issued or short or low):
                        seed = token_hex(32)
                        allocation = build_allocation_list(
                            site_id,
                            stratum.code,
                            expected_enrolment,
                            created_at=utc_now_text(),
                            seed=seed,
                            list_number=len(issued) + 1,
                            protocol=protocol,
                        )
                        session.add(
                            CenterAllocationList(
                                list_id=allocation.list_id,
                                site_id=site_id,
                                stratum=stratum.code,
                                seed=self.seal_list_part(allocation.list_id, seed),
                                content=self.seal_list_part(
                                    allocation.list_id, json.dumps(allocation.to_dict())
                                ),
                            )
                        )
                        issued.append(allocation)
                except ValidationError as error:
                    raise SyncError(str(error)) from error
                lists.extend(issued)
            queries, marks = site_queries(session, site_id), site_marks(session, site_id)
        settings = {
            "protocol_id": protocol.protocol_id,
            "protocol_version": protocol.version,
            "registry_id": protocol.registry_id,
            "sae_report_hours": str(protocol.sae_report_hours),
        }
        return seal_site_package(
            identity, lists, settings, self.keys, declarations, queries=queries, sdv_marks=marks
        )

    def requested_package(self, request: bytes) -> bytes | None:
        """The current package of the site whose signed request (`seal_package_request`) this
        is, or None when the centre has made none for it yet (its first package is the
        administrator's). SyncError when the request does not verify against a registered,
        unrevoked site key addressed to this centre; nothing is stored then."""
        asked = open_package_request(request, self.site_identity, self.fingerprint)
        with self.store.session() as session:
            issued = session.scalar(
                select(CenterAllocationList.list_id)
                .where(CenterAllocationList.site_id == asked.site_id)
                .limit(1)
            )
        if issued is None:
            return None
        return self.site_package(asked.site_id, top_up=False)

    def seal_list_part(self, list_id: str, text: str) -> str:
        """An allocation list's seed or content, encrypted and bound to its list id."""
        nonce = token_bytes(12)
        sealed = self._lists.encrypt(nonce, text.encode("utf-8"), list_id.encode("utf-8"))
        return base64.b64encode(nonce + sealed).decode("ascii")

    def open_list_part(self, list_id: str, stored: str) -> str:
        try:
            data = base64.b64decode(stored, validate=True)
            plain = self._lists.decrypt(data[:12], data[12:], list_id.encode("utf-8"))
        except (ValueError, InvalidTag):
            raise SyncError(
                f"The stored allocation list {list_id} cannot be decrypted with this centre's key."
            ) from None
        return plain.decode("utf-8")

    def _allocations_used(self, session: Session, site_id: str) -> dict[str, int]:
        """Allocations the site's bundles reported (participants' allocation list item), by list."""
        current = list(self._catalogues(session).values())[-1]
        list_item = current.field_item("randomization", "allocation_list_id")
        rows = session.execute(
            select(CenterItem.current_value, func.count())
            .where(
                CenterItem.site_id == site_id,
                CenterItem.item_oid == list_item.oid,
                CenterItem.removed.is_(False),
            )
            .group_by(CenterItem.current_value)
        )
        return {str(list_id): int(count) for list_id, count in rows}

    def _stored_lists(self, session: Session, site_id: str) -> list[AllocationList]:
        return [
            AllocationList.from_dict(
                json.loads(self.open_list_part(row.list_id, row.content)), self.protocol
            )
            for row in session.scalars(
                select(CenterAllocationList).where(CenterAllocationList.site_id == site_id)
            )
        ]

    def allocation_lists(self, site_id: str) -> list[AllocationList]:
        """Every list issued to the site, first lists and continuations."""
        with self.store.session() as session:
            return sorted(
                self._stored_lists(session, site_id),
                key=lambda item: (item.stratum, item.list_number),
            )

    def allocation_stock_by_list(self, site_id: str) -> list[tuple[AllocationList, int]]:
        """Every list issued to the site with its entries left, as the site's bundles report."""
        with self.store.session() as session:
            used = self._allocations_used(session, site_id)
            lists = sorted(
                self._stored_lists(session, site_id),
                key=lambda item: (item.stratum, item.list_number),
            )
        return [
            (allocation, len(allocation) - used.get(allocation.list_id, 0)) for allocation in lists
        ]

    def allocation_stock(self, site_id: str) -> dict[str, tuple[int, int]]:
        """Per stratum: (entries left, entries issued) in the site's lists, as its bundles report."""
        with self.store.session() as session:
            used = self._allocations_used(session, site_id)
            result: dict[str, tuple[int, int]] = {}
            for allocation in self._stored_lists(session, site_id):
                left, issued = result.get(allocation.stratum, (0, 0))
                result[allocation.stratum] = (
                    left + len(allocation) - used.get(allocation.list_id, 0),
                    issued + len(allocation),
                )
            return result

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


def _stored_hash(session: Session, site: CenterSite, seq: int) -> str:
    if seq == 0:
        return GENESIS_HASH
    if seq == site.last_seq:
        return site.last_hash
    stored = session.scalar(
        select(CenterAuditRow.hash).where(
            CenterAuditRow.site_id == site.site_id, CenterAuditRow.seq == seq
        )
    )
    return stored or ""


def _flag_times_running_backwards(
    session: Session, site_id: str, rows: Sequence[dict[str, Any]], bundle_sha256: str
) -> str:
    """Keep a flag and return one sentence when the rows' audit times run backwards (also
    against the last row held before them); "" when they do not."""
    first = rows[0]["seq"]
    previous = (
        session.scalar(
            select(CenterAuditRow.ts).where(
                CenterAuditRow.site_id == site_id, CenterAuditRow.seq == first - 1
            )
        )
        if first > 1
        else None
    )
    earlier = None
    for row in rows:
        this, before = _utc_moment(row["ts"]), _utc_moment(previous)
        if this is not None and before is not None and this < before:
            session.add(
                CenterTimeFlag(
                    site_id=site_id,
                    seq=row["seq"],
                    ts=row["ts"],
                    previous_ts=previous,
                    bundle_sha256=bundle_sha256,
                )
            )
            earlier = earlier or (row["seq"], row["ts"], previous)
        previous = row["ts"]
    if earlier is None:
        return ""
    return (
        f"flagged: the audit times run backwards at record {earlier[0]} ({earlier[1]} after "
        f"{earlier[2]}); the site's clock may have been set back"
    )


def _utc_moment(ts: str | None) -> datetime | None:
    """An audit time for comparison, or None when it is not one."""
    try:
        moment = datetime.fromisoformat(ts) if ts is not None else None
    except ValueError:
        return None
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


ItemKey = tuple[str, str, str, str, str, str]
"""Where an item value sits: subject key, study event, form, item group, repeat key ("" when the
group does not repeat) and item OIDs."""


def bundle_changes(
    rows: Sequence[Mapping[str, Any]],
    contents: BundleContents,
    catalogues: Mapping[str, ItemCatalogue],
) -> list[ItemChange]:
    """The item changes of `rows` (those of the bundle's rows the centre is to apply: the ones
    it does not hold yet, and the ones whose data an earlier release did not keep), in audit
    order, from the bundle's clinical data (which `open_bundle` checked against its rows).
    SyncError when a change names a protocol version, item or unit the centre does not know,
    or carries a site-only item, or a signature is malformed."""
    applied = {row["seq"] for row in rows}
    changes = [change for change in contents.changes if change.seq in applied]
    for change in changes:
        _check_declared(change, catalogues)
    for signature in contents.signatures:
        if not _fits(signature, _SIGNATURE_LIMITS):
            raise SyncError("A signature in the bundle's clinical data is malformed.")
    return changes


# The longest text the centre's store keeps in each member (its column sizes).
_PLACE_LIMITS = {
    "subject_key": 32,
    "event_oid": 64,
    "form_oid": 64,
    "group_oid": 64,
    "repeat_key": 64,
    "user_id": 64,
    "mdv_oid": 64,
}
_CHANGE_LIMITS = {**_PLACE_LIMITS, "item_oid": 64, "unit": 32, "ts": 40}
_SIGNATURE_LIMITS = {**_PLACE_LIMITS, "meaning": 200, "signed_at": 40}


def _fits(entry: ItemChange | ClinicalSignature, limits: Mapping[str, int]) -> bool:
    return all(len(getattr(entry, name) or "") <= limit for name, limit in limits.items())


def _check_declared(change: ItemChange, catalogues: Mapping[str, ItemCatalogue]) -> None:
    if not _fits(change, _CHANGE_LIMITS):
        raise SyncError(f"The bundle's change of record {change.seq} is malformed.")
    catalogue = catalogues.get(change.mdv_oid)
    if catalogue is None:
        raise SyncError(
            f"Record {change.seq} was entered under the protocol version "
            f"{change.mdv_oid}, which this centre has not issued."
        )
    try:
        item = catalogue.item(change.item_oid)
    except ValidationError:
        raise SyncError(
            f"Record {change.seq} names the item {change.item_oid}, which the "
            f"protocol version {change.mdv_oid} does not declare."
        ) from None
    if item.site_only and change.value is not None:
        raise SyncError("The bundle carries site-only identifying data.")
    if change.unit is not None and change.unit not in item.units:
        raise SyncError(
            f"Record {change.seq} gives {change.item_oid} in the unit "
            f"{change.unit}, which the protocol does not declare for it."
        )


def _apply_rows(
    session: Session,
    site_id: str,
    rows: Sequence[dict[str, Any]],
    bundle_sha256: str,
    changes: Sequence[ItemChange],
    signatures: Sequence[ClinicalSignature],
) -> None:
    """Keep the audit rows as received, set the current value of every item the changes
    change and keep the signatures."""
    session.execute(
        insert(CenterAuditRow),
        [_kept_row(row) | {"site_id": site_id, "bundle_sha256": bundle_sha256} for row in rows],
    )
    _apply_items(session, site_id, changes)
    for signature in signatures:
        session.merge(
            CenterSignature(
                site_id=site_id,
                subject_key=signature.subject_key,
                event_oid=signature.event_oid,
                form_oid=signature.form_oid,
                group_oid=signature.group_oid,
                repeat_key=signature.repeat_key,
                user_id=signature.user_id,
                meaning=signature.meaning,
                signed_at=signature.signed_at,
                mdv_oid=signature.mdv_oid,
            )
        )


def _kept_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """What the centre keeps of a received audit row: a format-2 row as it came; a format-1
    row digest-only, with its number, time, user and action (never the site's table, record,
    column or values)."""
    kept = {name: row.get(name) for name in AUDIT_ROW_COLUMNS}
    if row.get("row_format", FORMAT_COLUMNS) != FORMAT_ITEMS:
        kept.update(
            dict.fromkeys(ITEM_ROW_FIELDS),
            seq=row["seq"],
            ts=row.get("ts"),
            user_id=row.get("user_id"),
            action=row.get("action"),
            row_format=FORMAT_COLUMNS,
            redacted=True,
        )
    kept["redacted"] = bool(kept["redacted"])
    return kept


def _apply_items(session: Session, site_id: str, changes: Sequence[ItemChange]) -> None:
    subjects = sorted({change.subject_key for change in changes})
    current: dict[ItemKey, CenterItem] = {}
    for chunk in _chunks(subjects):
        for found in session.scalars(
            select(CenterItem).where(
                CenterItem.site_id == site_id, CenterItem.subject_key.in_(chunk)
            )
        ):
            current[
                (
                    found.subject_key,
                    found.event_oid,
                    found.form_oid,
                    found.group_oid,
                    found.repeat_key,
                    found.item_oid,
                )
            ] = found
    for change in changes:
        key = (
            change.subject_key,
            change.event_oid,
            change.form_oid,
            change.group_oid,
            change.repeat_key,
            change.item_oid,
        )
        item = current.get(key)
        if item is not None and item.seq > change.seq:
            continue  # a later change is applied already (rows sent again after a migration)
        if item is None:
            item = CenterItem(
                site_id=site_id,
                subject_key=key[0],
                event_oid=key[1],
                form_oid=key[2],
                group_oid=key[3],
                repeat_key=key[4],
                item_oid=key[5],
            )
            current[key] = item
            session.add(item)
        item.seq, item.mdv_oid = change.seq, change.mdv_oid
        item.removed = change.action == "delete"
        if not item.removed:
            item.current_value, item.current_unit = change.value, change.unit
    _count_entered(session, site_id, subjects, current.values())


def _count_entered(
    session: Session, site_id: str, subjects: Sequence[str], items: Iterable[CenterItem]
) -> None:
    """Keep each changed participant's number of items holding a value (`current` holds all
    of their items)."""
    entered = dict.fromkeys(subjects, 0)
    for item in items:
        if not item.removed and item.current_value:
            entered[item.subject_key] += 1
    for chunk in _chunks(subjects):
        kept = {
            row.subject_key: row
            for row in session.scalars(
                select(CenterSubjectItems).where(
                    CenterSubjectItems.site_id == site_id, CenterSubjectItems.subject_key.in_(chunk)
                )
            )
        }
        for subject in chunk:
            row = kept.get(subject)
            if row is None:
                session.add(
                    CenterSubjectItems(
                        site_id=site_id, subject_key=subject, items_entered=entered[subject]
                    )
                )
            else:
                row.items_entered = entered[subject]


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
