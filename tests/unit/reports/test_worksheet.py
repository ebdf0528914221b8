"""The dosing worksheet: values read back from the PDF, volumes equal to the rules engine's, the QR
payload, rendering, and refusals that write nothing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from msc_desktop.domain.decimals import format_decimal, grouped
from msc_desktop.domain.dosing import plan_dose
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.domain.schedule import visit_window
from msc_desktop.domain.worksheet import WorksheetInput, prepare_worksheet
from msc_desktop.errors import MscError, RuleViolation, ValidationError
from msc_desktop.reports.printing import dosing_worksheet_pdf
from msc_desktop.reports.sheet import write_pdf
from msc_desktop.reports.worksheet import render_worksheet
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

PRINTED = datetime(2026, 11, 20, 9, 30, tzinfo=timezone(timedelta(hours=8)))
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
SAMPLE = WorksheetInput(
    subject_id="01-0007",
    arm="MSC",
    visit_code="W4",
    day0=date(2026, 11, 20),
    weight=Decimal("62.5"),
    weight_date=date(2026, 12, 17),
    product_lot="LOT-2026-118",
    bag_id="BAG-0042",
    product_expiry=date(2026, 12, 31),
    cell_concentration_per_ml=Decimal(2000000),
    viability_pct=Decimal("85.5"),
    baseline_weight_kg=Decimal(63),
)
ON = date(2026, 12, 18)


def render(data: WorksheetInput, language: str = "en", paper: str = "a4", on: date = ON) -> bytes:
    return render_worksheet(
        prepare_worksheet(data, on=on, protocol=PROTOCOL),
        site_id="01",
        site_name="Test Hospital",
        language=language,
        paper=paper,
        printed_at=PRINTED,  # type: ignore[arg-type]
    )


@pytest.fixture
def msc_planned(nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore) -> str:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    plan_infusion(nurse_store, pid, PLAN, today=TODAY)
    return pid


def test_worksheet_from_the_store_shows_every_value(
    nurse_store: SiteStore, msc_planned: str
) -> None:
    pdf = dosing_worksheet_pdf(nurse_store, "01-0001", "W0", printed_at=PRINTED)
    text = pdf_text(pdf)
    plan = plan_dose(
        PLAN["weight"],
        PLAN["cell_concentration_per_ml"],
        PLAN["viability_pct"],
        baseline_weight_kg="62.5",
    )
    window = visit_window("W0", TODAY, PROTOCOL)
    protocol = load_protocol()
    expected = [
        "01-0001",
        protocol.protocol_id,
        f"version {protocol.version}",
        "Site 01: Test Hospital",
        "Printed 2026-11-20 09:30 UTC+08:00",
        "Week 0 (infusion 1)",
        f"{window.opens.isoformat()} to {window.closes.isoformat()}",
        "MSC + standard care",
        "61 kg",
        "2026-11-19 (1 d before printing)",
        "62.5 kg",
        "-2.4 %",
        "LOT-7",
        "BAG-3",
        "2026-12-31",
        "2,000,000 cells/mL",
        "92 %",
        f"{grouped(plan.viable_concentration_per_ml)} cells/mL",
        f"{grouped(plan.total_cells)} cells = 61 kg × 1,000,000 viable cells/kg",
        f"{format_decimal(plan.volume_ml)} mL",
        "rounded half-up to 0.1 mL",
        (
            "Protocol limits: total concentration 100,000 to 100,000,000 cells/mL; volume 1 to "
            "250 mL per infusion"
        ),
        "Released: viability at least 70 %",
        "Prepared by",
        "Verified by (second person)",
        "Page 1 of 1",
    ]
    missing = [value for value in expected if value not in text]
    assert missing == []
    assert plan.volume_ml == Decimal("33.2") and "33.2 mL" in text
    assert REGISTRATION["full_name"] not in text  # subject id only on sheets for the centre
    assert page_count(pdf) == 1


@pytest.mark.parametrize(
    ("weight", "concentration", "viability"),
    [
        ("30", "1000000", "100"),
        ("61.0", "2000000", "92"),
        ("62.5", "2000000", "85.5"),
        ("72.35", "1500000", "77.7"),
        ("100", "3333333", "90"),
        ("149.9", "2500000", "70"),
        ("200", "900000", "99.9"),
        ("45.05", "1234567", "81.25"),
    ],
)
def test_volume_on_the_sheet_is_the_rules_engines(
    weight: str, concentration: str, viability: str
) -> None:
    data = replace(
        SAMPLE,
        weight=Decimal(weight),
        cell_concentration_per_ml=Decimal(concentration),
        viability_pct=Decimal(viability),
    )
    plan = plan_dose(weight, concentration, viability, baseline_weight_kg=SAMPLE.baseline_weight_kg)
    text = pdf_text(render(data))
    assert f"Volume to infuse {plan.volume_shown} mL" in text
    assert f"{grouped(plan.total_cells)} cells = {format_decimal(Decimal(weight))} kg" in text


def test_qr_payload_carries_the_dose_and_a_check_of_its_inputs() -> None:
    sheet = prepare_worksheet(SAMPLE, on=ON, protocol=PROTOCOL)
    plan = plan_dose("62.5", "2000000", "85.5", baseline_weight_kg="63")
    protocol = load_protocol()
    canonical = json.dumps(
        [
            protocol.protocol_id,
            protocol.version,
            "01-0007",
            "W4",
            "62.5",
            "2026-12-17",
            "LOT-2026-118",
            "BAG-0042",
            "2026-12-31",
            "2000000",
            "85.5",
            str(plan.total_cells),
            format_decimal(plan.volume_ml),
        ],
        separators=(",", ":"),
    )
    check = hashlib.sha256(canonical.encode()).hexdigest()[:10]
    assert sheet.qr_payload == (
        f"MSCW1|{protocol.protocol_id}|01-0007|W4|62.5|{plan.total_cells}|"
        f"{format_decimal(plan.volume_ml)}|{check}"
    )
    changed = prepare_worksheet(replace(SAMPLE, bag_id="BAG-0043"), on=ON, protocol=PROTOCOL)
    assert changed.qr_payload.rsplit("|", 1)[0] == sheet.qr_payload.rsplit("|", 1)[0]
    assert changed.check_code != sheet.check_code  # the bag is part of the check
    assert f"Sheet check code {check}" in pdf_text(render(SAMPLE))


@needs_zbarimg
def test_printed_qr_code_decodes_to_the_payload(tmp_path: Path) -> None:
    sheet = prepare_worksheet(SAMPLE, on=ON, protocol=PROTOCOL)
    for language in ("en", "zh"):
        folder = tmp_path / language
        folder.mkdir()
        assert qr_codes(render(SAMPLE, language=language), folder) == [sheet.qr_payload]


def test_flags_for_viability_weight_age_change_expiry_and_window() -> None:
    data = replace(
        SAMPLE,
        viability_pct=Decimal(65),
        baseline_weight_kg=Decimal(70),
        product_expiry=date(2026, 12, 21),
    )
    late = date(2026, 12, 22)
    sheet = prepare_worksheet(data, on=late, protocol=PROTOCOL)
    assert [flag.code for flag in sheet.flags] == [
        "LOW_VIABILITY",
        "WEIGHT_CHANGE",
        "WEIGHT_OLD",
        "PRODUCT_EXPIRED",
        "OUTSIDE_WINDOW",
    ]
    text = pdf_text(render(data, on=late))
    assert "NOT RELEASED: viability below 70 %" in text
    assert "Viability 65 % is below the 70 % release threshold" in text
    assert "Weight differs from baseline by -10.7 %, more than 10 %" in text
    assert "The weight is 5 days old; the protocol allows at most 3" in text
    assert "The product expired on 2026-12-21" in text
    assert "Today (2026-12-22) is outside the visit window (2026-12-15 to 2026-12-21)" in text
    assert "Release override (investigator)" in text
    assert prepare_worksheet(SAMPLE, on=ON, protocol=PROTOCOL).flags == ()


def test_chinese_sheet_has_the_same_numbers_and_chinese_labels() -> None:
    plan = plan_dose("62.5", "2000000", "85.5")
    text = pdf_text(render(SAMPLE, language="zh", paper="letter"))
    for value in (
        "干细胞输注剂量计算单",
        "第4周（第2次输注）",
        "输注体积",
        "配制人",
        "核对人",
        f"{format_decimal(plan.volume_ml)} mL",
        "LOT-2026-118",
        "01-0007",
        "第 1 页，共 1 页",
    ):
        assert value in text, value


def test_fonts_are_embedded_or_cid(tmp_path: Path) -> None:
    import io

    from pypdf import PdfReader

    for language in ("en", "zh"):
        reader = PdfReader(io.BytesIO(render(SAMPLE, language=language)))
        fonts = {}
        for font in reader.pages[0]["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
        assert not any("Helvetica" in name for name in fonts)
        dejavu = [font for name, font in fonts.items() if "DejaVuSans" in name]
        assert dejavu, fonts.keys()
        for font in dejavu:
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # the TrueType subset is in the file
    zh_fonts = PdfReader(io.BytesIO(render(SAMPLE, language="zh"))).pages[0]["/Resources"]["/Font"]
    chinese = [
        font.get_object()
        for font in zh_fonts.values()
        if "DroidSansFallback" in str(font.get_object()["/BaseFont"])
    ]
    assert chinese, [str(font.get_object()["/BaseFont"]) for font in zh_fonts.values()]
    for font in chinese:
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # a subset of the TrueType font is in the file


@needs_pdftoppm
@pytest.mark.parametrize(
    ("language", "paper", "size"), [("en", "a4", (662, 936)), ("zh", "letter", (680, 880))]
)
def test_rendering_gives_one_inked_page(
    tmp_path: Path, language: str, paper: str, size: tuple[int, int]
) -> None:
    from PIL import Image

    pages = render_pages(render(SAMPLE, language=language, paper=paper), tmp_path)
    assert len(pages) == 1
    with Image.open(pages[0]) as image:
        assert image.size == size
        grey = image.convert("L")
        histogram = grey.histogram()
        dark = sum(histogram[:128])
        assert 0.02 < dark / (size[0] * size[1]) < 0.5  # printed, not blank, not a black page


def test_control_arm_is_refused_and_nothing_is_written(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore, tmp_path: Path
) -> None:
    randomized_participant(nurse_store, investigator_store, site, arm="CONTROL")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(RuleViolation, match="control arm"):
        write_pdf(out / "sheet.pdf", dosing_worksheet_pdf(nurse_store, "01-0001", "W0"))
    assert list(out.iterdir()) == []
    with pytest.raises(RuleViolation, match="CONTROL arm, which receives no MSC infusion"):
        prepare_worksheet(replace(SAMPLE, arm="CONTROL"), on=ON, protocol=PROTOCOL)
    with pytest.raises(RuleViolation, match="not randomized yet"):
        prepare_worksheet(replace(SAMPLE, arm=None, day0=None), on=ON, protocol=PROTOCOL)


def test_non_infusion_visit_and_missing_plan_are_refused(
    nurse_store: SiteStore, msc_planned: str
) -> None:
    with pytest.raises(
        RuleViolation,
        match="W12 is not an infusion visit; dosing worksheets are printed for W0, W4, W8",
    ):
        dosing_worksheet_pdf(nurse_store, "01-0001", "W12")
    with pytest.raises(
        ValidationError,
        match="The W4 dosing worksheet for 01-0001 cannot be printed without: Body weight used",
    ):
        dosing_worksheet_pdf(nurse_store, "01-0001", "W4")
    with pytest.raises(ValidationError, match="no participant 01-0099"):
        dosing_worksheet_pdf(nurse_store, "01-0099", "W0")


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("weight", "Body weight used for the dose"),
        ("weight_date", "Date weighed"),
        ("product_lot", "Product lot"),
        ("bag_id", "Bag id"),
        ("product_expiry", "Product expiry date"),
        ("cell_concentration_per_ml", "Total cell concentration"),
        ("viability_pct", "Viability"),
    ],
)
def test_missing_weight_or_product_data_is_named(field: str, label: str) -> None:
    with pytest.raises(ValidationError) as raised:
        prepare_worksheet(replace(SAMPLE, **{field: None}), on=ON, protocol=PROTOCOL)
    assert (
        str(raised.value)
        == f"The W4 dosing worksheet for 01-0007 cannot be printed without: {label}."
    )


def test_bad_language_and_paper_are_refused(nurse_store: SiteStore, msc_planned: str) -> None:
    with pytest.raises(ValidationError, match='Language must be "en" or "zh"'):
        dosing_worksheet_pdf(nurse_store, "01-0001", "W0", language="fr")
    with pytest.raises(ValidationError, match='Paper must be "a4" or "letter"'):
        dosing_worksheet_pdf(nurse_store, "01-0001", "W0", paper="a3")


def test_write_pdf_is_atomic_and_refuses_bad_places(tmp_path: Path) -> None:
    out = tmp_path / "w.pdf"
    out.write_bytes(b"old")
    write_pdf(out, b"%PDF-new")
    assert out.read_bytes() == b"%PDF-new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["w.pdf"]
    with pytest.raises(MscError, match="does not exist"):
        write_pdf(tmp_path / "missing" / "w.pdf", b"x")
    with pytest.raises(MscError, match="is a folder"):
        write_pdf(tmp_path, b"x")


def test_a_chinese_worksheet_writes_units_in_chinese_and_the_volume_to_its_tenth() -> None:
    whole = replace(SAMPLE, weight=Decimal(42), viability_pct=Decimal(100))
    text = pdf_text(render(whole, language="zh"))
    assert "21.0 mL" in text and "21 mL" not in text
    assert "2,000,000 个细胞/mL" in text and "cells/mL" not in text
    assert "心率 (次/分)" in text
    english = pdf_text(render(whole, language="en"))
    assert "21.0 mL" in english and "2,000,000 cells/mL" in english
