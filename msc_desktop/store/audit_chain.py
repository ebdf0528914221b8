"""The audit trail's hash chain (docs/formats.md section 4), in pure Python.

Each audit row is reduced to `row_digest` = SHA-256 of its canonical JSON encoding, and linked as
`hash = SHA-256(prev_hash || row_digest)` with `prev_hash` of the first row = 32 zero bytes. The
chain runs over the digest, not the raw row, so a bundle can redact the values of site-only rows
(names, phones) and the coordinating centre can still verify every link: for a row marked
`redacted` it takes `row_digest` as given; for every other row it recomputes it.

A redacted row's digest must not give its values away to whoever holds the rest of the row (a
name list or every phone number can be tried in seconds against a plain SHA-256), so the digest
of a site-only row that holds a value is keyed: HMAC-SHA256 under the site's own secret
(`SiteDigestKey`), which never leaves the site. Rows written before a site had its secret keep
their plain digest (the chain cannot be rewritten), so the key states the first row it covers.

Rows come in two formats (`row_format`). Format 1 (the first releases) names the site's table,
record id and column. Format 2 (an item row) names what a person and the centre know instead: the
participant (`subject_key`), the protocol's StudyEvent, Form, ItemGroup and Item OIDs, the
group's `repeat_key` (an AE number...), the value with its unit before and after, and the
MetaDataVersion (`mdv_oid`) it was entered under; an event row of format 2 names its `target` in
a neutral vocabulary (`USER:nurse`, `SITE:01`...). A format-2 digest covers no site table or
column name: the site keeps where a row came from (`table_name`, `record_id`, `field`) for its
own lookups only, outside the digest. A chain may hold both formats: an upgraded site's old rows
keep verifying as format 1 and its new rows continue the chain as format 2.

The site store and the centre both use `verify_chain`; nothing here imports SQLAlchemy.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "00" * 32
FORMAT_COLUMNS = 1
FORMAT_ITEMS = 2

ROW_FIELDS = (
    "seq",
    "ts",
    "user_id",
    "action",
    "table_name",
    "record_id",
    "field",
    "old_value",
    "new_value",
    "reason",
)


#: What a format-2 row's digest covers, in this order (after the leading 2).
ITEM_ROW_FIELDS = (
    "seq",
    "ts",
    "user_id",
    "action",
    "target",
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
)


def canonical_row(
    seq: int,
    ts: str,
    user_id: str,
    action: str,
    table_name: str,
    record_id: str,
    field: str | None,
    old_value: str | None,
    new_value: str | None,
    reason: str | None,
) -> bytes:
    """The exact bytes the row digest is taken over (docs/formats.md section 4)."""
    return json.dumps(
        [seq, ts, user_id, action, table_name, record_id, field, old_value, new_value, reason],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


def canonical_item_row(row: Mapping[str, Any]) -> bytes:
    """The exact bytes a format-2 row's digest is taken over: JSON `[2, seq, ts, ...]` with the
    `ITEM_ROW_FIELDS` of `row` (docs/formats.md section 4)."""
    return json.dumps(
        [FORMAT_ITEMS, *(row[name] for name in ITEM_ROW_FIELDS)],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


def canonical_of_mapping(row: Mapping[str, Any]) -> bytes:
    """The canonical bytes of a row of either format, given as a mapping."""
    if row.get("row_format", FORMAT_COLUMNS) == FORMAT_ITEMS:
        return canonical_item_row(row)
    if row.get("row_format", FORMAT_COLUMNS) != FORMAT_COLUMNS:
        raise ValueError("unknown audit row format", row.get("row_format"))
    return canonical_row(*(row[name] for name in ROW_FIELDS))


def row_digest(
    seq: int,
    ts: str,
    user_id: str,
    action: str,
    table_name: str,
    record_id: str,
    field: str | None,
    old_value: str | None,
    new_value: str | None,
    reason: str | None,
) -> str:
    """Hex SHA-256 of `canonical_row(...)`."""
    encoded = canonical_row(
        seq, ts, user_id, action, table_name, record_id, field, old_value, new_value, reason
    )
    return hashlib.sha256(encoded).hexdigest()


def is_redactable(site_only: object, old_value: str | None, new_value: str | None) -> bool:
    """A site-only row that holds a value: its values stay at the site, its digest is keyed."""
    return bool(site_only) and (old_value is not None or new_value is not None)


@dataclass(frozen=True)
class SiteDigestKey:
    """The site's secret for the digests of redactable rows numbered `keyed_from` and later."""

    secret: bytes
    keyed_from: int

    def covers_seq(self, seq: int) -> bool:
        return seq >= self.keyed_from

    def covers(self, row: Mapping[str, Any]) -> bool:
        return self.covers_seq(row["seq"]) and is_redactable(
            row.get("site_only"), row["old_value"], row["new_value"]
        )

    def digest_of(self, encoded: bytes) -> str:
        """Hex HMAC-SHA256 of canonical bytes under the site's secret."""
        return hmac.new(self.secret, encoded, hashlib.sha256).hexdigest()


def link_hash(prev_hash: str, digest: str) -> str:
    """Hex SHA-256 of the previous link's 32 bytes followed by this row's digest's 32 bytes."""
    return hashlib.sha256(bytes.fromhex(prev_hash) + bytes.fromhex(digest)).hexdigest()


def digest_of_mapping(row: Mapping[str, Any], key: SiteDigestKey | None = None) -> str:
    """The digest of a row of either format given as a mapping (format 1: at least the ten
    `ROW_FIELDS`; format 2: `row_format` 2 and the `ITEM_ROW_FIELDS`): keyed when `key` covers
    it, else plain SHA-256."""
    encoded = canonical_of_mapping(row)
    if key is not None and key.covers(row):
        return key.digest_of(encoded)
    return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """The result of walking a chain.

    `ok` is true when every link holds. `count` is the number of rows checked before the first
    break (all rows when ok). `first_broken_seq` is the sequence number of the first row that
    fails, and `problem` says in one sentence what failed there. `last_seq`/`last_hash` describe
    the last good link (the starting point when no row was good).
    """

    ok: bool
    count: int
    last_seq: int
    last_hash: str
    first_broken_seq: int | None = None
    problem: str | None = None


def verify_chain(
    rows: Iterable[Mapping[str, Any]],
    start_seq: int = 0,
    start_hash: str = GENESIS_HASH,
    key: SiteDigestKey | None = None,
) -> ChainReport:
    """Walk `rows` in order and report the first broken link.

    The rows must continue the chain after `start_seq` whose hash is `start_hash` (seq 0 and the
    genesis hash for a whole database). A row breaks the chain when its seq is not the next
    number, its `prev_hash` is not the previous row's hash, its `row_digest` does not match its
    content (unless it is `redacted`), or its `hash` is not `link_hash(prev_hash, row_digest)`.
    `key` is the site's digest secret (at the site; the centre only sees redacted rows).
    """
    expected_seq = start_seq + 1
    previous = start_hash
    count = 0
    for row in rows:
        problem = _row_problem(row, expected_seq, previous, key)
        if problem is not None:
            return ChainReport(
                ok=False,
                count=count,
                last_seq=expected_seq - 1,
                last_hash=previous,
                first_broken_seq=_seq_or_expected(row, expected_seq),
                problem=problem,
            )
        previous = str(row["hash"])
        expected_seq += 1
        count += 1
    return ChainReport(ok=True, count=count, last_seq=expected_seq - 1, last_hash=previous)


def _seq_or_expected(row: Mapping[str, Any], expected_seq: int) -> int:
    seq = row.get("seq")
    return seq if isinstance(seq, int) and not isinstance(seq, bool) else expected_seq


def _row_problem(
    row: Mapping[str, Any], expected_seq: int, previous: str, key: SiteDigestKey | None
) -> str | None:
    seq = row.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq != expected_seq:
        return f"audit row {expected_seq} is missing or out of order (found {seq!r})"
    if row.get("prev_hash") != previous:
        return f"audit row {seq} does not link to the row before it"
    digest = row.get("row_digest")
    if not _is_hex_digest(digest):
        return f"audit row {seq} has no valid digest"
    if not row.get("redacted"):
        try:
            recomputed = digest_of_mapping(row, key)
        except (KeyError, TypeError, ValueError):
            return f"audit row {seq} is incomplete"
        if recomputed != digest:
            return f"audit row {seq} was altered after it was written"
    stated_hash = row.get("hash")
    if not _is_hex_digest(stated_hash) or link_hash(previous, str(digest)) != stated_hash:
        return f"audit row {seq} has a wrong chain hash"
    return None


def _is_hex_digest(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 64:
        return False
    return all(character in "0123456789abcdef" for character in value)
