"""The pooled data the centre exports from: the live items of every site, by their ODM identity.

`load_pooled` reads `center_item` (subject, study event, form, item group and repeat key, item ->
value and unit as entered, MetaDataVersion) with the audit rows and signatures that set them, and
`PooledData` reads them through the protocol's item catalogue of the version each was entered
under: an item's CDISC annotation says in which domain and variable, and for findings under which
test code, its value lands. Nothing here knows a site's tables or columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select

from msc_desktop.central.service import Center
from msc_desktop.central.tables import CenterAuditRow, CenterItem, CenterSignature
from msc_desktop.domain.items import ItemCatalogue, ItemDef
from msc_desktop.domain.protocol import CdiscRef, Protocol
from msc_desktop.sync.odm import oid_part

#: An infusion counts as given when its status item holds this code (codelist INFSTAT).
INFUSION_GIVEN = "completed"


@dataclass(frozen=True)
class Datum:
    """The current value of one item, with its unit as entered and where it came from."""

    value: str
    unit: str | None
    mdv_oid: str
    seq: int


@dataclass
class Instance:
    """One item group instance of one participant: the items of a form at a study event."""

    site_id: str
    subject_key: str
    event_oid: str
    form_oid: str
    group_oid: str
    repeat_key: str
    items: dict[str, Datum] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditInfo:
    """Who changed an item (site and user id), when and why: the audit row that set it."""

    site_id: str
    user_id: str
    ts: str
    reason: str | None

    @property
    def user_oid(self) -> str:
        return f"USR.{oid_part(self.site_id)}.{oid_part(self.user_id)}"


@dataclass(frozen=True)
class Signed:
    """The latest electronic signature of an instance."""

    site_id: str
    user_id: str
    meaning: str
    signed_at: str
    mdv_oid: str

    @property
    def user_oid(self) -> str:
        return f"USR.{oid_part(self.site_id)}.{oid_part(self.user_id)}"


InstanceKey = tuple[str, str, str, str, str, str]


@dataclass(frozen=True)
class Subject:
    site_id: str
    subject_key: str
    study_id: str

    @property
    def usubjid(self) -> str:
        return f"{self.study_id}-{self.subject_key}"


class PooledData:
    """The live items of every site, grouped into instances, with the catalogues to read them."""

    def __init__(
        self,
        instances: list[Instance],
        audit: dict[tuple[str, int], AuditInfo],
        catalogues: Mapping[str, ItemCatalogue],
        current: ItemCatalogue,
        signatures: Mapping[InstanceKey, Signed] | None = None,
    ) -> None:
        self.catalogues = catalogues
        self.signatures = signatures or {}
        self.current = current
        self.protocol: Protocol = current.protocol
        self.audit = audit
        self.events = {
            event.oid: event for catalogue in catalogues.values() for event in catalogue.events
        }
        events = _order(event.oid for event in current.events)
        forms = _order(form.oid for form in current.forms)
        groups = _order(group.oid for form in current.forms for group in form.groups)
        self.item_order = _order(item.oid for item in current.items)
        self._places = (events, forms, groups)
        self.instances = sorted(instances, key=self.instance_order)
        self.annotations: dict[str, CdiscRef] = {}
        for catalogue in catalogues.values():
            for item in catalogue.items:
                if item.cdisc is not None and not item.site_only:
                    self.annotations[item.oid] = item.cdisc
        #: The date items a finding names as its own (`dtc`): not a form's date for the others.
        self.named_dates = {
            catalogue.field_item(item.form_id, item.cdisc.dtc).oid
            for catalogue in catalogues.values()
            for item in catalogue.items
            if item.cdisc is not None and item.cdisc.dtc is not None
        }
        self.by_subject: dict[tuple[str, str], list[Instance]] = {}
        for instance in self.instances:
            self.by_subject.setdefault((instance.site_id, instance.subject_key), []).append(
                instance
            )
        self.subjects = [
            Subject(site_id, subject_key, self.protocol.protocol_id)
            for site_id, subject_key in sorted(self.by_subject, key=lambda key: (key[1], key[0]))
        ]

    def instance_order(self, instance: Instance) -> tuple[object, ...]:
        """Where an instance stands: site, subject, then event, form and group in the current
        protocol's order (unknown ones after, by OID), then the repeat key."""
        events, forms, groups = self._places
        return (
            instance.site_id,
            instance.subject_key,
            events.get(instance.event_oid, len(events)),
            instance.event_oid,
            forms.get(instance.form_oid, len(forms)),
            instance.form_oid,
            groups.get(instance.group_oid, len(groups)),
            instance.group_oid,
            _repeat_order(instance.repeat_key),
        )

    @property
    def sites(self) -> list[str]:
        return sorted({instance.site_id for instance in self.instances})

    def items_of(
        self, instance: Instance, domain: str, variable: str, code: str | None = None
    ) -> list[tuple[str, Datum]]:
        """(item OID, value) of the instance's items annotated `domain`.`variable` (= `code`)."""
        return [
            (oid, datum)
            for oid, datum in instance.items.items()
            if (ref := self.annotations.get(oid)) is not None
            and ref.domain == domain
            and ref.variable == variable
            and (code is None or ref.code == code)
        ]

    def value(self, instance: Instance, domain: str, variable: str, code: str | None = None) -> str:
        found = self.items_of(instance, domain, variable, code)
        return found[0][1].value if found else ""

    def subject_value(
        self, subject: Subject, domain: str, variable: str, code: str | None = None
    ) -> str:
        """The participant's value of `domain`.`variable`, wherever it was recorded."""
        for instance in self.of(subject):
            found = self.value(instance, domain, variable, code)
            if found:
                return found
        return ""

    def item_def(self, oid: str, datum: Datum) -> ItemDef:
        """The item as the protocol version it was entered under declares it."""
        return self.catalogues.get(datum.mdv_oid, self.current).item(oid)

    def finding_date(
        self, instance: Instance, domain: str, item: ItemDef, datum: Datum, code: str
    ) -> str:
        """When a finding was made: the date item its annotation names, else the instance's own
        date of `domain` (for this test or any), else the visit date."""
        if item.cdisc is not None and item.cdisc.dtc is not None:
            catalogue = self.catalogues.get(datum.mdv_oid, self.current)
            named = instance.items.get(catalogue.field_item(item.form_id, item.cdisc.dtc).oid)
            return named.value if named is not None else self.visit_date(instance)
        for oid, date in self.items_of(instance, domain, f"{domain}DTC"):
            if oid not in self.named_dates and self.annotations[oid].code in (None, code):
                return date.value
        return self.visit_date(instance)

    def of(self, subject: Subject) -> list[Instance]:
        return self.by_subject.get((subject.site_id, subject.subject_key), [])

    def item_value(self, instance: Instance, form_id: str, name: str) -> str:
        """The value of a protocol item named in its form (for what no SDTM variable holds)."""
        datum = instance.items.get(self.current.field_item(form_id, name).oid)
        return datum.value if datum is not None else ""

    def subject_item(self, subject: Subject, form_id: str, name: str) -> str:
        """The participant's value of a protocol item named in its form."""
        for instance in self.of(subject):
            found = self.item_value(instance, form_id, name)
            if found:
                return found
        return ""

    def status(self, subject: Subject) -> str:
        """The participant's status (codelist PARTSTAT)."""
        return self.subject_item(subject, "registration", "status")

    def visit_code(self, instance: Instance) -> str:
        event = self.events.get(instance.event_oid)
        return (event.visit_code or "") if event is not None else ""

    def visit_date(self, instance: Instance) -> str:
        """The date of the instance's study event (its SV start date)."""
        for other in self.of(Subject(instance.site_id, instance.subject_key, "")):
            if other.event_oid == instance.event_oid:
                found = self.value(other, "SV", "SVSTDTC")
                if found:
                    return found
        return ""


def _order(oids: Iterable[str]) -> dict[str, int]:
    """Each OID's position (its first), for sorting in protocol order."""
    order: dict[str, int] = {}
    for oid in oids:
        order.setdefault(oid, len(order))
    return order


def _repeat_order(repeat_key: str) -> tuple[int, str]:
    return (int(repeat_key), "") if repeat_key.isdigit() else (0, repeat_key)


def load_pooled(center: Center, with_audit: bool = True) -> PooledData:
    known = center.catalogues()
    current = list(known.values())[-1]
    instances: dict[InstanceKey, Instance] = {}
    audit: dict[tuple[str, int], AuditInfo] = {}
    signatures: dict[InstanceKey, Signed] = {}
    with center.store.session() as session:
        query = select(CenterItem).where(
            CenterItem.removed.is_(False), CenterItem.current_value.is_not(None)
        )
        for item in session.scalars(query):
            key = (
                item.site_id,
                item.subject_key,
                item.event_oid,
                item.form_oid,
                item.group_oid,
                item.repeat_key,
            )
            instance = instances.get(key)
            if instance is None:
                instance = instances[key] = Instance(*key)
            instance.items[item.item_oid] = Datum(
                str(item.current_value), item.current_unit, item.mdv_oid, item.seq
            )
        if with_audit:
            in_use = {
                (instance.site_id, datum.seq)
                for instance in instances.values()
                for datum in instance.items.values()
            }
            query_rows = select(
                CenterAuditRow.site_id,
                CenterAuditRow.seq,
                CenterAuditRow.user_id,
                CenterAuditRow.ts,
                CenterAuditRow.reason,
            ).where(CenterAuditRow.item_oid.is_not(None))
            for site_id, seq, user_id, ts, reason in session.execute(query_rows):
                if (site_id, seq) in in_use and user_id and ts:
                    audit[(site_id, seq)] = AuditInfo(site_id, user_id, ts, reason)
            for signature in session.scalars(
                select(CenterSignature).order_by(CenterSignature.signed_at)
            ):
                key = (
                    signature.site_id,
                    signature.subject_key,
                    signature.event_oid,
                    signature.form_oid,
                    signature.group_oid,
                    signature.repeat_key,
                )
                if key in instances:
                    signatures[key] = Signed(
                        signature.site_id,
                        signature.user_id,
                        signature.meaning,
                        signature.signed_at,
                        signature.mdv_oid,
                    )
    return PooledData(list(instances.values()), audit, known, current, signatures)
