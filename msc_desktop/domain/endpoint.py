"""The primary endpoint: Child-Pugh (points, score, class), MELD, MELD-Na and MELD 3.0 of one visit.

One computation serves the site (screening and visit screens) and the coordinating centre (the RS
domain and the analysis dataset, computed from the labs it received): `compute_scores` takes a
form's cleaned values (labs standardized, DESIGN section 7) and the participant's sex, and
returns each score or None where an input is missing or out of its hard range. The formulas are
those of `msc_desktop.domain.scores` (FDA/CDISC CPS01, OPTN 9.1.D, Kim 2021), with Decimal.
`score_results` names each result as the protocol's "cdisc"."scores" declaration refers to it
(`SCORE_RESULTS`), and `form_values` turns recorded item values (text, with their unit) into
a form's cleaned values by the same parsing the forms use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from msc_desktop.domain.decimals import NumberLike
from msc_desktop.domain.field_values import parse_field_value
from msc_desktop.domain.protocol import SCORE_RESULTS, Protocol
from msc_desktop.domain.scores import ChildPugh, meld, meld_3, meld_na
from msc_desktop.domain.screening_findings import compute_child_pugh
from msc_desktop.domain.units import StandardizedLab
from msc_desktop.errors import MscError

#: The form fields the scores read (labs in their standard unit), for traceability.
SCORE_INPUTS = (
    "bilirubin",
    "albumin",
    "inr",
    "creatinine",
    "sodium",
    "ascites",
    "encephalopathy_grade",
    "dialysis",
)


@dataclass(frozen=True)
class Scores:
    """The liver scores of one set of values; None where an input is missing or invalid."""

    child_pugh: ChildPugh | None
    meld: int | None
    meld_na: int | None
    meld_3: int | None


def compute_scores(values: Mapping[str, object], sex: str | None, protocol: Protocol) -> Scores:
    """Child-Pugh, MELD, MELD-Na and MELD 3.0 from cleaned form values (labs standardized),
    with the hard ranges of `protocol` (the version the values were entered under)."""

    def lab(name: str) -> NumberLike | None:
        value = values.get(name)
        return value.standard_value if isinstance(value, StandardizedLab) else None

    dialysis = values.get("dialysis") == "Y"
    bili, inr, creat, sodium, albumin = (
        lab(name) for name in ("bilirubin", "inr", "creatinine", "sodium", "albumin")
    )

    def attempt(compute: Callable[..., int], *args: object) -> int | None:
        if any(arg is None for arg in args):
            return None
        try:
            return compute(*args, dialysis=dialysis, protocol=protocol)
        except MscError:
            return None

    try:
        child_pugh = compute_child_pugh(values, protocol)
    except MscError:
        child_pugh = None
    return Scores(
        child_pugh=child_pugh,
        meld=attempt(meld, bili, inr, creat),
        meld_na=attempt(meld_na, bili, inr, creat, sodium),
        meld_3=attempt(meld_3, sex, bili, sodium, inr, creat, albumin)
        if sex in ("F", "M")
        else None,
    )


def score_results(scores: Scores) -> dict[str, str]:
    """Each computed result by its name in `SCORE_RESULTS` (missing results are left out)."""
    results: dict[str, str] = {}
    points = scores.child_pugh
    if points is not None:
        results.update(
            {
                "child_pugh_bilirubin_points": str(points.bilirubin_points),
                "child_pugh_albumin_points": str(points.albumin_points),
                "child_pugh_inr_points": str(points.inr_points),
                "child_pugh_ascites_points": str(points.ascites_points),
                "child_pugh_encephalopathy_points": str(points.encephalopathy_points),
                "child_pugh_score": str(points.score),
                "child_pugh_class": points.cp_class,
            }
        )
    for name, value in (
        ("meld", scores.meld),
        ("meld_na", scores.meld_na),
        ("meld_3", scores.meld_3),
    ):
        if value is not None:
            results[name] = str(value)
    assert set(results) <= set(SCORE_RESULTS)
    return results


def form_values(
    protocol: Protocol, form_id: str, recorded: Mapping[str, tuple[str, str | None]]
) -> dict[str, object]:
    """A form's cleaned values from recorded item values (field name -> text and unit); a value
    that does not parse under the form's declaration is left out, as a missing one."""
    form = protocol.form(form_id)
    values: dict[str, object] = {}
    for name, (text, unit) in recorded.items():
        try:
            field = form.item(name)
            raw: object = (text, unit) if field.kind == "lab" and unit else text
            values[name] = parse_field_value(field, raw, protocol)
        except MscError:
            continue
    return values
