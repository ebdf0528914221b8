"""What the rows of a participant's audit history are about, in readable words: a form instance
("Visit W4", "Adverse event 2"), and for rows written before the trail went by item (format 1)
the form instance and item of each site record they name, from the values its insert rows set."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol import LocalizedText, Protocol
from msc_desktop.messages import Message
from msc_desktop.store.audit_values import catalogue_of
from msc_desktop.store.base import Base
from msc_desktop.store.item_columns import RecordPlace
from msc_desktop.store.models import AuditLog
from msc_desktop.store.protocols import session_protocol
from msc_desktop.store.services.signatures import Meaning

TABLE_LABELS = {
    "participant": Message("Participant"),
    "participant_identity": Message("Identity (site only)"),
    "consent": Message("Consent"),
    "visit": Message("Visit"),
    "item_value": Message("Visit item"),
    "infusion": Message("Infusion"),
    "adverse_event": Message("AE"),
    "disposition": Message("End of study"),
    "protocol_deviation": Message("Protocol deviation"),
    "signature": Message("Signature"),
    "allocation": Message("Randomization"),
    "screening": Message("Screening"),
}
_SIGNATURE_KINDS = {
    Meaning.ELIGIBILITY: Message("eligibility"),
    Meaning.DOSE_PREPARED: Message("dose prepared"),
    Meaning.DOSE_VERIFIED: Message("dose verified"),
    Meaning.RELEASE_OVERRIDE: Message("release override"),
    Meaning.AE_CAUSALITY: Message("ae causality"),
}


def _item_labels(protocol: Protocol) -> dict[str, LocalizedText]:
    labels: dict[str, LocalizedText] = {}
    for form in protocol.forms:
        for field in form.fields:
            labels.setdefault(field.name, field.label)
    return labels


def form_instance_label(
    catalogue: ItemCatalogue, event_oid: str | None, form_oid: str | None, repeat_key: str | None
) -> str:
    if form_oid is None:
        return TABLE_LABELS["participant"]
    form = next((form for form in catalogue.forms if form.oid == form_oid), None)
    title: object = form.title if form is not None else form_oid
    visit = next((event.visit_code for event in catalogue.events if event.oid == event_oid), None)
    if repeat_key is not None:
        return Message("{form} {number}", form=title, number=repeat_key)
    if (
        visit is not None
        and form is not None
        and sum(form.form_id in e.form_ids for e in catalogue.events) > 1
    ):
        return Message("{form} {visit}", form=title, visit=visit)
    return Message("{form}", form=title)


def record_places(
    session: Session, tables: dict[str, str], visit_ids: Sequence[str]
) -> tuple[dict[str, tuple[str, str]], dict[str, LocalizedText | str]]:
    """The form instance (key, label) of each record of format-1 rows, from the values its insert
    rows set (a form item: its visit's, with the item's label); adds the items to `tables`."""
    inserted: dict[str, dict[str, str | None]] = {}
    wanted = ("visit_code", "ae_number", "term", "item", "visit_id", "meaning")
    for start in range(0, len(tables), 500):
        chunk = list(tables)[start : start + 500]
        for record_id, field, value in session.execute(
            select(AuditLog.record_id, AuditLog.field, AuditLog.new_value).where(
                AuditLog.action == "insert",
                AuditLog.record_id.in_(chunk),
                AuditLog.field.in_(wanted),
            )
        ):
            inserted.setdefault(record_id, {})[field] = value
    for start in range(0, len(visit_ids), 500):
        chunk = list(visit_ids[start : start + 500])
        item_ids = (
            session.execute(
                select(AuditLog.record_id).where(
                    AuditLog.action == "insert",
                    AuditLog.table_name == "item_value",
                    AuditLog.field == "visit_id",
                    AuditLog.new_value.in_(chunk),
                )
            )
            .scalars()
            .all()
        )
        for item_id in item_ids:
            tables[item_id] = "item_value"
        for record_id, field, value in session.execute(
            select(AuditLog.record_id, AuditLog.field, AuditLog.new_value).where(
                AuditLog.action == "insert",
                AuditLog.record_id.in_(item_ids),
                AuditLog.field.in_(("item", "visit_id")),
            )
        ):
            inserted.setdefault(record_id, {})[field] = value
    catalogue = catalogue_of(session_protocol(session))
    places: dict[str, tuple[str, str]] = {}
    items: dict[str, LocalizedText | str] = {}
    item_names = _item_labels(session_protocol(session))
    for record_id, table in sorted(tables.items(), key=lambda pair: pair[1] == "item_value"):
        values = inserted.get(record_id, {})
        place: RecordPlace | None = getattr(_MODELS_BY_TABLE.get(table), "__audit_place__", None)
        if table == "item_value":
            parent = str(values.get("visit_id"))
            places[record_id] = places.get(parent, (parent, TABLE_LABELS["visit"]))
            item = str(values.get("item") or "?")
            items[record_id] = item_names.get(item, item)
        elif place is not None:
            code = values.get("visit_code")
            form = catalogue.form(place.form_for(code))
            events = [event for event in catalogue.events if form.form_id in event.form_ids]
            event_oid = next(
                (event.oid for event in events if event.visit_code == code), events[0].oid
            )
            repeat = values.get(place.repeat_key) if place.repeat_key else None
            places[record_id] = (
                "/".join((event_oid, form.oid, repeat or "")),
                form_instance_label(catalogue, event_oid, form.oid, repeat),
            )
        elif table == "signature" and values.get("meaning"):
            places[record_id] = (
                record_id,
                Message(
                    "Signature ({kind})", kind=_SIGNATURE_KINDS[Meaning[str(values["meaning"])]]
                ),
            )
        else:
            places[record_id] = (record_id, TABLE_LABELS.get(table, table))
    return places, items


_MODELS_BY_TABLE: dict[str, type[Base]] = {
    str(mapper.class_.__tablename__): mapper.class_ for mapper in Base.registry.mappers
}
