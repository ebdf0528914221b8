"""The overview's, enrolment's and completeness pages' summary, computed per site and kept in the
store's page cache (`CenterPageCache`) until that site's data or the day change.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import func, select

from msc_desktop.central.service import Center
from msc_desktop.central.tables import (
    CenterBundle,
    CenterPageCache,
    CenterProtocolVersion,
    CenterSite,
)
from msc_desktop.central.web.completeness import Completeness, completeness, incomplete_forms
from msc_desktop.central.web.data import (
    Enrolment,
    Key,
    Participant,
    Reader,
    enrolment,
    parse_date,
)


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
    return SiteFacts(reader.participants(site_id), incomplete_forms(reader, site_id))


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
            parse_date(day0),
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
