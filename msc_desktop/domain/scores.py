"""Liver severity scores: Child-Pugh, MELD, MELD-Na and MELD 3.0, exact with `Decimal`.

Inputs are in conventional units (convert with `msc_desktop.domain.units`) and accept int, float,
str or Decimal (converted through `str`). Each lab value must lie in the hard range declared for
its test in resources/protocol.json, otherwise `ValidationError`.

Sources (DESIGN section 7):
- Child-Pugh: FDA guidance "Pharmacokinetics in Patients with Impaired Hepatic Function" table
  (CDISC CPS01); ranges inclusive at both ends: bilirubin <2 / 2-3 / >3 mg/dL; albumin
  >3.5 / 2.8-3.5 / <2.8 g/dL; INR <1.7 / 1.7-2.3 / >2.3; ascites absent / slight /
  moderate(-severe); encephalopathy West Haven grade 0 / 1-2 / 3-4. Class A 5-6, B 7-9, C 10-15.
- MELD: OPTN policy 9.1.D. Values below 1.0 are set to 1.0; creatinine is capped at 4.0 and set to
  4.0 with dialysis (twice in the past week, or 24 h of CVVHD).
  MELD(i) = 0.957 ln(Cr) + 0.378 ln(bili) + 1.120 ln(INR) + 0.643, rounded half-up to the tenth,
  times 10; at most 40.
- MELD-Na: OPTN 2016. If MELD > 11: MELD + 1.32 (137 - Na) - 0.033 MELD (137 - Na), sodium clamped
  to 125..137, rounded half-up to an integer; at most 40.
- MELD 3.0: Kim WR et al., Gastroenterology 2021;161:1887. 1.33 (female) + 4.56 ln(bili)
  + 0.82 (137 - Na) - 0.24 (137 - Na) ln(bili) + 9.09 ln(INR) + 11.14 ln(Cr) + 1.85 (3.5 - Alb)
  - 1.83 (3.5 - Alb) ln(Cr) + 6; bili, INR, Cr floored at 1.0; Cr capped at 3.0 (3.0 with
  dialysis); Na clamped to 125..137; albumin clamped to 1.5..3.5 g/dL; rounded half-up to an
  integer; within 6..40.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from msc_desktop.domain.decimals import NumberLike, check_between, to_decimal
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.domain.wording import Wording
from msc_desktop.errors import ValidationError

ChildPughClass = Literal["A", "B", "C"]
Ascites = Literal["absent", "slight", "moderate"]

_ONE = Decimal(1)
_ASCITES_POINTS = {"absent": 1, "slight": 2, "moderate": 3}
_MELD_MAX = 40
_MELD_3_MIN = 6
_SODIUM_FLOOR, _SODIUM_CEILING = Decimal(125), Decimal(137)


@dataclass(frozen=True)
class ChildPugh:
    """A Child-Pugh result: total score, class and the points given to each parameter."""

    score: int
    cp_class: ChildPughClass
    bilirubin_points: int
    albumin_points: int
    inr_points: int
    ascites_points: int
    encephalopathy_points: int


def lab_value(
    test_code: str, value: NumberLike, protocol: Protocol, label: Wording | None = None
) -> Decimal:
    """A standard-unit lab value checked against its test's hard range in `protocol`."""
    test = protocol.lab_test(test_code)
    name = label or test.label
    number = to_decimal(value, name)
    return check_between(
        number, test.hard_range.low, test.hard_range.high, name, test.standard_unit
    )


def _encephalopathy_grade(value: object) -> int:
    text = (
        str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    )
    if text not in {"0", "1", "2", "3", "4"}:
        raise ValidationError(
            "Hepatic encephalopathy grade must be a West Haven grade from 0 to 4; {value!r} was "
            "entered.",
            value=value,
        )
    return int(text)


def _ascites(value: object) -> str:
    text = value.strip().lower() if isinstance(value, str) else ""
    if text not in _ASCITES_POINTS:
        raise ValidationError(
            "Ascites must be absent, slight or moderate; {value!r} was entered.", value=value
        )
    return text


def _dialysis(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(
            "Dialysis must be answered yes or no; {value!r} was entered.", value=value
        )
    return value


def child_pugh_class(score: int) -> ChildPughClass:
    """Class A for 5-6 points, B for 7-9, C for 10-15."""
    if not 5 <= score <= 15:
        raise ValidationError(
            "A Child-Pugh score must be between 5 and 15; {score} was given.", score=score
        )
    if score <= 6:
        return "A"
    return "B" if score <= 9 else "C"


def child_pugh(
    bilirubin_mg_dl: NumberLike,
    albumin_g_dl: NumberLike,
    inr: NumberLike,
    ascites: str,
    encephalopathy_grade: int | str,
    *,
    protocol: Protocol | None = None,
) -> ChildPugh:
    """Child-Pugh score (5-15) and class; see the module docstring for the table. The labs are
    checked against the hard ranges of `protocol` (default: the current version)."""
    rules = protocol or load_protocol()
    bilirubin = lab_value("BILI", bilirubin_mg_dl, rules)
    albumin = lab_value("ALB", albumin_g_dl, rules)
    ratio = lab_value("INR", inr, rules)
    grade = _encephalopathy_grade(encephalopathy_grade)
    bilirubin_points = 1 if bilirubin < 2 else 2 if bilirubin <= 3 else 3
    albumin_points = 1 if albumin > Decimal("3.5") else 2 if albumin >= Decimal("2.8") else 3
    inr_points = 1 if ratio < Decimal("1.7") else 2 if ratio <= Decimal("2.3") else 3
    ascites_points = _ASCITES_POINTS[_ascites(ascites)]
    encephalopathy_points = 1 if grade == 0 else 2 if grade <= 2 else 3
    score = bilirubin_points + albumin_points + inr_points + ascites_points + encephalopathy_points
    return ChildPugh(
        score=score,
        cp_class=child_pugh_class(score),
        bilirubin_points=bilirubin_points,
        albumin_points=albumin_points,
        inr_points=inr_points,
        ascites_points=ascites_points,
        encephalopathy_points=encephalopathy_points,
    )


def _half_up(value: Decimal, step: str = "1") -> Decimal:
    return value.quantize(Decimal(step), rounding=ROUND_HALF_UP)


def _clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return min(max(value, low), high)


def meld(
    bilirubin_mg_dl: NumberLike,
    inr: NumberLike,
    creatinine_mg_dl: NumberLike,
    dialysis: bool = False,
    *,
    protocol: Protocol | None = None,
) -> int:
    """MELD (OPTN policy 9.1.D), an integer 6..40 (labs checked as in `child_pugh`)."""
    rules = protocol or load_protocol()
    bilirubin = max(lab_value("BILI", bilirubin_mg_dl, rules), _ONE)
    ratio = max(lab_value("INR", inr, rules), _ONE)
    creatinine = lab_value("CREAT", creatinine_mg_dl, rules)
    creatinine = Decimal(4) if _dialysis(dialysis) else _clamp(creatinine, _ONE, Decimal(4))
    meld_i = (
        Decimal("0.957") * creatinine.ln()
        + Decimal("0.378") * bilirubin.ln()
        + Decimal("1.120") * ratio.ln()
        + Decimal("0.643")
    )
    return min(int(_half_up(meld_i, "0.1") * 10), _MELD_MAX)


def meld_na(
    bilirubin_mg_dl: NumberLike,
    inr: NumberLike,
    creatinine_mg_dl: NumberLike,
    sodium_mmol_l: NumberLike,
    dialysis: bool = False,
    *,
    protocol: Protocol | None = None,
) -> int:
    """MELD-Na (OPTN 2016), an integer 6..40; equals MELD when MELD is 11 or less."""
    rules = protocol or load_protocol()
    sodium = lab_value("SODIUM", sodium_mmol_l, rules)
    score = meld(bilirubin_mg_dl, inr, creatinine_mg_dl, dialysis, protocol=rules)
    if score <= 11:
        return score
    base = Decimal(score)
    sodium_gap = _SODIUM_CEILING - _clamp(sodium, _SODIUM_FLOOR, _SODIUM_CEILING)
    value = base + Decimal("1.32") * sodium_gap - Decimal("0.033") * base * sodium_gap
    return min(int(_half_up(value)), _MELD_MAX)


def meld_3(
    sex: str,
    bilirubin_mg_dl: NumberLike,
    sodium_mmol_l: NumberLike,
    inr: NumberLike,
    creatinine_mg_dl: NumberLike,
    albumin_g_dl: NumberLike,
    dialysis: bool = False,
    *,
    protocol: Protocol | None = None,
) -> int:
    """MELD 3.0 (Kim et al. 2021), an integer 6..40; `sex` is "F" or "M"."""
    rules = protocol or load_protocol()
    sex_code = sex.strip().upper() if isinstance(sex, str) else ""
    if sex_code not in {"F", "M"}:
        raise ValidationError("Sex must be F or M for MELD 3.0; {sex!r} was entered.", sex=sex)
    bilirubin = max(lab_value("BILI", bilirubin_mg_dl, rules), _ONE)
    sodium = _clamp(lab_value("SODIUM", sodium_mmol_l, rules), _SODIUM_FLOOR, _SODIUM_CEILING)
    ratio = max(lab_value("INR", inr, rules), _ONE)
    creatinine = lab_value("CREAT", creatinine_mg_dl, rules)
    creatinine = Decimal(3) if _dialysis(dialysis) else _clamp(creatinine, _ONE, Decimal(3))
    albumin = _clamp(lab_value("ALB", albumin_g_dl, rules), Decimal("1.5"), Decimal("3.5"))
    sodium_gap = _SODIUM_CEILING - sodium
    albumin_gap = Decimal("3.5") - albumin
    value = (
        (Decimal("1.33") if sex_code == "F" else Decimal(0))
        + Decimal("4.56") * bilirubin.ln()
        + Decimal("0.82") * sodium_gap
        - Decimal("0.24") * sodium_gap * bilirubin.ln()
        + Decimal("9.09") * ratio.ln()
        + Decimal("11.14") * creatinine.ln()
        + Decimal("1.85") * albumin_gap
        - Decimal("1.83") * albumin_gap * creatinine.ln()
        + Decimal(6)
    )
    return min(max(int(_half_up(value)), _MELD_3_MIN), _MELD_MAX)
