"""Every reference vector passes (Child-Pugh, MELD, MELD-Na, MELD 3.0).

The project's own vectors (tests/data/vectors, derived from the published formulas by
tools/derive_score_vectors.py) always run; a sibling ../shared/vectors folder adds its cases when
it is there.
"""

from __future__ import annotations

import importlib.util
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from msc_desktop.domain import scores, units
from msc_desktop.domain.protocol_reader import load_protocol
from tests.conftest import REPO_ROOT, SHARED_VECTORS_DIR, VECTORS_DIR

PROTOCOL = load_protocol()


def units_to_standard(test: str, unit: str, value: str) -> Decimal:
    """`value` in `unit` in the standard unit of lab test `test`, under the current protocol."""
    return units.to_standard(test, value, unit, PROTOCOL)


def units_from_standard(test: str, unit: str, value: str) -> Decimal:
    return units.from_standard(test, value, unit, PROTOCOL)


_SHARED = pytest.param(
    SHARED_VECTORS_DIR,
    id="shared",
    marks=pytest.mark.skipif(
        not SHARED_VECTORS_DIR.is_dir(),
        reason=f"optional extra cases: no {SHARED_VECTORS_DIR} beside this clone",
    ),
)


@pytest.fixture(params=[pytest.param(VECTORS_DIR, id="project"), _SHARED])
def vectors_dir(request: pytest.FixtureRequest) -> Path:
    folder: Path = request.param
    return folder


def test_project_vectors_are_what_the_derivation_tool_writes() -> None:
    spec = importlib.util.spec_from_file_location(
        "derive_score_vectors", REPO_ROOT / "tools" / "derive_score_vectors.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    for name, text in tool.rendered().items():
        assert (VECTORS_DIR / name).read_text(encoding="utf-8") == text, name


def test_every_project_vector_names_its_source() -> None:
    for name in ("child_pugh.json", "meld.json"):
        data = json.loads((VECTORS_DIR / name).read_text(encoding="utf-8"))
        groups = [value for value in data.values() if isinstance(value, list)]
        assert sum(len(group) for group in groups) > 100
        assert all(case["source"] for group in groups for case in group)


def _load(vectors_dir: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((vectors_dir / name).read_text(encoding="utf-8"))
    return data


def _bilirubin(case: dict[str, Any]) -> Decimal | float:
    if "bilirubin_umol_l" in case:
        return units_to_standard("BILI", "umol/L", case["bilirubin_umol_l"])
    value: float = case["bilirubin_mg_dl"]
    return value


def _creatinine(case: dict[str, Any]) -> Decimal | float:
    if "creatinine_umol_l" in case:
        return units_to_standard("CREAT", "umol/L", case["creatinine_umol_l"])
    value: float = case["creatinine_mg_dl"]
    return value


def test_child_pugh_vectors(vectors_dir: Path) -> None:
    cases = _load(vectors_dir, "child_pugh.json")["cases"]
    assert len(cases) >= 10
    mismatches = []
    for case in cases:
        result = scores.child_pugh(
            case["bilirubin_mg_dl"],
            case["albumin_g_dl"],
            case["inr"],
            case["ascites"],
            case["encephalopathy_grade"],
        )
        if (result.score, result.cp_class) != (case["score"], case["cp_class"]):
            mismatches.append((case, result))
    assert mismatches == []


def test_child_pugh_si_bilirubin_vectors(vectors_dir: Path) -> None:
    cases = _load(vectors_dir, "child_pugh.json")["si_bilirubin_points"]
    assert cases
    points = [
        scores.child_pugh(
            units_to_standard("BILI", "umol/L", case["bilirubin_umol_l"]), 4, 1, "absent", 0
        ).bilirubin_points
        for case in cases
    ]
    assert points == [case["points"] for case in cases]


def test_meld_vectors(vectors_dir: Path) -> None:
    cases = _load(vectors_dir, "meld.json")["meld"]
    assert any("bilirubin_umol_l" in case for case in cases)
    got = [
        scores.meld(_bilirubin(case), case["inr"], _creatinine(case), case.get("dialysis", False))
        for case in cases
    ]
    assert got == [case["meld"] for case in cases]


def test_meld_na_vectors(vectors_dir: Path) -> None:
    cases = _load(vectors_dir, "meld.json")["meld_na"]
    assert cases
    got = [
        scores.meld_na(
            _bilirubin(case),
            case["inr"],
            _creatinine(case),
            case["sodium_mmol_l"],
            case.get("dialysis", False),
        )
        for case in cases
    ]
    assert got == [case["meld_na"] for case in cases]


def test_meld_3_vectors(vectors_dir: Path) -> None:
    cases = _load(vectors_dir, "meld.json")["meld_3"]
    assert cases
    got = [
        scores.meld_3(
            case["sex"],
            _bilirubin(case),
            case["sodium_mmol_l"],
            case["inr"],
            _creatinine(case),
            case["albumin_g_dl"],
            case.get("dialysis", False),
        )
        for case in cases
    ]
    assert got == [case["meld_3"] for case in cases]
