"""Blank CRFs generated from the protocol, the SAE report and the recovery sheet."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from msc_desktop.domain.adverse_events import sae_report_deadline
from msc_desktop.domain.clinic_time import clinic_zone, moment_text
from msc_desktop.domain.protocol_reader import load_protocol, parse_protocol
from msc_desktop.errors import RuleViolation, StoreError, ValidationError
from msc_desktop.paths import resources_dir
from msc_desktop.reports.crf import forms_payload, render_blank_forms
from msc_desktop.reports.printing import blank_forms_pdf, recovery_sheet_pdf, sae_report_pdf
from msc_desktop.reports.recovery import recovery_payload
from msc_desktop.reports.sae import SaeInput, render_sae_report, sae_payload
from msc_desktop.store.keys import new_recovery_key
from msc_desktop.store.services.adverse_events import record_adverse_event
from msc_desktop.store.services.infusions import plan_infusion
from msc_desktop.store.site import SiteStore
from tests.factories import REGISTRATION, TODAY, randomized_participant
from tests.unit.reports.pdf_tools import (
    needs_pdftoppm,
    needs_zbarimg,
    page_count,
    pdf_text,
    qr_codes,
    render_pages,
)

PROTOCOL = load_protocol()

PRINTED = datetime(2026, 11, 21, 9, 30, tzinfo=timezone(timedelta(hours=8)))


# -- blank CRFs -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh"])
def test_blank_forms_print_every_field_in_protocol_order(language: str) -> None:
    pdf = blank_forms_pdf(
        site_id="01",
        site_name="Test Hospital",
        language=language,
        printed_at=PRINTED,
        protocol=PROTOCOL,
    )
    text = pdf_text(pdf)
    protocol = load_protocol()
    position = 0
    for form in protocol.forms:
        title = form.title.get(language)
        found = text.find(title, position)
        assert found >= 0, title
        position = found
        for field in form.fields:
            label = field.label.get(language)
            found = text.find(label, position)
            assert found >= 0, (form.form_id, field.name, label)
            position = found
    assert page_count(pdf) >= len(protocol.forms)


def test_blank_forms_show_units_ranges_choices_and_checks() -> None:
    text = pdf_text(
        blank_forms_pdf(
            site_id="01",
            site_name="Test Hospital",
            form_ids=["screening", "infusion", "adverse_event"],
            printed_at=PRINTED,
            protocol=PROTOCOL,
        )
    )
    protocol = load_protocol()
    bilirubin = protocol.lab_test("BILI")
    umol = bilirubin.unit("umol/L")
    high_umol = umol.from_standard(bilirubin.hard_range.high)
    assert f"0.1 to 60 mg/dL; 1.71 to {high_umol.normalize():,f} umol/L" in text
    assert "☐ mg/dL (step 0.01) ☐ umol/L (step 0.1)" in text  # decimals per unit
    weight = protocol.form("infusion").field("weight")
    assert weight.hard_range == protocol.dosing.weight_range_kg
    assert f"kg; step 0.1; {weight.hard_range.low} to {weight.hard_range.high}" in text
    assert "mL/h; step 0.1; 1 to 1,000; expected 10 to 300" in text
    assert "☐ Grade 1: mild" in text and "☐ Recovered/resolved" in text
    assert "Date weighed at most 3 days before Infusion start." in text
    assert "When CTCAE v5.0 grade is Grade 5: death, Outcome must be Fatal." in text
    assert "Body weight used for the dose *" in text  # required mark
    assert "Completed by (name, signature, date)" in text


@pytest.mark.parametrize("language", ["en", "zh"])
def test_blank_forms_leave_out_what_the_app_records_by_itself(language: str) -> None:
    """Derived items (the computed plan, AE number, randomization, deviations) are not on paper."""
    protocol = load_protocol()
    pdf = render_blank_forms(
        site_id="01",
        site_name="T",
        language=language,
        paper="a4",
        printed_at=PRINTED,
        protocol=PROTOCOL,
    )
    text = pdf_text(pdf)
    with pytest.raises(ValidationError, match="The protocol has no form randomization"):
        render_blank_forms(
            site_id="01",
            site_name="T",
            language=language,
            paper="a4",
            printed_at=PRINTED,
            form_ids=["randomization"],
            protocol=PROTOCOL,
        )
    derived = [
        ("infusion", "total_cells"),
        ("infusion", "volume_planned_ml"),
        ("adverse_event", "ae_number"),
        ("adverse_event", "reported_at"),
        ("adverse_event", "infusion_visit"),
        ("visit", "not_done_reason"),
        ("registration", "status"),
        ("randomization", "allocation_position"),
        ("deviation", "deviation_number"),
    ]
    for form_id, name in derived:
        assert protocol.form(form_id).item(name).label.get(language) not in text, name
    assert protocol.form("infusion").field("weight").label.get(language) in text


def test_blank_forms_follow_an_amended_protocol() -> None:
    """The paper forms come from the declarations: a new field appears with no code change."""
    original = json.loads((resources_dir() / "protocol.json").read_text(encoding="utf-8"))
    for form in original["forms"]:
        if form["id"] == "adverse_event":
            form["fields"].insert(
                1,
                {
                    "name": "ae_location",
                    "oid": "IT.AE.AE_LOCATION",
                    "kind": "text",
                    "required": True,
                    "max_length": 60,
                    "label": {"en": "Where the event happened", "zh": "事件发生地点"},
                },
            )
    amended = parse_protocol(original)
    text = pdf_text(
        render_blank_forms(
            site_id="01",
            site_name="T",
            language="en",
            paper="a4",
            printed_at=PRINTED,
            form_ids=["adverse_event"],
            protocol=amended,
        )
    )
    term, added, onset = (
        text.find(label)
        for label in ("Adverse event term *", "Where the event happened *", "Onset date *")
    )
    assert 0 <= term < added < onset
    assert "max. 60 characters" in text
    assert forms_payload([amended.form("adverse_event")], PROTOCOL) != forms_payload(
        [load_protocol().form("adverse_event")], PROTOCOL
    )


def test_blank_forms_payload_and_unknown_form() -> None:
    protocol = load_protocol()
    forms = [protocol.form("consent"), protocol.form("visit")]
    canonical = json.dumps(
        [[form.form_id, list(form.field_names)] for form in forms], separators=(",", ":")
    )
    check = hashlib.sha256(canonical.encode()).hexdigest()[:10]
    assert (
        forms_payload(forms, PROTOCOL)
        == f"MSCF1|{protocol.protocol_id}|{protocol.version}|consent,visit|{check}"
    )
    with pytest.raises(ValidationError, match="The protocol has no form lab_sheet"):
        blank_forms_pdf(site_id="01", site_name="T", form_ids=["lab_sheet"], protocol=PROTOCOL)


@needs_pdftoppm
def test_blank_forms_render_in_both_languages_and_papers(tmp_path: Path) -> None:
    for language, paper in (("en", "letter"), ("zh", "a4")):
        folder = tmp_path / f"{language}-{paper}"
        folder.mkdir()
        pdf = blank_forms_pdf(
            site_id="01",
            site_name="T",
            language=language,
            paper=paper,
            printed_at=PRINTED,
            protocol=PROTOCOL,
        )
        assert len(render_pages(pdf, folder)) == page_count(pdf)


# -- SAE report -------------------------------------------------------------------------------

SAE = {
    "term": "Variceal bleeding",
    "onset_date": "2026-11-20",
    "aware_at": "2026-11-20T22:05",
    "grade": "3",
    "serious_death": "N",
    "serious_life_threatening": "N",
    "serious_hospitalisation": "Y",
    "serious_disability": "N",
    "serious_congenital_anomaly": "N",
    "serious_other_medical_event": "Y",
    "relationship": "UNLIKELY RELATED",
    "expected": "N",
    "action_taken": "DOSE NOT CHANGED",
    "outcome": "RECOVERING/RESOLVING",
}
PLAN = {
    "visit_code": "W0",
    "weight": "61.0",
    "weight_date": "2026-11-19",
    "product_lot": "LOT-7",
    "bag_id": "BAG-3",
    "product_expiry": "2026-12-31",
    "cell_concentration_per_ml": "2000000",
    "viability_pct": "92",
}


@pytest.fixture
def with_sae(nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore) -> str:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    infusion = plan_infusion(nurse_store, pid, PLAN, today=TODAY)
    assert infusion.visit_code == "W0"
    from msc_desktop.store.models import Infusion

    with nurse_store.session() as session:
        infusion_id = session.query(Infusion.id).filter_by(participant_id=pid).scalar()
    non_serious = {
        **SAE,
        "term": "Headache",
        "grade": "1",
        "serious_hospitalisation": "N",
        "serious_other_medical_event": "N",
        "expected": "Y",
    }
    record_adverse_event(nurse_store, pid, non_serious, today=TODAY)
    record_adverse_event(
        nurse_store,
        pid,
        {**SAE, "description": "Haematemesis at home; admitted for band ligation."},
        today=TODAY,
        infusion_id=infusion_id,
    )
    return pid


def test_sae_report_has_what_the_centre_needs(nurse_store: SiteStore, with_sae: str) -> None:
    pdf = sae_report_pdf(nurse_store, "01-0001", 2, printed_at=PRINTED)
    text = pdf_text(pdf)
    deadline = sae_report_deadline(
        datetime(2026, 11, 20, 22, 5), PROTOCOL
    )  # as typed: site wall time
    for value in (
        "Serious adverse event report: AE 2",
        "01-0001",
        "Male",
        "56 years",
        "MSC + standard care",
        "Variceal bleeding",
        "2026-11-20",
        "Grade 3: severe",
        "☐ Results in death",
        "☒ Requires or prolongs hospitalisation",
        "☒ Other important medical event",
        "Unlikely related",
        "Expected (listed in the investigator's brochure) No",
        "Dose not changed",
        "Recovering/resolving",
        "Related infusion visit W0",
        "Haematemesis at home",
        f"became aware {moment_text(datetime(2026, 11, 20, 22, 5))}",
        f"{moment_text(deadline)} (within 24 hours",
        "Reported to the centre not yet",
        "Investigator",
    ):
        assert value in text, value
    assert "OVERDUE" not in text  # printed within the 24 hours
    late = sae_report_pdf(
        nurse_store, "01-0001", 2, printed_at=datetime(2026, 11, 21, 22, 6, tzinfo=clinic_zone())
    )
    assert "OVERDUE" in pdf_text(late)
    assert REGISTRATION["full_name"] not in text and "1970-04-02" not in text


def test_sae_report_refuses_a_non_serious_or_unknown_event(
    nurse_store: SiteStore, with_sae: str
) -> None:
    with pytest.raises(RuleViolation, match="Adverse event 1 of 01-0001 is not serious"):
        sae_report_pdf(nurse_store, "01-0001", 1)
    with pytest.raises(ValidationError, match="01-0001 has no adverse event number 9"):
        sae_report_pdf(nurse_store, "01-0001", 9)


SAE_INPUT = SaeInput(
    subject_id="01-0007",
    sex="F",
    age_years=48,
    arm="MSC",
    ae_number=3,
    term="肝性脑病 hepatic encephalopathy",
    onset_date=date(2026, 12, 1),
    end_date=date(2026, 12, 5),
    grade=5,
    serious=True,
    seriousness=("serious_death",),
    relationship="NOT RELATED",
    expected="U",
    action_taken="NOT APPLICABLE",
    outcome="FATAL",
    aware_at=datetime(2026, 12, 5, 6, 0),
    reported_at=datetime(2026, 12, 5, 10, 0),
    description=None,
    related_infusion_visit=None,
    protocol=PROTOCOL,
)


def test_sae_payload_and_chinese_report() -> None:
    payload = sae_payload(SAE_INPUT)
    head, check = payload.rsplit("|", 1)
    assert head == "MSCS1|XJMSC0001|01-0007|AE3|G5|AESDTH|2026-12-05T06:00"
    assert (
        len(check) == 10
        and check != sae_payload(replace(SAE_INPUT, term="other")).rsplit("|", 1)[1]
    )
    text = pdf_text(
        render_sae_report(
            SAE_INPUT,
            site_id="01",
            site_name="T",
            language="zh",
            paper="letter",
            printed_at=PRINTED,
        )
    )
    for value in (
        "严重不良事件报告",
        "肝性脑病 hepatic encephalopathy",
        "5级：死亡",
        "☒ 导致死亡",
        "死亡",
        "女",
        "48 岁",
        "2026-12-05 06:00",
        "2026-12-06 06:00",
        "2026-12-05 10:00",
    ):
        assert value in text, value


@needs_zbarimg
def test_sae_qr_decodes(tmp_path: Path) -> None:
    pdf = render_sae_report(
        SAE_INPUT, site_id="01", site_name="T", language="en", paper="a4", printed_at=PRINTED
    )
    assert qr_codes(pdf, tmp_path) == [sae_payload(SAE_INPUT)]


# -- recovery sheet ---------------------------------------------------------------------------


def test_recovery_sheet_prints_the_key_but_its_qr_only_a_fingerprint(tmp_path: Path) -> None:
    key = new_recovery_key()
    created = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
    pdf = recovery_sheet_pdf(
        key,
        site_id="07",
        site_name="Clinic 7",
        created_at=created,
        printed_at=PRINTED,
        language="en",
        paper="letter",
        protocol=PROTOCOL,
    )
    text = pdf_text(pdf)
    groups = key.split("-")
    assert " - ".join(groups[:4]) in text and " - ".join(groups[4:]) in text
    assert "Site 07: Clinic 7" in text and "2026-11-29 11:00 UTC+08:00" in text
    assert "Anyone holding it can read every participant's data" in text and "locked" in text
    fingerprint = hashlib.sha256(key.encode()).hexdigest()[:10]
    assert (
        recovery_payload(key.lower().replace("-", " "), "07", created, PROTOCOL)
        == f"MSCR1|XJMSC0001|07|2026-11-29|{fingerprint}"
    )
    assert "Subject ID" not in text
    zh = pdf_text(
        recovery_sheet_pdf(
            key,
            site_id="07",
            site_name="Clinic 7",
            created_at=created,
            language="zh",
            protocol=PROTOCOL,
        )
    )
    assert "研究中心恢复密钥" in zh and groups[0] in zh


@needs_zbarimg
def test_recovery_qr_holds_no_key(tmp_path: Path) -> None:
    key = new_recovery_key()
    created = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
    pdf = recovery_sheet_pdf(
        key,
        site_id="07",
        site_name="Clinic 7",
        created_at=created,
        printed_at=PRINTED,
        protocol=PROTOCOL,
    )
    decoded = qr_codes(pdf, tmp_path)
    assert decoded == [recovery_payload(key, "07", created, PROTOCOL)]
    assert not any(group in decoded[0] for group in key.split("-"))


def test_recovery_sheet_refuses_a_wrong_key() -> None:
    with pytest.raises(StoreError, match="not a recovery key"):
        recovery_sheet_pdf(
            "ABCDE-12345",
            site_id="07",
            site_name="C",
            created_at=datetime(2026, 11, 29),
            protocol=PROTOCOL,
        )


@pytest.mark.parametrize("language", ["en", "zh"])
def test_blank_forms_print_when_a_field_or_form_applies_and_the_soft_checks(language: str) -> None:
    """Skip logic and soft checks on paper, as the screens apply them (issue 12 item 6)."""
    text = " ".join(
        pdf_text(
            blank_forms_pdf(
                site_id="01",
                site_name="Test Hospital",
                language=language,
                form_ids=["screening", "infusion", "adverse_event", "consent"],
                printed_at=PRINTED,
                protocol=PROTOCOL,
            )
        ).split()
    )
    if language == "en":
        assert "Pregnant or lactating * (only if Sex is Female)" in text
        assert "Only if Arm is MSC + standard care." in text
        assert "mL; step 0.1; 0.1 to 1,000; expected 1 to 250" in text  # volume infused
        assert "(expected 0.2 to 30 mg/dL)" in text  # bilirubin's plausible range
        assert (
            "Date consent signed and Time consent signed (HH:MM) must not be in the future." in text
        )
        assert "When CTCAE v5.0 grade is Grade 4: life-threatening, at least one of" in text
    else:
        assert "仅当 性别 为 女 时填写" in text
        assert "仅当 组别 为 干细胞+标准治疗 时填写本表。" in text


def _font_descriptors(pdf: bytes) -> dict[str, set[str]]:
    """Each font's base name with the keys of its font descriptor, over every page."""
    from pypdf import PdfReader

    found: dict[str, set[str]] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            found[str(font["/BaseFont"])] = set(descriptor.get_object()) if descriptor else set()
    return found


def test_every_chinese_sheet_embeds_every_font_it_uses() -> None:
    """A reader without CJK fonts still shows the Chinese: no font is left to the reader."""
    key = new_recovery_key()
    created = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
    sheets = {
        "blank forms": blank_forms_pdf(
            site_id="01", site_name="测试医院", language="zh", printed_at=PRINTED, protocol=PROTOCOL
        ),
        "SAE report": render_sae_report(
            SAE_INPUT,
            site_id="01",
            site_name="测试医院",
            language="zh",
            paper="a4",
            printed_at=PRINTED,
        ),
        "recovery sheet": recovery_sheet_pdf(
            key,
            site_id="07",
            site_name="测试医院",
            created_at=created,
            language="zh",
            protocol=PROTOCOL,
        ),
    }
    for name, pdf in sheets.items():
        fonts = _font_descriptors(pdf)
        assert any("DroidSansFallback" in font for font in fonts), (name, fonts)
        not_embedded = [
            font
            for font, keys in fonts.items()
            if not keys & {"/FontFile", "/FontFile2", "/FontFile3"}
        ]
        assert not_embedded == [], name


def test_a_demo_sites_sheets_say_demo_on_every_page() -> None:
    moment = datetime(2026, 11, 20, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    demo = blank_forms_pdf(
        site_id="09", site_name="Demo Clinic", printed_at=moment, demo=True, protocol=PROTOCOL
    )
    real = blank_forms_pdf(
        site_id="09", site_name="Demo Clinic", printed_at=moment, protocol=PROTOCOL
    )
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(demo)).pages]
    assert len(pages) > 3
    assert all("DEMO site: not for a real study" in page and "DEMO · " in page for page in pages)
    assert "DEMO" not in pdf_text(real)
    recovery = recovery_sheet_pdf(
        new_recovery_key(),
        site_id="09",
        site_name="Demo Clinic",
        created_at=moment,
        printed_at=moment,
        demo=True,
        language="zh",
        protocol=PROTOCOL,
    )
    assert "DEMO 演示中心：不得用于真实研究" in pdf_text(recovery)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["HBV DNA value * (only if HBV DNA is Quantified)",
                ("Liver stiffness (transient elastography) * (only if Basis of the cirrhosis "
                 "diagnosis is Transient elastography)"),
                "kPa; step 0.1; 1.5 to 75; expected 2.5 to 75",
                "☐ Positive ☐ Negative", "HBsAg test date must not be after Screening date."]),
        ("zh", ["HBV DNA数值 * (仅当 HBV DNA 为 已定量 时填写)", "☐ 阳性 ☐ 阴性",
                "肝硬度（瞬时弹性成像） * (仅当 肝硬化诊断",
                "为 瞬时弹性成像 时填写) kPa; 精确到 0.1; 1.5 至 75"]),
    ],
)  # fmt: skip
def test_blank_screening_form_prints_the_hbv_evidence_with_its_conditions(
    language: str, expected: list[str]
) -> None:
    """Issue 19 item 5: the paper screening form asks for the HBsAg, HBV DNA (its value only when
    quantified, in the lab table) and how cirrhosis was diagnosed (the stiffness only with
    elastography)."""
    text = " ".join(
        pdf_text(
            blank_forms_pdf(
                site_id="01",
                site_name="T",
                language=language,
                form_ids=["screening"],
                printed_at=PRINTED,
                protocol=PROTOCOL,
            )
        ).split()
    )
    for line in expected:
        assert line in text, line
