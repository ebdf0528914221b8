"""Pooled exports for statisticians (DESIGN 4, 12): `export_pooled` in any format, and ODM 1.3.2.

Everything is read from the pooled items (`msc_desktop.central.pooled`: the items the centre
keeps by their ODM identity, read through the protocol's item catalogue); nothing here knows a
site's tables or columns. The ODM export holds the Study with every MetaDataVersion the data were
entered under (one ClinicalData each), every item value with its unit and the AuditRecord of the
change that set it, and the history of every data query on it: one Annotation per step, in the
query's order, its Comment saying which query, what step, when, by whom and what
(SponsorOrSite "Sponsor" for the centre's steps, "Site" for the site's answers). A query on an
item that holds no value at the centre (a value asked for, or an item a later amendment retired)
is kept too: on an ItemData with IsNull="Yes" under the current MetaDataVersion. The datasets
(`csv`, `sdtm`, `adam`) are made by `msc_desktop.central.sdtm` and `adam` and written by
`submission`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from msc_desktop.central.pooled import Datum, Instance, InstanceKey, PooledData, load_pooled
from msc_desktop.central.queries import list_queries
from msc_desktop.central.service import Center
from msc_desktop.central.submission import DATASET_FORMATS, write_datasets
from msc_desktop.domain.queries import Query, QueryEvent
from msc_desktop.errors import SyncError
from msc_desktop.sync.envelope import write_atomic
from msc_desktop.sync.odm import ODM_NS, _Writer, oid_part, write_signature_defs
from msc_desktop.sync.odm_metadata import write_study
from msc_desktop.sync.packages import utc_now_text


def _location_oid(site_id: str) -> str:
    return f"LOC.{oid_part(site_id)}"


# -- ODM ------------------------------------------------------------------------------------


def export_odm(center: Center, out_dir: Path) -> Path:
    """Write `<protocol id>-pooled.odm.xml`: a Snapshot with the Study (every MetaDataVersion in
    use), the users and sites, and one ClinicalData per MetaDataVersion."""
    pooled = load_pooled(center)
    queried: dict[tuple[str, ...], list[Query]] = {}
    for query in list_queries(center):
        place = query.address
        queried.setdefault(
            (
                query.site_id,
                place.subject_key,
                place.event_oid,
                place.form_oid,
                place.group_oid,
                place.repeat_key,
                place.item_oid,
            ),
            [],
        ).append(query)
    in_use = sorted(
        {datum.mdv_oid for instance in pooled.instances for datum in instance.items.values()}
    )
    valued = {
        (*_instance_key(instance), oid) for instance in pooled.instances for oid in instance.items
    }
    unvalued = {key: queries for key, queries in queried.items() if key not in valued}
    if unvalued and pooled.current.metadata_version_oid not in in_use:
        in_use.append(pooled.current.metadata_version_oid)
    unknown = [oid for oid in in_use if oid not in pooled.catalogues]
    if unknown:
        raise SyncError(
            f"Data were entered under the protocol version {unknown[0]}, which this "
            f"centre has not issued: add it with amend before exporting."
        )
    catalogues = [pooled.catalogues[oid] for oid in in_use] or [pooled.current]
    study_oid = pooled.current.study_oid
    created = utc_now_text()
    xml = _Writer()
    xml.open(
        "ODM",
        xmlns=ODM_NS,
        FileOID=f"{study_oid}.POOLED.{created}",
        FileType="Snapshot",
        CreationDateTime=created,
        ODMVersion="1.3.2",
        Description="Pooled data of all sites",
        Originator="MSC Desktop",
    )
    write_study(xml, catalogues)
    _admin(
        xml,
        pooled,
        study_oid,
        [catalogue.metadata_version_oid for catalogue in catalogues],
        created,
    )
    for oid in in_use:
        xml.open("ClinicalData", StudyOID=study_oid, MetaDataVersionOID=oid)
        _clinical(
            xml,
            pooled,
            oid,
            queried,
            unvalued if oid == pooled.current.metadata_version_oid else {},
        )
        xml.close("ClinicalData")
    xml.close("ODM")
    path = out_dir / f"{pooled.protocol.protocol_id}-pooled.odm.xml"
    write_atomic(path, xml.getvalue())
    return path


def _admin(
    xml: _Writer, pooled: PooledData, study_oid: str, mdv_oids: Sequence[str], created: str
) -> None:
    xml.open("AdminData", StudyOID=study_oid)
    users = {info.user_oid: info.user_id for info in pooled.audit.values()}
    users.update((signed.user_oid, signed.user_id) for signed in pooled.signatures.values())
    for user_oid, user_id in sorted(users.items()):
        xml.open("User", OID=user_oid)
        xml.text("LoginName", user_id)
        xml.close("User")
    for site_id in pooled.sites:
        xml.open("Location", OID=_location_oid(site_id), Name=site_id, LocationType="Site")
        for mdv_oid in mdv_oids:
            xml.leaf(
                "MetaDataVersionRef",
                StudyOID=study_oid,
                MetaDataVersionOID=mdv_oid,
                EffectiveDate=created[:10],
            )
        xml.close("Location")
    write_signature_defs(xml, _meanings(pooled))
    xml.close("AdminData")


def _meanings(pooled: PooledData) -> dict[str, str]:
    """Each signature meaning with its SignatureDef OID."""
    meanings = sorted({signed.meaning for signed in pooled.signatures.values()})
    return {meaning: f"SD.{index}" for index, meaning in enumerate(meanings, start=1)}


def _clinical(
    xml: _Writer,
    pooled: PooledData,
    mdv_oid: str,
    queried: Mapping[tuple[str, ...], Sequence[Query]],
    unvalued: Mapping[tuple[str, ...], Sequence[Query]],
) -> None:
    """The instances' items entered under `mdv_oid`, nested subject > event > form > group,
    and the `unvalued` queries' items (IsNull) in the instances they address."""
    units = {
        unit.code: unit.oid
        for catalogue in pooled.catalogues.values()
        for unit in catalogue.protocol.units
    }
    meanings = _meanings(pooled)
    opened: list[tuple[str, str]] = []

    def enter(level: int, element: str, key: str, **attributes: str) -> bool:
        """Open `element` at nesting `level` unless the one open there has `key`."""
        if len(opened) > level and opened[level][1] == key:
            return False
        while len(opened) > level:
            xml.close(opened.pop()[0])
        xml.open(element, **attributes)
        opened.append((element, key))
        return True

    asked: dict[tuple[str, ...], list[str]] = {}
    for key in unvalued:
        asked.setdefault(key[:6], []).append(key[6])
    known = {_instance_key(instance) for instance in pooled.instances}
    empty = [
        Instance(key[0], key[1], key[2], key[3], key[4], key[5])
        for key in asked
        if key not in known
    ]
    last = len(pooled.item_order)
    for instance in sorted([*pooled.instances, *empty], key=pooled.instance_order):
        items = sorted(
            ((oid, datum) for oid, datum in instance.items.items() if datum.mdv_oid == mdv_oid),
            key=lambda pair: (pooled.item_order.get(pair[0], last), pair[0]),
        )
        missing = sorted(
            asked.get(_instance_key(instance), ()),
            key=lambda oid: (pooled.item_order.get(oid, last), oid),
        )
        if not items and not missing:
            continue
        subject = f"{instance.site_id}\n{instance.subject_key}"
        if enter(0, "SubjectData", subject, SubjectKey=instance.subject_key):
            xml.leaf("SiteRef", LocationOID=_location_oid(instance.site_id))
        enter(1, "StudyEventData", instance.event_oid, StudyEventOID=instance.event_oid)
        enter(2, "FormData", instance.form_oid, FormOID=instance.form_oid)
        group = {"ItemGroupRepeatKey": instance.repeat_key} if instance.repeat_key else {}
        xml.open("ItemGroupData", ItemGroupOID=instance.group_oid, **group)
        signed = pooled.signatures.get(_instance_key(instance))
        if signed is not None and signed.mdv_oid == mdv_oid:
            xml.open("Signature")
            xml.leaf("UserRef", UserOID=signed.user_oid)
            xml.leaf("LocationRef", LocationOID=_location_oid(instance.site_id))
            xml.leaf("SignatureRef", SignatureOID=meanings[signed.meaning])
            xml.text("DateTimeStamp", signed.signed_at)
            xml.close("Signature")
        for oid, datum in items:
            _item_data(
                xml,
                pooled,
                instance,
                oid,
                datum,
                units,
                queried.get((*_instance_key(instance), oid), ()),
            )
        for oid in missing:
            xml.open("ItemData", ItemOID=oid, IsNull="Yes")
            _annotations(xml, unvalued[(*_instance_key(instance), oid)])
            xml.close("ItemData")
        xml.close("ItemGroupData")
    while opened:
        xml.close(opened.pop()[0])


def _item_data(
    xml: _Writer,
    pooled: PooledData,
    instance: Instance,
    oid: str,
    datum: Datum,
    units: Mapping[str, str],
    queries: Sequence[Query] = (),
) -> None:
    xml.open("ItemData", ItemOID=oid, Value=datum.value)
    audit = pooled.audit.get((instance.site_id, datum.seq))
    if audit is not None:
        xml.open("AuditRecord")
        xml.leaf("UserRef", UserOID=audit.user_oid)
        xml.leaf("LocationRef", LocationOID=_location_oid(instance.site_id))
        xml.text("DateTimeStamp", audit.ts)
        if audit.reason:
            xml.text("ReasonForChange", audit.reason)
        xml.close("AuditRecord")
    if datum.unit is not None and datum.unit in units:
        xml.leaf("MeasurementUnitRef", MeasurementUnitOID=units[datum.unit])
    _annotations(xml, queries)
    xml.close("ItemData")


def _instance_key(instance: Instance) -> InstanceKey:
    return (
        instance.site_id,
        instance.subject_key,
        instance.event_oid,
        instance.form_oid,
        instance.group_oid,
        instance.repeat_key,
    )


def _annotations(xml: _Writer, queries: Sequence[Query]) -> None:
    """Every step of every query on one item, in order, one Annotation each."""
    number = 0
    for query in queries:
        late = {event.event_id for event in query.late_answers()}
        for event in query.ordered_events():
            number += 1
            xml.open("Annotation", SeqNum=str(number))
            xml.text(
                "Comment",
                _step_comment(query, event, event.event_id in late),
                {"SponsorOrSite": "Site" if event.side == "site" else "Sponsor"},
            )
            xml.close("Annotation")


_STEPS = {"open": "opened", "answer": "answered", "close": "closed", "reopen": "re-opened"}


def _step_comment(query: Query, event: QueryEvent, late: bool) -> str:
    """One step of a query as an Annotation's Comment says it."""
    origin = "" if query.origin == "manual" else f" ({query.origin})"
    text = f"Query {query.number}{origin} {_STEPS[event.kind]} {event.at} by {event.by}" + (
        f": {event.text}" if event.text else ""
    )
    if event.correction:
        text += f"; value corrected to {event.correction}"
    if late:
        text += "; answered after the query was closed"
    return text


def export_pooled(center: Center, fmt: str, out_dir: Path) -> list[Path]:
    """Write the pooled data in `fmt` (odm, csv, sdtm or adam) into `out_dir`; the written paths."""
    out_dir = Path(out_dir)
    if fmt != "odm" and fmt not in DATASET_FORMATS:
        raise SyncError(f"Unknown export format {fmt!r}; use odm, csv, sdtm or adam.")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SyncError(f"Cannot create {out_dir}: {error.strerror}.") from None
    if fmt == "odm":
        return [export_odm(center, out_dir)]
    return write_datasets(load_pooled(center, with_audit=False), fmt, out_dir)
