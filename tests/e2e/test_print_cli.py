"""`msc-site print worksheet | sae | blank-forms` as a user runs them (subprocesses)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from msc_desktop.domain.decimals import format_decimal
from msc_desktop.domain.dosing import plan_dose
from msc_desktop.store.services.adverse_events import record_adverse_event
from msc_desktop.store.services.infusions import plan_infusion
from msc_desktop.store.site import SiteStore
from tests.accounts import NURSE
from tests.factories import REGISTRATION, TODAY, randomized_participant
from tests.unit.reports.pdf_tools import pdf_text

PLAN = {
    "visit_code": "W0",
    "weight": "58.4",
    "weight_date": "2026-11-20",
    "product_lot": "LOT-9",
    "bag_id": "BAG-12",
    "product_expiry": "2026-12-31",
    "cell_concentration_per_ml": "1800000",
    "viability_pct": "88",
}
SAE = {
    "term": "Sepsis",
    "onset_date": "2026-11-20",
    "aware_at": "2026-11-20T16:00",
    "grade": "4",
    "serious_death": "N",
    "serious_life_threatening": "Y",
    "serious_hospitalisation": "Y",
    "serious_disability": "N",
    "serious_congenital_anomaly": "N",
    "serious_other_medical_event": "N",
    "relationship": "UNLIKELY RELATED",
    "expected": "N",
    "action_taken": "DRUG INTERRUPTED",
    "outcome": "NOT RECOVERED/NOT RESOLVED",
}


def msc_site(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from msc_desktop.cli import site_main; sys.exit(site_main())",
            *args,
        ],
        check=False,
        input=(password + "\n") if password is not None else "",
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def clinic(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore, data_dir: Path
) -> Path:
    """Site 01 with 01-0001 (MSC, W0 planned, an SAE) and 01-0002 (control arm)."""
    msc = randomized_participant(nurse_store, investigator_store, site, arm="MSC", number=1)
    plan_infusion(nurse_store, msc, PLAN, today=TODAY)
    record_adverse_event(nurse_store, msc, SAE, today=TODAY)
    randomized_participant(nurse_store, investigator_store, site, arm="CONTROL", number=2)
    return data_dir


def login(data: Path) -> list[str]:
    return ["--data-dir", str(data), "--user", NURSE[0], "--password-stdin"]


def test_print_worksheet_in_both_languages(clinic: Path, tmp_path: Path) -> None:
    expected = plan_dose(PLAN["weight"], PLAN["cell_concentration_per_ml"], PLAN["viability_pct"])
    for language, paper in (("en", "a4"), ("zh", "letter")):
        out = tmp_path / f"w0-{language}.pdf"
        done = msc_site(
            "print",
            "worksheet",
            *login(clinic),
            "--subject",
            "01-0001",
            "--visit",
            "W0",
            "--out",
            str(out),
            "--lang",
            language,
            "--paper",
            paper,
            password=NURSE[1],
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == str(out)
        text = pdf_text(out.read_bytes())
        assert f"{format_decimal(expected.volume_ml)} mL" in text and "01-0001" in text
        assert REGISTRATION["full_name"] not in text


def test_print_sae_and_blank_forms(clinic: Path, tmp_path: Path) -> None:
    sae = tmp_path / "sae.pdf"
    done = msc_site(
        "print",
        "sae",
        *login(clinic),
        "--subject",
        "01-0001",
        "--ae",
        "1",
        "--out",
        str(sae),
        password=NURSE[1],
    )
    assert done.returncode == 0, done.stderr
    assert "Sepsis" in pdf_text(sae.read_bytes())
    forms = tmp_path / "forms.pdf"
    done = msc_site(
        "print",
        "blank-forms",
        *login(clinic),
        "--out",
        str(forms),
        "--form",
        "infusion",
        "--lang",
        "zh",
        password=NURSE[1],
    )
    assert done.returncode == 0, done.stderr
    text = pdf_text(forms.read_bytes())
    assert "干细胞输注" in text and "知情同意" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["worksheet", "--subject", "01-0002", "--visit", "W0"], "control arm"),
        (["worksheet", "--subject", "01-0001", "--visit", "W12"], "W12 is not an infusion visit"),
        (
            ["worksheet", "--subject", "01-0001", "--visit", "W4"],
            "cannot be printed without: Body weight",
        ),
        (["worksheet", "--subject", "01-0099", "--visit", "W0"], "There is no participant 01-0099"),
        (["sae", "--subject", "01-0001", "--ae", "7"], "no adverse event number 7"),
    ],
)
def test_refusals_are_one_line_and_write_nothing(
    clinic: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    done = msc_site(
        "print",
        *args[:1],
        *login(clinic),
        *args[1:],
        "--out",
        str(out_dir / "x.pdf"),
        password=NURSE[1],
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("msc-site: ")
    assert "Traceback" not in done.stderr
    assert list(out_dir.iterdir()) == []


def test_missing_output_folder_is_refused(clinic: Path, tmp_path: Path) -> None:
    done = msc_site(
        "print",
        "blank-forms",
        *login(clinic),
        "--out",
        str(tmp_path / "no" / "f.pdf"),
        password=NURSE[1],
    )
    assert done.returncode == 1 and "does not exist" in done.stderr


def test_help_lists_the_sheets() -> None:
    done = msc_site("print", "--help")
    assert done.returncode == 0
    assert all(sheet in done.stdout for sheet in ("worksheet", "sae", "blank-forms"))
