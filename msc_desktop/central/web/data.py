"""What the centre's pages show, read from the store by item identity (DESIGN sections 10, 12):
the reader, participants and enrolment here; the sites page (`sites`), safety (`safety`),
completeness (`completeness`), casebooks (`casebook`) and the pages' cached summary (`summary`)
beside it.

Each function reads only the items it needs (by OID, from the current protocol's catalogue) in
one query and returns plain dataclasses the templates render; nothing here knows a site's tables.
A participant is (site, subject key). Times the sites record without an offset are read as UTC.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select

from msc_desktop.central.service import Center
from msc_desktop.central.tables import (
    CenterItem,
    CenterSite,
)
from msc_desktop.domain.items import ItemCatalogue, ItemDef
from msc_desktop.domain.protocol import Criterion, Protocol
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import ValidationError

INFUSION_GIVEN = "completed"
SCREEN_FAILED = "screen failed"
# Criteria whose failure the centre can read from the answered items; the others (age, Child-Pugh,
# decompensation, lab dates) need what stays at the site or its computation.
_COINFECTIONS = ("etiology_hcv", "etiology_hdv", "etiology_hev", "etiology_hiv")
OTHER_REASON = "other"


def utc(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


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
                    person.day0 = parse_date(text)
                elif what == "written_consent":
                    person.written_consent = text
                elif what == "visit_date" and form_oid in visit_forms:
                    code = events.get(event_oid)
                    moment = parse_date(text)
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


# -- lists ------------------------------------------------------------------------------------


def site_ids(center: Center) -> list[str]:
    with center.store.session() as session:
        return list(session.scalars(select(CenterSite.site_id).order_by(CenterSite.site_id)))


def pages_of(rows: Iterable[object], page: int, size: int) -> tuple[list[object], int]:
    """Rows of page `page` (1-based) and the number of pages."""
    listed = list(rows)
    pages = max(1, -(-len(listed) // size))
    page = min(max(page, 1), pages)
    return listed[(page - 1) * size : page * size], pages
