"""The completeness page's data: per site and participant, the visits due and done, the
infusions given, and the item group instances lacking a required item."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select

from msc_desktop.central.tables import CenterItem
from msc_desktop.central.web.data import Key, Participant, Reader
from msc_desktop.domain.schedule import visit_schedule
from msc_desktop.errors import ValidationError

EXPECTED_INFUSIONS = 3


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


def incomplete_forms(reader: Reader, site_id: str | None) -> dict[Key, int]:
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
