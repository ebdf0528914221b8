"""The sites-and-sync page's data: each site's sync state, and the files the centre held back."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from msc_desktop.central.service import Center
from msc_desktop.central.tables import (
    CenterBundle,
    CenterSite,
    CenterTimeFlag,
)
from msc_desktop.sync.keys import format_fingerprint

AMBER_DAYS = 7
RED_DAYS = 14


@dataclass(frozen=True)
class HeldBundle:
    file_name: str
    from_seq: int
    to_seq: int
    waits_from: int
    waits_to: int


@dataclass(frozen=True)
class QuarantinedFile:
    name: str
    reason: str
    size: int
    kept_at: datetime


@dataclass(frozen=True)
class SiteStatus:
    site_id: str
    fingerprint: str
    registered_at: datetime
    revoked: bool
    contiguous_seq: int
    last_bundle_name: str | None
    last_bundle_at: datetime | None
    age_days: int | None
    age_level: str  # "ok", "amber", "red", "never"
    held: tuple[HeldBundle, ...]
    quarantined: tuple[QuarantinedFile, ...]
    receipts: tuple[str, ...]
    time_flags: int
    participants: int
    stock: Mapping[str, tuple[int, int]]
    lists: tuple[tuple[str, str, int, int, int], ...]  # list id, stratum, number, left, issued


def age_level(age_days: int | None) -> str:
    if age_days is None:
        return "never"
    return "red" if age_days > RED_DAYS else "amber" if age_days > AMBER_DAYS else "ok"


def site_statuses(
    center: Center, now: datetime, people: Mapping[str, int], with_stock: bool = True
) -> list[SiteStatus]:
    """Every registered site's sync state; `people` its participants (by site)."""
    with center.store.session() as session:
        sites = list(session.scalars(select(CenterSite).order_by(CenterSite.site_id)))
        last = {
            site_id: (name, at)
            for site_id, name, at in session.execute(
                select(
                    CenterBundle.site_id, CenterBundle.file_name, CenterBundle.received_at
                ).order_by(CenterBundle.received_at)
            )
        }
        held: dict[str, list[CenterBundle]] = defaultdict(list)
        for bundle in session.scalars(
            select(CenterBundle)
            .where(CenterBundle.status == "held")
            .order_by(CenterBundle.from_seq)
        ):
            held[bundle.site_id].append(bundle)
        flags = {
            site_id: count
            for site_id, count in session.execute(
                select(CenterTimeFlag.site_id, func.count()).group_by(CenterTimeFlag.site_id)
            )
        }
    receipts = _receipts(center.home.receipts_dir)
    result = []
    for site in sites:
        name, at = last.get(site.site_id, (None, None))
        age = (now - at).days if at is not None else None
        result.append(
            SiteStatus(
                site_id=site.site_id,
                fingerprint=format_fingerprint(site.fingerprint),
                registered_at=site.registered_at,
                revoked=site.revoked_at is not None,
                contiguous_seq=site.last_seq,
                last_bundle_name=name,
                last_bundle_at=at,
                age_days=age,
                age_level=age_level(age),
                held=tuple(
                    HeldBundle(
                        bundle.file_name,
                        bundle.from_seq,
                        bundle.to_seq,
                        site.last_seq + 1,
                        bundle.from_seq - 1,
                    )
                    for bundle in held.get(site.site_id, [])
                ),
                quarantined=tuple(quarantined_files(center, site.site_id)),
                receipts=tuple(name for name in receipts if name.startswith(f"{site.site_id}-")),
                time_flags=int(flags.get(site.site_id, 0)),
                participants=int(people.get(site.site_id, 0)),
                stock=center.allocation_stock(site.site_id) if with_stock else {},
                lists=tuple(
                    (
                        allocation.list_id,
                        allocation.stratum,
                        allocation.list_number,
                        left,
                        len(allocation),
                    )
                    for allocation, left in (
                        center.allocation_stock_by_list(site.site_id) if with_stock else ()
                    )
                ),
            )
        )
    return result


def _receipts(folder: Path) -> list[str]:
    try:
        return sorted(
            (
                entry.name
                for entry in os.scandir(folder)
                if entry.is_file() and entry.name.endswith(".receipt")
            ),
            reverse=True,
        )
    except OSError:
        return []


def quarantine_folder(center: Center, site_id: str) -> Path:
    return center.home.quarantine_dir / site_id


def quarantined_files(center: Center, site_id: str) -> list[QuarantinedFile]:
    """The rejected files kept for a site, newest first, each with its reason."""
    folder = quarantine_folder(center, site_id)
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not entry.is_file(follow_symlinks=False) or entry.name.endswith(".reason.txt"):
            continue
        try:
            with open(folder / f"{entry.name}.reason.txt", encoding="utf-8") as stream:
                reason = stream.read(2000).strip()
        except (OSError, UnicodeDecodeError):
            reason = ""
        stat = entry.stat(follow_symlinks=False)
        found.append(
            QuarantinedFile(
                entry.name,
                reason,
                stat.st_size,
                datetime.fromtimestamp(stat.st_mtime, UTC).replace(tzinfo=None),
            )
        )
    return sorted(found, key=lambda kept: kept.name, reverse=True)
