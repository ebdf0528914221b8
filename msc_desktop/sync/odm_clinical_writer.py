"""Writing the clinical payload of a bundle: one Transactional CDISC ODM 1.3.2 document.

`render_clinical` writes the Study with the MetaDataVersion of every protocol version the changes
were entered under (sync/odm_metadata.py), AdminData (the users named, the site as a Location,
the signature meanings), then one ClinicalData per MetaDataVersion. Every `ItemChange` is an
ItemData under SubjectData / StudyEventData / FormData / ItemGroupData (ItemGroupRepeatKey for a
repeating group), with its value and MeasurementUnitRef and an AuditRecord whose SourceID is the
audit row (`seq`) it came from; an item changed twice in one bundle is two ItemData, in order.
TransactionType: Insert, Update, or Remove for a deletion. A signature is an ODM Signature on the
ItemGroupData it signs. Site-only items (names, contact details, initials, the full date of
birth) are never written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from msc_desktop.domain.items import ItemCatalogue, ItemDef
from msc_desktop.errors import SyncError
from msc_desktop.sync.odm import (
    _ATTRIBUTE_ESCAPES,
    _TEXT_ESCAPES,
    ODM_NS,
    _escape,
    _Writer,
    write_signature_defs,
)
from msc_desktop.sync.odm_clinical import (
    TRANSACTIONS,
    ClinicalContext,
    ClinicalSignature,
    ItemChange,
    user_oid,
)
from msc_desktop.sync.odm_metadata import write_study


def _meaning_oid(index: int) -> str:
    return f"SD.{index}"


def _location_oid(site_id: str) -> str:
    return f"LOC.{site_id}"


_GroupKey = tuple[str, str, str, str, str, str]


def _group_key(entry: ItemChange | ClinicalSignature) -> _GroupKey:
    return (
        entry.mdv_oid,
        entry.subject_key,
        entry.event_oid,
        entry.form_oid,
        entry.group_oid,
        entry.repeat_key,
    )


def render_clinical(
    context: ClinicalContext,
    catalogues: Sequence[ItemCatalogue],
    changes: Iterable[ItemChange],
    signatures: Iterable[ClinicalSignature] = (),
) -> bytes:
    """The ODM document (UTF-8 XML) of `changes` and `signatures`.

    `catalogues` are the protocol versions the entries may refer to; only those in use are
    declared. Changes of site-only items are left out. A change or signature that names a
    MetaDataVersion, item, unit, group, form or event its catalogue does not declare is refused
    (SyncError): it cannot be stated in ODM."""
    by_mdv = {catalogue.metadata_version_oid: catalogue for catalogue in catalogues}
    kept: list[ItemChange] = []
    units: dict[str, dict[str, str]] = {}
    # Whether a place, item, unit and action may be stated, and whether the item leaves the site:
    # looked up once per distinct combination (a full export repeats few of them many times).
    exported: dict[tuple[str, ...], bool] = {}
    for change in changes:
        check = (
            change.mdv_oid,
            change.event_oid,
            change.form_oid,
            change.group_oid,
            change.item_oid,
            change.unit or "",
            change.action,
        )
        leaves = exported.get(check)
        if leaves is None:
            leaves = exported[check] = not _declared_item(
                _catalogue(by_mdv, change.mdv_oid), change
            ).site_only
        if leaves:
            kept.append(change)
    signs = list(signatures)
    for signature in signs:
        _declared_place(_catalogue(by_mdv, signature.mdv_oid), signature)
    in_use = [
        by_mdv[oid]
        for oid in dict.fromkeys(
            [entry.mdv_oid for entry in kept] + [entry.mdv_oid for entry in signs]
        )
    ]
    if not in_use:
        in_use = list(catalogues[-1:])
    for catalogue in in_use:
        units[catalogue.metadata_version_oid] = {
            unit.code: unit.oid for unit in catalogue.protocol.units
        }
    xml = _Writer()
    xml.open(
        "ODM",
        xmlns=ODM_NS,
        FileOID=context.file_oid,
        FileType="Transactional",
        CreationDateTime=context.created,
        ODMVersion="1.3.2",
        Originator="MSC Desktop",
    )
    write_study(xml, in_use)
    meanings = {
        meaning: _meaning_oid(index)
        for index, meaning in enumerate(sorted({signature.meaning for signature in signs}), start=1)
    }
    users = sorted({entry.user_id for entry in kept} | {entry.user_id for entry in signs})
    _admin(xml, context, in_use, users, meanings)
    location = _location_oid(context.site_id)
    user_oids = {user_id: _attr(user_oid(user_id)) for user_id in users}
    grouped: dict[_GroupKey, list[ItemChange]] = {}
    for change in sorted(kept, key=lambda entry: entry.seq):
        grouped.setdefault(_group_key(change), []).append(change)
    signed: dict[_GroupKey, list[ClinicalSignature]] = {}
    for signature in signs:
        signed.setdefault(_group_key(signature), []).append(signature)
    keys = sorted(set(grouped) | set(signed))
    parts = xml.parts
    for mdv_index, catalogue in enumerate(in_use):
        mdv = catalogue.metadata_version_oid
        mdv_keys = [key for key in keys if key[0] == mdv]
        if not mdv_keys and mdv_index:
            continue
        xml.open("ClinicalData", StudyOID=catalogue.study_oid, MetaDataVersionOID=mdv)
        unit_oids = units[mdv]
        subject: str | None = None
        event: str | None = None
        form: str | None = None
        for key in mdv_keys:
            _mdv, key_subject, key_event, key_form, group_oid, repeat_key = key
            if (key_subject, key_event, key_form) != (subject, event, form):
                if form is not None:
                    parts.append("</FormData>\n")
                if (key_subject, key_event) != (subject, event) and event is not None:
                    parts.append("</StudyEventData>\n")
                if key_subject != subject:
                    if subject is not None:
                        parts.append("</SubjectData>\n")
                    parts.append(
                        f'<SubjectData SubjectKey="{_attr(key_subject)}">\n'
                        f'<SiteRef LocationOID="{location}"/>\n'
                    )
                    event = None
                if key_event != event:
                    parts.append(f'<StudyEventData StudyEventOID="{key_event}">\n')
                parts.append(f'<FormData FormOID="{key_form}">\n')
                subject, event, form = key_subject, key_event, key_form
            repeat = f' ItemGroupRepeatKey="{_attr(repeat_key)}"' if repeat_key else ""
            opening = f'<ItemGroupData ItemGroupOID="{group_oid}"{repeat}>\n'
            for signature in signed.get(key, []):
                parts.append(opening)
                parts.append(
                    f'<Signature>\n<UserRef UserOID="{_attr(user_oid(signature.user_id))}"/>\n'
                    f'<LocationRef LocationOID="{location}"/>\n'
                    f'<SignatureRef SignatureOID="{meanings[signature.meaning]}"/>\n'
                    f"<DateTimeStamp>{_text(signature.signed_at)}</DateTimeStamp>\n</Signature>\n"
                    "</ItemGroupData>\n"
                )
            if key in grouped:
                parts.append(opening)
                for change in grouped[key]:
                    _item_data(parts, change, location, unit_oids, user_oids)
                parts.append("</ItemGroupData>\n")
        if form is not None:
            parts.append("</FormData>\n</StudyEventData>\n</SubjectData>\n")
        xml.close("ClinicalData")
    xml.close("ODM")
    return xml.getvalue()


def _attr(value: str) -> str:
    return _escape(value, _ATTRIBUTE_ESCAPES)


def _text(value: str) -> str:
    return _escape(value, _TEXT_ESCAPES)


def _item_data(
    parts: list[str],
    change: ItemChange,
    location: str,
    unit_oids: Mapping[str, str],
    users: Mapping[str, str],
) -> None:
    transaction = TRANSACTIONS[change.action]
    if change.action == "delete":
        shown = ""
    elif change.value is None:
        shown = ' IsNull="Yes"'
    else:
        shown = f' Value="{_attr(change.value)}"'
    reason = (
        f"<ReasonForChange>{_text(change.reason)}</ReasonForChange>"
        if change.reason is not None
        else ""
    )
    unit = (
        f'<MeasurementUnitRef MeasurementUnitOID="{unit_oids[change.unit]}"/>'
        if change.unit is not None
        else ""
    )
    parts.append(
        f'<ItemData ItemOID="{change.item_oid}" TransactionType="{transaction}"{shown}>'
        f'<AuditRecord><UserRef UserOID="{users[change.user_id]}"/>'
        f'<LocationRef LocationOID="{location}"/>'
        f"<DateTimeStamp>{_text(change.ts)}</DateTimeStamp>{reason}"
        f"<SourceID>{change.seq}</SourceID></AuditRecord>{unit}</ItemData>\n"
    )


def _undeclared(what: str, version: str) -> SyncError:
    return SyncError(
        "An entry of the audit trail names {what}, which protocol version {version} "
        "does not declare; nothing was exported.",
        what=what,
        version=version,
    )


def _catalogue(by_mdv: Mapping[str, ItemCatalogue], mdv_oid: str) -> ItemCatalogue:
    try:
        return by_mdv[mdv_oid]
    except KeyError:
        raise _undeclared(mdv_oid, mdv_oid) from None


def _declared_place(catalogue: ItemCatalogue, entry: ItemChange | ClinicalSignature) -> None:
    version = catalogue.metadata_version_oid
    events = {event.oid: event for event in catalogue.events}
    event = events.get(entry.event_oid)
    forms = {form.oid: form for form in catalogue.forms}
    form = forms.get(entry.form_oid)
    if event is None or form is None or form.form_id not in event.form_ids:
        raise _undeclared(f"{entry.event_oid} {entry.form_oid}", version)
    if entry.group_oid not in {group.oid for group in form.groups}:
        raise _undeclared(f"{entry.form_oid} {entry.group_oid}", version)


def _declared_item(catalogue: ItemCatalogue, change: ItemChange) -> ItemDef:
    version = catalogue.metadata_version_oid
    if change.action not in TRANSACTIONS:
        raise _undeclared(f"{change.item_oid} {change.action}", version)
    _declared_place(catalogue, change)
    form = next(form for form in catalogue.forms if form.oid == change.form_oid)
    for item in form.group_items(change.group_oid):
        if item.oid == change.item_oid:
            if change.unit is not None and change.unit not in item.units:
                raise _undeclared(f"{change.item_oid} {change.unit}", version)
            return item
    raise _undeclared(f"{change.group_oid} {change.item_oid}", version)


def _admin(
    xml: _Writer,
    context: ClinicalContext,
    catalogues: Sequence[ItemCatalogue],
    users: Sequence[str],
    meanings: Mapping[str, str],
) -> None:
    xml.open("AdminData", StudyOID=catalogues[0].study_oid)
    for user_id in users:
        xml.open("User", OID=user_oid(user_id))
        xml.text("LoginName", user_id)
        full_name = context.users.get(user_id)
        if full_name:
            xml.text("FullName", full_name)
        xml.close("User")
    xml.open(
        "Location",
        OID=_location_oid(context.site_id),
        Name=context.site_name or context.site_id,
        LocationType="Site",
    )
    for catalogue in catalogues:
        xml.leaf(
            "MetaDataVersionRef",
            StudyOID=catalogue.study_oid,
            MetaDataVersionOID=catalogue.metadata_version_oid,
            EffectiveDate=context.created[:10],
        )
    xml.close("Location")
    write_signature_defs(xml, meanings)
    xml.close("AdminData")
