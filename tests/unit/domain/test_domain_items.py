"""The item catalogue: OIDs, ODM data types, units, codelists and questions, by value."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from msc_desktop.domain.forms import validate_form
from msc_desktop.domain.items import ItemCatalogue, metadata_version_oid
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import ValidationError

PROTOCOL = load_protocol()


@pytest.fixture(scope="module")
def catalogue() -> ItemCatalogue:
    return ItemCatalogue(load_protocol())


def test_study_and_metadata_version_oids(catalogue: ItemCatalogue) -> None:
    assert catalogue.study_oid == "ST.XJMSC0001"
    assert metadata_version_oid(load_protocol()) == "MDV.XJMSC0001.1.0"
    assert catalogue.metadata_version_oid == "MDV.XJMSC0001.1.0"


def test_events_in_protocol_order_with_their_forms(catalogue: ItemCatalogue) -> None:
    assert [(event.oid, event.visit_code, event.form_ids) for event in catalogue.events] == [
        ("SE.SCR", "SCR", ("registration", "consent", "screening")),
        ("SE.W0", "W0", ("visit", "infusion")),
        ("SE.W4", "W4", ("visit", "infusion")),
        ("SE.W8", "W8", ("visit", "infusion")),
        ("SE.W12", "W12", ("visit",)),
        ("SE.W24", "W24", ("visit",)),
        ("SE.W48", "W48", ("visit",)),
        ("SE.COMMON", None, ("randomization", "adverse_event", "disposition", "deviation")),
    ]
    assert catalogue.visit_event("W4").oid == "SE.W4"
    assert not catalogue.common_event.scheduled


def test_forms_groups_and_repeat_keys(catalogue: ItemCatalogue) -> None:
    assert [form.oid for form in catalogue.forms] == [
        "F.REGISTRATION", "F.CONSENT", "F.SCREENING", "F.VISIT", "F.INFUSION",
        "F.RANDOMIZATION", "F.ADVERSE_EVENT", "F.DISPOSITION", "F.DEVIATION",
    ]  # fmt: skip
    ae = catalogue.form("adverse_event")
    assert [(g.oid, g.repeating, g.repeat_key) for g in ae.groups] == [
        ("IG.ADVERSE_EVENT", True, "ae_number")
    ]
    assert catalogue.form("infusion").groups[0].repeating is False
    assert catalogue.form("randomization").derived
    assert not catalogue.form("visit").derived


def test_lab_item_by_field_and_by_oid(catalogue: ItemCatalogue) -> None:
    bilirubin = catalogue.field_item("screening", "bilirubin")
    assert bilirubin.oid == "IT.LB.BILI"
    assert bilirubin.data_type == "float"
    assert bilirubin.units == ("mg/dL", "umol/L")
    assert bilirubin.standard_unit == "mg/dL"
    assert bilirubin.hard_range is not None and bilirubin.hard_range.high == Decimal(60)
    assert bilirubin.question.en == "Total bilirubin" and bilirubin.question.zh == "总胆红素"
    assert bilirubin.cdisc is not None and (bilirubin.cdisc.domain, bilirubin.cdisc.code) == (
        "LB",
        "BILI",
    )
    # The same test at a later visit is the same item, placed in another form.
    assert catalogue.field_item("visit", "bilirubin").oid == "IT.LB.BILI"
    assert catalogue.item("IT.LB.BILI").form_id == "screening"


def test_an_infusion_weight_is_its_own_item(catalogue: ItemCatalogue) -> None:
    dose_weight = catalogue.field_item("infusion", "weight")
    assert dose_weight.oid == "IT.EX.WEIGHT"
    assert dose_weight.question.en == "Body weight used for the dose"
    assert catalogue.field_item("visit", "weight").oid == "IT.VS.WEIGHT"
    assert dose_weight.hard_range == load_protocol().dosing.weight_range_kg


def test_data_types_lengths_and_codelists(catalogue: ItemCatalogue) -> None:
    sex = catalogue.field_item("registration", "sex")
    assert (sex.oid, sex.data_type, sex.length, sex.codelist_oid) == (
        "IT.DM.SEX",
        "text",
        1,
        "CL.SEX",
    )
    relationship = catalogue.field_item("adverse_event", "relationship")
    assert (relationship.codelist_oid, relationship.length) == (
        "CL.AEREL",
        len("DEFINITELY RELATED"),
    )
    term = catalogue.field_item("adverse_event", "term")
    assert (term.data_type, term.length) == ("text", 200)
    assert catalogue.field_item("adverse_event", "onset_date").data_type == "date"
    assert catalogue.field_item("adverse_event", "aware_at").data_type == "datetime"
    assert catalogue.field_item("screening", "dialysis").codelist_oid == "CL.NY"
    assert catalogue.field_item("screening", "etiology_hcv").codelist_oid == "CL.NYU"
    # DESIGN 7: the date of birth stays at the site; its year and month leave it.
    birth = catalogue.field_item("registration", "date_of_birth")
    assert (birth.site_only, birth.cdisc) == (True, None)
    month = catalogue.field_item("registration", "birth_year_month")
    assert (month.data_type, month.derived, month.site_only) == ("partialDate", True, False)
    assert month.cdisc is not None and (month.cdisc.domain, month.cdisc.variable) == (
        "DM",
        "BRTHDTC",
    )
    cells = catalogue.field_item("infusion", "cell_concentration_per_ml")
    assert (cells.data_type, cells.units, cells.standard_unit) == (
        "float",
        ("cells/mL",),
        "cells/mL",
    )


def test_derived_items(catalogue: ItemCatalogue) -> None:
    derived = {
        (item.form_id, item.name): item.oid
        for form in catalogue.forms
        for item in form.items
        if item.derived
    }
    assert derived == {
        ("registration", "birth_year_month"): "IT.DM.BIRTH_YEAR_MONTH",
        ("registration", "status"): "IT.DM.STATUS",
        ("visit", "not_done_reason"): "IT.SV.NOT_DONE_REASON",
        ("infusion", "total_cells"): "IT.EX.TOTAL_CELLS",
        ("infusion", "volume_planned_ml"): "IT.EX.VOLUME_PLANNED_ML",
        ("infusion", "status"): "IT.EX.STATUS",
        ("randomization", "arm"): "IT.RAND.ARM",
        ("randomization", "stratum"): "IT.RAND.STRATUM",
        ("randomization", "randomized_at"): "IT.RAND.RANDOMIZED_AT",
        ("randomization", "allocation_list_id"): "IT.RAND.ALLOCATION_LIST_ID",
        ("randomization", "allocation_position"): "IT.RAND.ALLOCATION_POSITION",
        ("randomization", "day0"): "IT.RAND.DAY0",
        ("adverse_event", "ae_number"): "IT.AE.AE_NUMBER",
        ("adverse_event", "serious"): "IT.AE.SERIOUS",
        ("adverse_event", "reported_at"): "IT.AE.REPORTED_AT",
        ("adverse_event", "infusion_visit"): "IT.AE.INFUSION_VISIT",
        ("deviation", "deviation_number"): "IT.DV.DEVIATION_NUMBER",
        ("deviation", "visit_code"): "IT.DV.VISIT_CODE",
        ("deviation", "category"): "IT.DV.CATEGORY",
        ("deviation", "description"): "IT.DV.DESCRIPTION",
        ("deviation", "recorded_at"): "IT.DV.RECORDED_AT",
    }
    arm = catalogue.field_item("randomization", "arm")
    assert (arm.codelist_oid, arm.data_type) == ("CL.ARM", "text")
    total = catalogue.field_item("infusion", "total_cells")
    assert (total.data_type, total.units) == ("integer", ("cells",))


def test_site_only_items(catalogue: ItemCatalogue) -> None:
    site_only = {item.oid for item in catalogue.items if item.site_only}
    assert site_only == {
        "IT.DM.INITIALS",
        "IT.DM.FULL_NAME",
        "IT.DM.PHONE",
        "IT.DM.ADDRESS",
        "IT.DM.DATE_OF_BIRTH",
        "IT.IC.WITNESS_NAME",
    }


def test_every_item_oid_once_and_every_field_reachable(catalogue: ItemCatalogue) -> None:
    oids = [item.oid for item in catalogue.items]
    assert len(oids) == len(set(oids))
    protocol = load_protocol()
    for form in protocol.all_forms:
        for field in form.items:
            assert catalogue.field_item(form.form_id, field.name).oid == field.oid


def test_unknown_lookups_say_what_is_missing(catalogue: ItemCatalogue) -> None:
    with pytest.raises(ValidationError, match='no item "IT.NOPE"'):
        catalogue.item("IT.NOPE")
    with pytest.raises(ValidationError, match='no item "nope" in the form "visit"'):
        catalogue.field_item("visit", "nope")
    with pytest.raises(ValidationError, match='no study event "SE.X"'):
        catalogue.event("SE.X")


def test_derived_items_are_not_fields_people_fill_in() -> None:
    infusion = load_protocol().form("infusion")
    assert "total_cells" not in infusion.field_names
    assert infusion.item("total_cells").derived
    with pytest.raises(KeyError):
        infusion.field("total_cells")
    issues = validate_form(
        "adverse_event", {"ae_number": 3}, today=date(2026, 3, 1), protocol=PROTOCOL
    )
    assert any(
        issue.field == "ae_number"
        and issue.severity == "error"
        and '"ae_number" is not a field' in issue.message.render("en")
        for issue in issues
    )
    assert [form.form_id for form in load_protocol().forms] == [
        "registration",
        "consent",
        "screening",
        "visit",
        "infusion",
        "adverse_event",
        "disposition",
    ]
    assert [form.form_id for form in load_protocol().derived_forms] == [
        "randomization",
        "deviation",
    ]


def test_hbv_evidence_items_have_their_declared_oids(catalogue: ItemCatalogue) -> None:
    """Issue 19 item 5: the HBV and cirrhosis evidence are items with explicit OIDs, codelists
    and units."""
    expected = {
        "hbsag": ("IT.LB.HBSAG", "CL.POSNEG", ()),
        "hbsag_date": ("IT.LB.HBSAG_DATE", None, ()),
        "hbv_dna_status": ("IT.LB.HBV_DNA_STATUS", "CL.HBVDNASTAT", ()),
        "hbv_dna": ("IT.LB.HBVDNA", None, ("IU/mL",)),
        "hbv_dna_date": ("IT.LB.HBV_DNA_DATE", None, ()),
        "cirrhosis_method": ("IT.XC.CIRRHOSIS_METHOD", "CL.CIRRDXMETH", ()),
        "liver_stiffness": ("IT.XC.LIVER_STIFFNESS", None, ("kPa",)),
        "cirrhosis_date": ("IT.XC.CIRRHOSIS_DATE", None, ()),
    }
    for name, (oid, codelist, units) in expected.items():
        item = catalogue.field_item("screening", name)
        assert (item.oid, item.codelist_oid, item.units) == (oid, codelist, units), name
    assert not catalogue.field_item(
        "screening", "liver_stiffness"
    ).mandatory  # only with elastography
    assert catalogue.field_item("screening", "hbsag").mandatory
