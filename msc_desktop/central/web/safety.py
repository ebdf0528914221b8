"""The safety page's data: serious adverse events and their reporting clocks, AEs by grade and
relationship per arm (read from the items, as `data`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from msc_desktop.central.tables import (
    CenterAuditRow,
    CenterBundle,
    CenterItem,
)
from msc_desktop.central.web.data import Key, Reader, utc


@dataclass(frozen=True)
class SeriousEvent:
    site_id: str
    subject_key: str
    number: str
    term: str
    onset: str
    aware_at: str
    reported_at: str
    received_at: datetime | None
    status: str  # "met", "late", "overdue", "pending"
    hours: float | None


@dataclass(frozen=True)
class Safety:
    serious: list[SeriousEvent]
    by_grade: dict[tuple[str, str], int]  # (grade, arm)
    by_relation: dict[tuple[str, str], int]  # (relationship, arm)
    total: dict[str, int]  # arm -> AEs
    report_hours: int


def safety(reader: Reader, now: datetime) -> Safety:
    fields = ("term", "onset_date", "aware_at", "grade", "serious", "relationship", "reported_at")
    oids = {reader.oid("adverse_event", name): name for name in fields}
    arm_oid = reader.oid("randomization", "arm")
    serious_oid = reader.oid("adverse_event", "serious")
    events: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
    arms: dict[Key, str] = {}
    with reader.center.store.session() as session:
        for site, subject, repeat, item_oid, value in session.execute(
            select(
                CenterItem.site_id,
                CenterItem.subject_key,
                CenterItem.repeat_key,
                CenterItem.item_oid,
                CenterItem.current_value,
            ).where(CenterItem.removed.is_(False), CenterItem.item_oid.in_([*oids, arm_oid]))
        ):
            if item_oid == arm_oid:
                arms[(site, subject)] = value or ""
            else:
                events[(site, subject, repeat)][oids[item_oid]] = value or ""
        # When the centre received each SAE: the bundle carrying the first row that made it one.
        first = (
            select(
                CenterAuditRow.site_id,
                CenterAuditRow.subject_key,
                CenterAuditRow.repeat_key,
                func.min(CenterAuditRow.seq),
            )
            .where(CenterAuditRow.item_oid == serious_oid, CenterAuditRow.new_value == "Y")
            .group_by(CenterAuditRow.site_id, CenterAuditRow.subject_key, CenterAuditRow.repeat_key)
        )
        received: dict[tuple[str, str, str], datetime] = {}
        for site, subject, repeat, seq in session.execute(first):
            at = session.scalar(
                select(CenterBundle.received_at)
                .join(CenterAuditRow, CenterAuditRow.bundle_sha256 == CenterBundle.sha256)
                .where(CenterAuditRow.site_id == site, CenterAuditRow.seq == seq)
            )
            if at is not None:
                received[(site, subject or "", repeat or "")] = at
    hours = reader.protocol.sae_report_hours
    serious = []
    by_grade: Counter[tuple[str, str]] = Counter()
    by_relation: Counter[tuple[str, str]] = Counter()
    total: Counter[str] = Counter()
    for key, values in sorted(events.items()):
        arm = arms.get((key[0], key[1]), "")
        total[arm] += 1
        by_grade[(values.get("grade", ""), arm)] += 1
        by_relation[(values.get("relationship", ""), arm)] += 1
        if values.get("serious") != "Y":
            continue
        aware = utc(values.get("aware_at"))
        arrived = received.get(key)
        reported = utc(values.get("reported_at"))
        first_report = min(
            (moment for moment in (arrived, reported) if moment is not None), default=None
        )
        taken = (
            (first_report - aware).total_seconds() / 3600
            if first_report is not None and aware is not None
            else None
        )
        if taken is not None:
            status = "met" if taken <= hours else "late"
        elif aware is not None and now - aware > timedelta(hours=hours):
            status = "overdue"
        else:
            status = "pending"
        serious.append(
            SeriousEvent(
                key[0],
                key[1],
                key[2],
                values.get("term", ""),
                values.get("onset_date", ""),
                values.get("aware_at", ""),
                values.get("reported_at", ""),
                arrived,
                status,
                None if taken is None else round(taken, 1),
            )
        )
    return Safety(serious, dict(by_grade), dict(by_relation), dict(total), hours)
