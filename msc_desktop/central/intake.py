"""Importing bundles at the centre and issuing signed receipts (`Center.import_files`,
`import_bundle`, `verify_upload`).

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

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, Literal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from msc_desktop.central.apply import (
    apply_rows,
    bundle_changes,
    flag_times_running_backwards,
    stored_hash,
)
from msc_desktop.central.core import CenterCore
from msc_desktop.central.edit_checks import after_import
from msc_desktop.central.tables import CenterBundle, CenterSite, utc_now
from msc_desktop.errors import StoreError, SyncError
from msc_desktop.files import read_limited
from msc_desktop.sync.bundle import (
    BundleContents,
    BundleHeader,
    ParsedBundle,
    check_addressing,
    open_bundle,
    read_bundle,
    verify_bundle_file,
)
from msc_desktop.sync.keys import PublicIdentity
from msc_desktop.sync.packages import Receipt, ReceiptStatus, seal_receipt, utc_now_text

log = logging.getLogger("msc_desktop.central.service")

Status = Literal["accepted", "duplicate", "held", "rejected"]
ProgressCallback = Callable[[int, int, str], None]


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


class BundleIntake(CenterCore):
    """The centre's import of bundles (see the module docstring)."""

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
        if stored_hash(session, site, link_seq) != header.prev_hash:
            raise SyncError(
                f"The bundle does not continue the chain the centre holds for site "
                f"{site.site_id} at record {link_seq}."
            )
        overlap_end = min(held_seq, header.to_seq)
        if overlap_end >= header.from_seq:
            row = contents.rows[overlap_end - header.from_seq]
            if stored_hash(session, site, overlap_end) != row["hash"]:
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
            reason = flag_times_running_backwards(session, site.site_id, new_rows, parsed.sha256)
        if new_rows or refill:
            catalogues = self._catalogues(session)
            changes = bundle_changes(refill + new_rows, contents, catalogues)
            apply_rows(session, site.site_id, new_rows, parsed.sha256, changes, contents.signatures)
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
