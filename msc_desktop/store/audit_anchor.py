"""The audit chain's anchors (DESIGN section 3, "Anchored audit chain").

Walking the chain proves every row links to the one before, but not that no row was removed from
the end, nor that someone holding the database key did not edit a row and recompute every later
hash. So the chain's head is also kept outside the database: `audit-anchor.json` in the data
folder holds the last sequence number and hash seen after a save, MAC'd with a key derived from
the database key, and the last receipt the centre signed (its highest contiguous sequence number
and hash, and the receipt itself) as a second anchor. A trail whose head is behind either anchor,
or whose row at an anchor's number has another hash, is reported: at sign-in and by
`msc-site verify-audit`.

The anchor only moves forward while it agrees with the trail: once a problem is found it stays
until an administrator reseals (after a restore, a database rekey, or an investigation).
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import hmac
import json
import logging
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Connection

from msc_desktop.errors import StoreError
from msc_desktop.files import read_limited, write_atomically
from msc_desktop.messages import Message
from msc_desktop.store.audit_chain import GENESIS_HASH

ANCHOR_FILE = "audit-anchor.json"
SETTING_ANCHORED = "audit.anchored"
_FORMAT = 1
_MAX_BYTES = 64 * 1024
_HEAD_SQL = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
_HASH_AT_SQL = "SELECT hash FROM audit_log WHERE seq = ?"
_SETTING_SQL = "SELECT value FROM site_setting WHERE name = ?"
log = logging.getLogger("msc_desktop.store.audit_anchor")


@dataclass(frozen=True)
class Anchor:
    """The sealed head of the chain, and what the centre's last receipt acknowledged."""

    seq: int
    hash: str
    receipt_seq: int = 0
    receipt_hash: str = GENESIS_HASH
    receipt: str = ""  # base64 of the centre's signed receipt, kept for an auditor

    def fields(self) -> dict[str, Any]:
        return {
            "format": _FORMAT,
            "seq": self.seq,
            "hash": self.hash,
            "receipt_seq": self.receipt_seq,
            "receipt_hash": self.receipt_hash,
            "receipt": self.receipt,
        }


class _Unreadable(Exception):
    """The anchor file exists but is not one this database's key sealed."""


def anchor_path(data_dir: Path) -> Path:
    return Path(data_dir) / ANCHOR_FILE


def _anchor_key(db_key: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"msc-desktop audit anchor v1"
    ).derive(db_key)


def _mac(db_key: bytes, fields: dict[str, Any]) -> str:
    encoded = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hmac.new(_anchor_key(db_key), encoded, hashlib.sha256).hexdigest()


class _AnchorFile:
    """One data folder's anchor file. A save only queues the new anchor: a background thread
    writes it (an fsync on every save would double the save's cost), and readers see the queued
    one first. An anchor that lags behind after a crash is never reported as a problem."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.write_lock = threading.Lock()
        self.pending: bytes | None = None
        self.thread: threading.Thread | None = None

    def put(self, body: bytes) -> None:
        with self.lock:
            self.pending = body
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="audit-anchor", daemon=True)
                self.thread.start()

    def current(self) -> bytes | None:
        """The queued anchor, else the file's bytes; None when there is neither."""
        with self.lock:
            if self.pending is not None:
                return self.pending
        if not self.path.exists():
            return None
        return read_limited(self.path, _MAX_BYTES, StoreError)

    def flush(self) -> None:
        """Writes the queued anchor now and waits for the writer (at close, and at exit)."""
        with self.lock:
            body, thread = self.pending, self.thread
        if body is not None:
            self._write(body)
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        while True:
            with self.lock:
                body = self.pending
                if body is None:
                    self.thread = None
                    return
            self._write(body)

    def _write(self, body: bytes) -> None:
        with self.write_lock:
            try:
                write_atomically(self.path, body, StoreError, secret=True)
            except StoreError:
                log.warning("the audit anchor could not be written")
            with self.lock:
                if self.pending is body:
                    self.pending = None


_FILES: dict[Path, _AnchorFile] = {}
_FILES_LOCK = threading.Lock()


def _file(data_dir: Path) -> _AnchorFile:
    path = anchor_path(data_dir).absolute()
    with _FILES_LOCK:
        return _FILES.setdefault(path, _AnchorFile(path))


def flush_anchor(data_dir: Path) -> None:
    """Writes the data folder's queued anchor, if any, before returning."""
    _file(data_dir).flush()


@atexit.register
def _flush_all() -> None:
    with _FILES_LOCK:
        files = list(_FILES.values())
    for anchor_file in files:
        anchor_file.flush()


def _read(data_dir: Path, db_key: bytes) -> Anchor | None:
    """The sealed anchor; None when there is none; _Unreadable when it does not verify."""
    try:
        data = _file(data_dir).current()
        if data is None:
            return None
        document = json.loads(data)
    except (StoreError, UnicodeDecodeError, ValueError, RecursionError):
        raise _Unreadable from None
    if not isinstance(document, dict) or not isinstance(document.get("mac"), str):
        raise _Unreadable
    mac = document.pop("mac")
    if not hmac.compare_digest(mac, _mac(db_key, document)) or document.get("format") != _FORMAT:
        raise _Unreadable
    try:
        return Anchor(
            int(document["seq"]),
            str(document["hash"]),
            int(document["receipt_seq"]),
            str(document["receipt_hash"]),
            str(document["receipt"]),
        )
    except (KeyError, TypeError, ValueError):
        raise _Unreadable from None


def _write(data_dir: Path, db_key: bytes, anchor: Anchor) -> None:
    """Queues the new anchor for writing (0600 from creation, atomically)."""
    fields = anchor.fields()
    _file(data_dir).put(
        json.dumps({**fields, "mac": _mac(db_key, fields)}, sort_keys=True).encode("utf-8")
    )


def _head(connection: Connection) -> tuple[int, str]:
    row = connection.exec_driver_sql(_HEAD_SQL).first()
    return (int(row[0]), str(row[1])) if row is not None else (0, GENESIS_HASH)


def _hash_at(connection: Connection, seq: int) -> str | None:
    if seq == 0:
        return GENESIS_HASH
    found = connection.exec_driver_sql(_HASH_AT_SQL, (seq,)).scalar()
    return None if found is None else str(found)


def anchor_problems(connection: Connection, data_dir: Path, db_key: bytes) -> list[Message]:
    """What the anchors say is wrong with the trail in `connection` (empty when all is well)."""
    try:
        anchor = _read(data_dir, db_key)
    except _Unreadable:
        return [
            Message(
                "The audit trail's sealed anchor ({file}) was altered or does not belong to this "
                "database; the trail cannot be checked for removed records.",
                file=ANCHOR_FILE,
            )
        ]
    if anchor is None:
        if connection.exec_driver_sql(_SETTING_SQL, (SETTING_ANCHORED,)).scalar() is None:
            return []
        return [
            Message(
                "The audit trail's sealed anchor ({file}) is missing, so the trail cannot be "
                "checked for removed records; it may have been deleted to hide a change.",
                file=ANCHOR_FILE,
            )
        ]
    head_seq, _head_hash = _head(connection)
    problems = []
    if anchor.seq > head_seq:
        problems.append(
            Message(
                "The audit trail ends at record {head}, but record {sealed} was sealed after a "
                "save: records {first}-{sealed} were removed.",
                head=head_seq,
                sealed=anchor.seq,
                first=head_seq + 1,
            )
        )
    elif _hash_at(connection, anchor.seq) != anchor.hash:
        problems.append(
            Message(
                "Audit record {seq} is not the one sealed after it was written: the trail was "
                "rewritten from there on.",
                seq=anchor.seq,
            )
        )
    if anchor.receipt_seq > head_seq:
        problems.append(
            Message(
                "The audit trail ends at record {head}, but the centre acknowledged records up "
                "to {sealed}: records {first}-{sealed} were removed.",
                head=head_seq,
                sealed=anchor.receipt_seq,
                first=head_seq + 1,
            )
        )
    elif _hash_at(connection, anchor.receipt_seq) != anchor.receipt_hash:
        problems.append(
            Message(
                "Audit record {seq} differs from the one the centre acknowledged: the trail "
                "was rewritten from there on.",
                seq=anchor.receipt_seq,
            )
        )
    return problems


def advance_anchor(
    connection: Connection, data_dir: Path, db_key: bytes, sealed_seq: int | None
) -> int | None:
    """Seals the trail's current head after a save; returns the sealed sequence number.

    `sealed_seq` is what the caller sealed last: when the head is still there nothing is read.
    Nothing is written (None) while the existing anchor disagrees with the trail: the problem
    stays visible until `reseal_anchor`.
    """
    head_seq, head_hash = _head(connection)
    if head_seq == sealed_seq:
        return sealed_seq
    try:
        anchor = _read(data_dir, db_key)
    except _Unreadable:
        return None
    if anchor is None:
        if connection.exec_driver_sql(_SETTING_SQL, (SETTING_ANCHORED,)).scalar() is not None:
            return None
        _write(data_dir, db_key, Anchor(head_seq, head_hash))
        connection.exec_driver_sql(
            "INSERT INTO site_setting (name, value) VALUES (?, ?)", (SETTING_ANCHORED, "1")
        )
        connection.commit()
        return head_seq
    if anchor.seq == head_seq and anchor.hash == head_hash:
        return head_seq
    if anchor.seq > head_seq or _hash_at(connection, anchor.seq) != anchor.hash:
        return None
    if (
        anchor.receipt_seq > head_seq
        or _hash_at(connection, anchor.receipt_seq) != anchor.receipt_hash
    ):
        return None
    _write(data_dir, db_key, replace(anchor, seq=head_seq, hash=head_hash))
    return head_seq


def seal_receipt(data_dir: Path, db_key: bytes, seq: int, chain_hash: str, receipt: bytes) -> None:
    """Keeps a checked centre receipt as the second anchor (the caller verified its signature
    and that record `seq` of this trail has `chain_hash`)."""
    try:
        anchor = _read(data_dir, db_key)
    except _Unreadable:
        return
    if anchor is None or seq < anchor.receipt_seq:
        return
    _write(
        data_dir,
        db_key,
        replace(
            anchor,
            receipt_seq=seq,
            receipt_hash=chain_hash,
            receipt=base64.b64encode(receipt).decode("ascii"),
        ),
    )


def reseal_anchor(connection: Connection, data_dir: Path, db_key: bytes) -> None:
    """Seals the trail as it is now, dropping the receipt anchor: after a restore, a rekey, or
    an administrator's decision once a reported problem was looked into."""
    head_seq, head_hash = _head(connection)
    _write(data_dir, db_key, Anchor(head_seq, head_hash))
    if connection.exec_driver_sql(_SETTING_SQL, (SETTING_ANCHORED,)).scalar() is None:
        connection.exec_driver_sql(
            "INSERT INTO site_setting (name, value) VALUES (?, ?)", (SETTING_ANCHORED, "1")
        )
    connection.commit()


def rekey_anchor(data_dir: Path, old_key: bytes, new_key: bytes) -> None:
    """Seals the anchor again under a new database key (call it right after `PRAGMA rekey`),
    keeping what it says; an anchor the old key did not seal is left as it is (still reported)."""
    try:
        anchor = _read(data_dir, old_key)
    except _Unreadable:
        return
    if anchor is not None:
        _write(data_dir, new_key, anchor)
        flush_anchor(data_dir)
