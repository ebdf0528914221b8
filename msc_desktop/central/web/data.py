"""What the centre's pages show, read from the store by item identity (DESIGN sections 10, 12).

Each function reads only the items it needs (by OID, from the current protocol's catalogue) in
one query and returns plain dataclasses the templates render; nothing here knows a site's tables.
A participant is (site, subject key). Times the sites record without an offset are read as UTC.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, case, func, select

from msc_desktop.central.service import Center
from msc_desktop.central.tables import (
    CenterAuditRow,
    CenterBundle,
    CenterItem,
    CenterPageCache,
    CenterProtocolVersion,
    CenterSignature,
    CenterSite,
    CenterTimeFlag,
)
from msc_desktop.domain.items import ItemCatalogue, ItemDef
from msc_desktop.domain.protocol import Criterion, Protocol
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.domain.schedule import visit_schedule
from msc_desktop.errors import ValidationError
from msc_desktop.sync.keys import format_fingerprint

AMBER_DAYS = 7
RED_DAYS = 14
EXPECTED_INFUSIONS = 3
INFUSION_GIVEN = "completed"
SCREEN_FAILED = "screen failed"
# Criteria whose failure the centre can read from the answered items; the others (age, Child-Pugh,
# decompensation, lab dates) need what stays at the site or its computation.
_COINFECTIONS = ("etiology_hcv", "etiology_hdv", "etiology_hev", "etiology_hiv")
OTHER_REASON = "other"


def _utc(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


# -- sites and sync -------------------------------------------------------------------------


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


# -- participants -----------------------------------------------------------------------------

Key = tuple[str, str]  # (site, subject)


@dataclass
class Participant:
    site_id: str
    subject_key: str
    status: str = ""
    arm: str = ""
    stratum: str = ""
    day0: date | None = None
    screening: dict[str, str] = field(default_factory=dict)
    written_consent: str = ""
    visit_dates: dict[str, date] = field(default_factory=dict)
    missed: set[str] = field(default_factory=set)
    infusions_given: int = 0
    disposition: str = ""


class Reader:
    """The catalogue of the current protocol version and the OIDs of the fields pages read."""

    def __init__(self, center: Center) -> None:
        self.center = center
        self.catalogues = center.catalogues()
        self.current: ItemCatalogue = list(self.catalogues.values())[-1]
        self.protocol: Protocol = self.current.protocol

    def oid(self, form_id: str, name: str) -> str:
        return self.current.field_item(form_id, name).oid

    def item_def(self, oid: str, mdv_oid: str) -> ItemDef | None:
        for catalogue in (self.catalogues.get(mdv_oid), self.current):
            if catalogue is None:
                continue
            try:
                return catalogue.item(oid)
            except ValidationError:
                continue
        return None

    def participants(self, site_id: str | None = None) -> dict[Key, Participant]:
        """Every participant with the facts the overview, enrolment and completeness use."""
        wanted = {
            self.oid("registration", "status"): "status",
            self.oid("randomization", "arm"): "arm",
            self.oid("randomization", "stratum"): "stratum",
            self.oid("randomization", "day0"): "day0",
            self.oid("consent", "written_consent"): "written_consent",
            self.oid("visit", "visit_date"): "visit_date",
            self.oid("visit", "not_done_reason"): "not_done",
            self.oid("infusion", "status"): "infusion",
            self.oid("disposition", "status"): "disposition",
        }
        screening_fields = self._screening_fields()
        for name, oid in screening_fields.items():
            wanted.setdefault(oid, f"screening:{name}")
        visit_forms = {self.current.form("visit").oid}
        events = {event.oid: event.visit_code for event in self.current.events}
        query = select(
            CenterItem.site_id,
            CenterItem.subject_key,
            CenterItem.event_oid,
            CenterItem.form_oid,
            CenterItem.item_oid,
            CenterItem.current_value,
        ).where(CenterItem.removed.is_(False), CenterItem.item_oid.in_(list(wanted)))
        if site_id is not None:
            query = query.where(CenterItem.site_id == site_id)
        # Every participant has a status from registration on, so these rows name them all.
        found: dict[Key, Participant] = {}
        with self.center.store.session() as session:
            for site, subject, event_oid, form_oid, item_oid, value in session.execute(query):
                person = found.get((site, subject))
                if person is None:
                    person = found[(site, subject)] = Participant(site, subject)
                what = wanted[item_oid]
                text = value or ""
                if what == "status":
                    person.status = text
                elif what == "arm":
                    person.arm = text
                elif what == "stratum":
                    person.stratum = text
                elif what == "day0":
                    person.day0 = _date(text)
                elif what == "written_consent":
                    person.written_consent = text
                elif what == "visit_date" and form_oid in visit_forms:
                    code = events.get(event_oid)
                    moment = _date(text)
                    if code and moment is not None:
                        person.visit_dates[code] = moment
                elif what == "not_done" and text:
                    code = events.get(event_oid)
                    if code:
                        person.missed.add(code)
                elif what == "infusion" and text == INFUSION_GIVEN:
                    person.infusions_given += 1
                elif what == "disposition":
                    person.disposition = text
                elif what.startswith("screening:"):
                    person.screening[what.removeprefix("screening:")] = text
        return found

    def _screening_fields(self) -> dict[str, str]:
        names = {
            criterion.answer_field
            for criterion in self.protocol.eligibility.criteria
            if criterion.answer_field
        } | {"etiology_hbv", *_COINFECTIONS}
        found = {}
        for name in sorted(names):
            try:
                found[name] = self.oid("screening", name)
            except ValidationError:
                continue  # a version without this item
        return found


def screen_fail_reasons(reader: Reader, person: Participant) -> list[str]:
    """The criteria codes the answered screening items show unmet ("other" when none does)."""
    reasons = [
        criterion.code
        for criterion in reader.protocol.eligibility.criteria
        if _unmet(criterion, person)
    ]
    return reasons or [OTHER_REASON]


def _unmet(criterion: Criterion, person: Participant) -> bool:
    answers = person.screening
    if criterion.answer_field:
        return answers.get(criterion.answer_field) == "Y"
    if criterion.derivation == "hbv_cirrhosis":
        return answers.get("etiology_hbv") == "N"
    if criterion.derivation == "viral_coinfection":
        return any(answers.get(name) == "Y" for name in _COINFECTIONS)
    if criterion.derivation == "written_consent":
        return person.written_consent == "N"
    return False


# -- enrolment -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Enrolment:
    target: int
    screened: int
    screen_failed: int
    in_screening: int
    randomized: int
    by_site: list[
        tuple[str, int, int, int, dict[str, int]]
    ]  # site, screened, failed, randomized, arms
    by_arm_stratum: dict[tuple[str, str], int]
    failure_reasons: list[tuple[str, int]]
    consort: dict[str, int]
    monthly: list[tuple[str, int, int]]  # month, randomized that month, cumulative


def enrolment(reader: Reader, people: Mapping[Key, Participant]) -> Enrolment:
    arms = [arm.code for arm in reader.protocol.arms]
    sites: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    site_arms: dict[str, Counter[str]] = defaultdict(Counter)
    by_arm_stratum: Counter[tuple[str, str]] = Counter()
    reasons: Counter[str] = Counter()
    months: Counter[str] = Counter()
    consort: Counter[str] = Counter()
    for person in people.values():
        counts = sites[person.site_id]
        counts[0] += 1
        if person.status == SCREEN_FAILED:
            counts[1] += 1
            for reason in screen_fail_reasons(reader, person):
                reasons[reason] += 1
        if person.arm in arms:
            counts[2] += 1
            site_arms[person.site_id][person.arm] += 1
            by_arm_stratum[(person.arm, person.stratum)] += 1
            consort[f"allocated:{person.arm}"] += 1
            if person.infusions_given:
                consort[f"infused:{person.arm}"] += 1
            if person.disposition == "COMPLETED":
                consort[f"completed:{person.arm}"] += 1
            elif person.disposition:
                consort[f"discontinued:{person.arm}"] += 1
            if person.day0 is not None:
                months[person.day0.strftime("%Y-%m")] += 1
    screened = sum(counts[0] for counts in sites.values())
    failed = sum(counts[1] for counts in sites.values())
    randomized = sum(counts[2] for counts in sites.values())
    consort.update(
        {
            "screened": screened,
            "screen_failed": failed,
            "in_screening": screened - failed - randomized,
            "randomized": randomized,
        }
    )
    monthly = []
    total = 0
    for month in _months(sorted(months)):
        total += months[month]
        monthly.append((month, months[month], total))
    order = {
        criterion.code: index
        for index, criterion in enumerate(reader.protocol.eligibility.criteria)
    }
    return Enrolment(
        # A version declared in format 1 states no target: the one this software ships does.
        target=reader.protocol.target_enrolment or load_protocol().target_enrolment or 0,
        screened=screened,
        screen_failed=failed,
        in_screening=screened - failed - randomized,
        randomized=randomized,
        by_site=[
            (site, sites[site][0], sites[site][1], sites[site][2], dict(site_arms[site]))
            for site in sorted(sites)
        ],
        by_arm_stratum=dict(by_arm_stratum),
        failure_reasons=sorted(reasons.items(), key=lambda pair: order.get(pair[0], 99)),
        consort=dict(consort),
        monthly=monthly,
    )


def _months(present: Sequence[str]) -> list[str]:
    """Every month from the first to the last present one (months without any included)."""
    if not present:
        return []
    year, month = map(int, present[0].split("-"))
    end = present[-1]
    months = []
    while True:
        text = f"{year:04d}-{month:02d}"
        months.append(text)
        if text >= end or len(months) > 600:
            return months
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


# -- safety ----------------------------------------------------------------------------------


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
        aware = _utc(values.get("aware_at"))
        arrived = received.get(key)
        reported = _utc(values.get("reported_at"))
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


# -- completeness ----------------------------------------------------------------------------


@dataclass
class Completeness:
    site_id: str
    subject_key: str = ""
    participants: int = 0
    done: int = 0
    due: int = 0
    overdue: int = 0
    missed: int = 0
    incomplete_forms: int = 0
    infusions_given: int = 0
    infusions_expected: int = 0

    def add(self, other: Completeness) -> None:
        self.participants += other.participants
        for name in (
            "done",
            "due",
            "overdue",
            "missed",
            "incomplete_forms",
            "infusions_given",
            "infusions_expected",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def completeness(
    reader: Reader, people: Mapping[Key, Participant], incomplete: Mapping[Key, int], today: date
) -> tuple[list[Completeness], list[Completeness]]:
    """(per site, per participant) visit states, forms missing required items (`incomplete`, by
    participant) and MSC infusions given against the 3 expected."""
    per_person = []
    msc = reader.protocol.arms[0].code
    for key in sorted(people):
        person = people[key]
        row = Completeness(
            person.site_id,
            person.subject_key,
            participants=1,
            incomplete_forms=incomplete.get(key, 0),
        )
        if person.day0 is not None:
            try:
                schedule = visit_schedule(
                    person.day0,
                    person.visit_dates,
                    today,
                    missed=person.missed,
                    protocol=reader.protocol,
                )
            except ValidationError:
                schedule = ()
            for visit in schedule:
                if visit.state == "out_of_window":
                    row.done += 1
                elif visit.state in ("done", "due", "overdue", "missed"):
                    setattr(row, visit.state, getattr(row, visit.state) + 1)
        if person.arm == msc:
            row.infusions_given = person.infusions_given
            row.infusions_expected = EXPECTED_INFUSIONS
        per_person.append(row)
    sites: dict[str, Completeness] = {}
    for row in per_person:
        sites.setdefault(row.site_id, Completeness(row.site_id)).add(row)
    return [sites[name] for name in sorted(sites)], per_person


def _incomplete_forms(reader: Reader, site_id: str | None) -> dict[Key, int]:
    """Per participant, the item group instances (a form's, or one repeat of a repeating group)
    lacking a required (mandatory, typed) item, counted by the store in one pass grouped in the
    order of the items' primary key (no sort of the whole table)."""
    required: dict[tuple[str, str], set[str]] = {}
    for form in reader.current.forms:
        for group in form.groups:
            wanted = {
                item.oid
                for item in form.group_items(group.oid)
                if item.mandatory and not item.derived and not item.site_only
            }
            if wanted:
                required[(form.oid, group.oid)] = wanted
    if not required:
        return {}
    required_oids = sorted({oid for oids in required.values() for oid in oids})
    filled = and_(
        CenterItem.current_value.is_not(None),
        CenterItem.current_value != "",
        CenterItem.item_oid.in_(required_oids),
    )
    present = func.sum(case((filled, 1), else_=0))
    expected = case(
        *(
            (and_(CenterItem.form_oid == form_oid, CenterItem.group_oid == group_oid), len(oids))
            for (form_oid, group_oid), oids in required.items()
        ),
        else_=0,
    )
    instances = (
        select(CenterItem.site_id, CenterItem.subject_key)
        .where(
            CenterItem.removed.is_(False),
            CenterItem.form_oid.in_(sorted({form for form, _group in required})),
        )
        .group_by(
            CenterItem.site_id,
            CenterItem.subject_key,
            CenterItem.event_oid,
            CenterItem.form_oid,
            CenterItem.group_oid,
            CenterItem.repeat_key,
        )
        .having(present < func.max(expected))
    )
    if site_id is not None:
        instances = instances.where(CenterItem.site_id == site_id)
    lacking = instances.subquery()
    query = select(lacking.c.site_id, lacking.c.subject_key, func.count()).group_by(
        lacking.c.site_id, lacking.c.subject_key
    )
    with reader.center.store.session() as session:
        return {(site, subject): int(count) for site, subject, count in session.execute(query)}


# -- casebook --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    seq: int
    ts: str
    user_id: str
    action: str
    old_value: str
    new_value: str
    unit: str
    reason: str


@dataclass(frozen=True)
class ItemEntry:
    oid: str
    definition: ItemDef | None
    value: str
    unit: str
    mdv_oid: str
    removed: bool
    history: tuple[Change, ...]
    group_oid: str = ""


@dataclass(frozen=True)
class FormEntry:
    form_oid: str
    repeat_key: str
    items: tuple[ItemEntry, ...]
    signatures: tuple[tuple[str, str, str, str], ...]  # user, meaning, time, MetaDataVersion


@dataclass(frozen=True)
class EventEntry:
    event_oid: str
    forms: tuple[FormEntry, ...]


def casebook(reader: Reader, site_id: str, subject_key: str) -> list[EventEntry]:
    """One participant's record, visit by visit and form by form in protocol order."""
    with reader.center.store.session() as session:
        items = list(
            session.scalars(
                select(CenterItem).where(
                    CenterItem.site_id == site_id, CenterItem.subject_key == subject_key
                )
            )
        )
        rows = list(
            session.scalars(
                select(CenterAuditRow)
                .where(
                    CenterAuditRow.site_id == site_id,
                    CenterAuditRow.subject_key == subject_key,
                    CenterAuditRow.item_oid.is_not(None),
                )
                .order_by(CenterAuditRow.seq)
            )
        )
        signatures = list(
            session.scalars(
                select(CenterSignature)
                .where(
                    CenterSignature.site_id == site_id, CenterSignature.subject_key == subject_key
                )
                .order_by(CenterSignature.signed_at)
            )
        )
    history: dict[tuple[str, str, str, str, str], list[Change]] = defaultdict(list)
    for row in rows:
        history[
            (
                row.event_oid or "",
                row.form_oid or "",
                row.group_oid or "",
                row.repeat_key or "",
                row.item_oid or "",
            )
        ].append(
            Change(
                row.seq,
                row.ts or "",
                row.user_id or "",
                row.action or "",
                row.old_value or "",
                row.new_value or "",
                row.new_unit or row.old_unit or "",
                row.reason or "",
            )
        )
    signed: dict[tuple[str, str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
    for signature in signatures:
        signed[(signature.event_oid, signature.form_oid, signature.repeat_key)].append(
            (signature.user_id, signature.meaning, signature.signed_at, signature.mdv_oid)
        )
    event_order = {event.oid: index for index, event in enumerate(reader.current.events)}
    form_order = {form.oid: index for index, form in enumerate(reader.current.forms)}
    item_order = {item.oid: index for index, item in enumerate(reader.current.items)}
    grouped: dict[str, dict[tuple[str, str], list[ItemEntry]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for item in items:
        grouped[item.event_oid][(item.form_oid, item.repeat_key)].append(
            ItemEntry(
                item.item_oid,
                reader.item_def(item.item_oid, item.mdv_oid),
                item.current_value or "",
                item.current_unit or "",
                item.mdv_oid,
                item.removed,
                tuple(
                    history.get(
                        (
                            item.event_oid,
                            item.form_oid,
                            item.group_oid,
                            item.repeat_key,
                            item.item_oid,
                        ),
                        (),
                    )
                ),
                item.group_oid,
            )
        )
    result = []
    for event_oid in sorted(grouped, key=lambda oid: (event_order.get(oid, 99), oid)):
        forms = grouped[event_oid]
        result.append(
            EventEntry(
                event_oid,
                tuple(
                    FormEntry(
                        form_oid,
                        repeat,
                        tuple(
                            sorted(
                                forms[(form_oid, repeat)],
                                key=lambda entry: (item_order.get(entry.oid, 9999), entry.oid),
                            )
                        ),
                        tuple(signed.get((event_oid, form_oid, repeat), ())),
                    )
                    for form_oid, repeat in sorted(
                        forms,
                        key=lambda pair: (
                            form_order.get(pair[0], 99),
                            pair[0],
                            (int(pair[1]), "") if pair[1].isdigit() else (0, pair[1]),
                        ),
                    )
                ),
            )
        )
    return result


def subject_exists(center: Center, site_id: str, subject_key: str) -> bool:
    with center.store.session() as session:
        return (
            session.scalar(
                select(CenterItem.subject_key)
                .where(CenterItem.site_id == site_id, CenterItem.subject_key == subject_key)
                .limit(1)
            )
            is not None
        )


def subjects_of(center: Center, site_id: str | None = None) -> list[Key]:
    query = select(CenterItem.site_id, CenterItem.subject_key).distinct()
    if site_id is not None:
        query = query.where(CenterItem.site_id == site_id)
    with center.store.session() as session:
        return sorted((site, subject) for site, subject in session.execute(query))


def site_ids(center: Center) -> list[str]:
    with center.store.session() as session:
        return list(session.scalars(select(CenterSite.site_id).order_by(CenterSite.site_id)))


def data_versions(center: Center) -> tuple[dict[str, tuple[int, int]], int]:
    """What changes whenever a site's data change: per site its applied chain and the bundles
    kept (a re-sent bundle refills items without lengthening a chain); and the number of
    protocol versions issued."""
    with center.store.session() as session:
        bundles = {
            site_id: int(count)
            for site_id, count in session.execute(
                select(CenterBundle.site_id, func.count()).group_by(CenterBundle.site_id)
            )
        }
        chains = {
            site_id: (int(seq), bundles.get(site_id, 0))
            for site_id, seq in session.execute(select(CenterSite.site_id, CenterSite.last_seq))
        }
        versions = int(session.scalar(select(func.count()).select_from(CenterProtocolVersion)) or 0)
    return chains, versions


def participants_by_site(people: Iterable[Key]) -> dict[str, int]:
    return dict(Counter(site for site, _subject in people))


@dataclass(frozen=True)
class Summary:
    """What the overview, enrolment and completeness pages show, computed once per version of
    the data (`data_version`) and day."""

    reader: Reader
    people: Mapping[Key, Participant]
    enrolment: Enrolment
    sites: list[Completeness]
    participants: list[Completeness]


@dataclass(frozen=True)
class SiteFacts:
    """What one site's items say for the pages (what an import of that site changes): its
    participants, and per participant the item group instances lacking a required item."""

    people: Mapping[Key, Participant]
    incomplete: Mapping[Key, int]


@dataclass(frozen=True)
class SitePart:
    """One site's participants and completeness on one day."""

    people: Mapping[Key, Participant]
    site: list[Completeness]
    participants: list[Completeness]


def site_facts(reader: Reader, site_id: str) -> SiteFacts:
    return SiteFacts(reader.participants(site_id), _incomplete_forms(reader, site_id))


def site_part(reader: Reader, facts: SiteFacts, today: date) -> SitePart:
    site, participants = completeness(reader, facts.people, facts.incomplete, today)
    return SitePart(facts.people, site, participants)


def data_key(chain: tuple[int, int], versions: int) -> str:
    """A site's data version as the page cache keeps it (`data_versions`)."""
    return f"{chain[0]}.{chain[1]}.{versions}"


def kept_part(reader: Reader, site_id: str, key: str, today: date) -> SitePart:
    """One site's part: from the store's page cache (`CenterPageCache`) when it was computed
    from the data version `key` (its visit states too when computed `today`), otherwise computed
    and kept there for the next server start."""
    facts: SiteFacts | None = None
    with reader.center.store.session() as session:
        row = session.get(CenterPageCache, site_id)
        if row is not None and row.cache_key == key:
            facts = _facts_from_json(row.cached_facts)
            if row.cached_day == today.isoformat():
                return _part_from_json(row.cached_part, facts)
    fresh = facts is None
    if facts is None:
        facts = site_facts(reader, site_id)
    part = site_part(reader, facts, today)
    with reader.center.store.session() as session:
        row = session.get(CenterPageCache, site_id)
        if row is None:
            row = CenterPageCache(site_id=site_id)
            session.add(row)
        if fresh or row.cache_key != key:
            row.cached_facts = _facts_json(facts)
        row.cache_key, row.cached_day = key, today.isoformat()
        row.cached_part = json.dumps([asdict(line) for line in (*part.site, *part.participants)])
    return part


def _facts_json(facts: SiteFacts) -> str:
    people = [
        [
            person.site_id,
            person.subject_key,
            person.status,
            person.arm,
            person.stratum,
            person.day0.isoformat() if person.day0 else None,
            person.screening,
            person.written_consent,
            {code: moment.isoformat() for code, moment in person.visit_dates.items()},
            sorted(person.missed),
            person.infusions_given,
            person.disposition,
            facts.incomplete.get(key, 0),
        ]
        for key, person in facts.people.items()
    ]
    return json.dumps(people, ensure_ascii=False, separators=(",", ":"))


def _facts_from_json(text: str) -> SiteFacts:
    people: dict[Key, Participant] = {}
    incomplete: dict[Key, int] = {}
    for (
        site,
        subject,
        status,
        arm,
        stratum,
        day0,
        screening,
        consent,
        visits,
        missed,
        infusions,
        disposition,
        lacking,
    ) in json.loads(text):
        people[(site, subject)] = Participant(
            site,
            subject,
            status,
            arm,
            stratum,
            _date(day0),
            screening,
            consent,
            {code: date.fromisoformat(moment) for code, moment in visits.items()},
            set(missed),
            infusions,
            disposition,
        )
        if lacking:
            incomplete[(site, subject)] = lacking
    return SiteFacts(people, incomplete)


def _part_from_json(text: str, facts: SiteFacts) -> SitePart:
    lines = [Completeness(**line) for line in json.loads(text)]
    sites = [line for line in lines if not line.subject_key]
    return SitePart(facts.people, sites, [line for line in lines if line.subject_key])


def summary(reader: Reader, parts: Sequence[SitePart]) -> Summary:
    """The pages' summary of the given sites' parts."""
    people: dict[Key, Participant] = {}
    sites: list[Completeness] = []
    participants: list[Completeness] = []
    for part in parts:
        people.update(part.people)
        sites += part.site
        participants += part.participants
    return Summary(reader, people, enrolment(reader, people), sites, participants)


def pages_of(rows: Iterable[object], page: int, size: int) -> tuple[list[object], int]:
    """Rows of page `page` (1-based) and the number of pages."""
    listed = list(rows)
    pages = max(1, -(-len(listed) // size))
    page = min(max(page, 1), pages)
    return listed[(page - 1) * size : page * size], pages
