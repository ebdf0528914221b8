"""Derive the project's own score reference vectors from the published formulas.

Writes tests/data/vectors/child_pugh.json and meld.json. The arithmetic here is a second,
independent implementation written from the sources, not from msc_desktop.domain: thresholds are
compared as exact fractions and logarithms are taken at 50 significant digits, so a case that sits
on a rounding boundary is decided by the formula and not by the precision of the app's code.

Sources, named again on every case:
- Child-Pugh: FDA guidance "Pharmacokinetics in Patients with Impaired Hepatic Function" (2003),
  table 1, as coded by CDISC CPS01; ranges inclusive at both ends.
- MELD: OPTN policy 9.1.D (2016 edition): floors at 1.0, creatinine capped at 4.0 and set to 4.0
  with dialysis; MELD(i) rounded half-up to the tenth, times 10; at most 40.
- MELD-Na: OPTN policy 9.1.D (2016): applied when MELD > 11; sodium clamped to 125..137.
- MELD 3.0: Kim WR et al., Gastroenterology 2021;161:1887-1895, equation in table 2.
- Units: DESIGN section 7 (bilirubin umol/L / 17.1, creatinine umol/L / 88.4).

Run `python tools/derive_score_vectors.py` to regenerate; tests check the files match it.
"""

from __future__ import annotations

import itertools
import json
import sys
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

OUT_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "vectors"

CHILD_PUGH_SOURCE = (
    "FDA hepatic impairment guidance (2003) table 1 / CDISC CPS01; ranges inclusive at both ends"
)
MELD_SOURCE = "OPTN policy 9.1.D (2016): MELD"
MELD_NA_SOURCE = "OPTN policy 9.1.D (2016): MELD-Na"
MELD_3_SOURCE = "Kim WR et al., Gastroenterology 2021;161:1887, table 2: MELD 3.0"
UNITS_SOURCE = "DESIGN section 7 units: bilirubin umol/L / 17.1, creatinine umol/L / 88.4"

_CTX = Context(prec=50)


def _ln(value: Fraction) -> Decimal:
    return _CTX.ln(_CTX.divide(Decimal(value.numerator), Decimal(value.denominator)))


def _dec(value: Fraction) -> Decimal:
    return _CTX.divide(Decimal(value.numerator), Decimal(value.denominator))


def _round(value: Decimal, step: str = "1") -> Decimal:
    return value.quantize(Decimal(step), rounding=ROUND_HALF_UP, context=_CTX)


def _clamp(value: Fraction, low: Fraction, high: Fraction) -> Fraction:
    return min(max(value, low), high)


def child_pugh_points(
    bilirubin: Fraction, albumin: Fraction, inr: Fraction, ascites: str, grade: int
) -> tuple[int, str]:
    bili = 1 if bilirubin < 2 else 2 if bilirubin <= 3 else 3
    alb = 1 if albumin > Fraction(7, 2) else 2 if albumin >= Fraction(14, 5) else 3
    ratio = 1 if inr < Fraction(17, 10) else 2 if inr <= Fraction(23, 10) else 3
    asc = {"absent": 1, "slight": 2, "moderate": 3}[ascites]
    enc = 1 if grade == 0 else 2 if grade <= 2 else 3
    score = bili + alb + ratio + asc + enc
    return score, "A" if score <= 6 else "B" if score <= 9 else "C"


def meld_value(bilirubin: Fraction, inr: Fraction, creatinine: Fraction, dialysis: bool) -> int:
    one = Fraction(1)
    cr = Fraction(4) if dialysis else _clamp(creatinine, one, Fraction(4))
    meld_i = (
        Decimal("0.957") * _ln(cr)
        + Decimal("0.378") * _ln(max(bilirubin, one))
        + Decimal("1.120") * _ln(max(inr, one))
        + Decimal("0.643")
    )
    return min(int(_round(meld_i, "0.1") * 10), 40)


def meld_na_value(
    bilirubin: Fraction, inr: Fraction, creatinine: Fraction, sodium: Fraction, dialysis: bool
) -> int:
    score = meld_value(bilirubin, inr, creatinine, dialysis)
    if score <= 11:
        return score
    gap = _dec(137 - _clamp(sodium, Fraction(125), Fraction(137)))
    value = score + Decimal("1.32") * gap - Decimal("0.033") * score * gap
    return min(int(_round(value)), 40)


def meld_3_value(
    sex: str,
    bilirubin: Fraction,
    sodium: Fraction,
    inr: Fraction,
    creatinine: Fraction,
    albumin: Fraction,
    dialysis: bool,
) -> int:
    one = Fraction(1)
    cr = Fraction(3) if dialysis else _clamp(creatinine, one, Fraction(3))
    ln_bili = _ln(max(bilirubin, one))
    ln_cr = _ln(cr)
    na_gap = _dec(137 - _clamp(sodium, Fraction(125), Fraction(137)))
    alb_gap = _dec(Fraction(7, 2) - _clamp(albumin, Fraction(3, 2), Fraction(7, 2)))
    value = (
        (Decimal("1.33") if sex == "F" else 0)
        + Decimal("4.56") * ln_bili
        + Decimal("0.82") * na_gap
        - Decimal("0.24") * na_gap * ln_bili
        + Decimal("9.09") * _ln(max(inr, one))
        + Decimal("11.14") * ln_cr
        + Decimal("1.85") * alb_gap
        - Decimal("1.83") * alb_gap * ln_cr
        + 6
    )
    return min(max(int(_round(value)), 6), 40)


def _f(text: str) -> Fraction:
    return Fraction(text)


def _num(text: str) -> float | int:
    """A JSON number for a decimal string (the tests read it through str, so 1.7 stays 1.7)."""
    value = Fraction(text)
    return int(value) if value.denominator == 1 else float(text)


def child_pugh_cases() -> dict[str, Any]:
    """Each parameter at and around every cut point, crossed with the others' typical values."""
    cases = []
    bilirubins = ["1.0", "1.99", "2", "3", "3.01", "6.5"]
    albumins = ["4.0", "3.51", "3.5", "2.8", "2.79", "2.0"]
    inrs = ["1.0", "1.69", "1.7", "2.3", "2.31", "3.0"]
    for bili, alb, inr in itertools.product(bilirubins, albumins, inrs):
        for ascites, grade in (("absent", 0), ("slight", 2), ("moderate", 3)):
            score, cp_class = child_pugh_points(_f(bili), _f(alb), _f(inr), ascites, grade)
            cases.append(
                {
                    "bilirubin_mg_dl": _num(bili),
                    "albumin_g_dl": _num(alb),
                    "inr": _num(inr),
                    "ascites": ascites,
                    "encephalopathy_grade": grade,
                    "score": score,
                    "cp_class": cp_class,
                    "source": CHILD_PUGH_SOURCE,
                }
            )
    for grade in range(5):
        score, cp_class = child_pugh_points(_f("1"), _f("4"), _f("1"), "absent", grade)
        cases.append(
            {
                "bilirubin_mg_dl": 1,
                "albumin_g_dl": 4,
                "inr": 1,
                "ascites": "absent",
                "encephalopathy_grade": grade,
                "score": score,
                "cp_class": cp_class,
                "source": CHILD_PUGH_SOURCE,
            }
        )
    si_points = []
    for umol in ["34", "34.2", "34.3", "51.3", "51.4", "17"]:
        mg_dl = _f(umol) / _f("17.1")
        points = 1 if mg_dl < 2 else 2 if mg_dl <= 3 else 3
        si_points.append(
            {
                "bilirubin_umol_l": _num(umol),
                "points": points,
                "source": f"{CHILD_PUGH_SOURCE}; {UNITS_SOURCE}",
            }
        )
    return {
        "derived_by": "tools/derive_score_vectors.py",
        "cases": cases,
        "si_bilirubin_points": si_points,
    }


def meld_cases() -> dict[str, Any]:
    """Floors, caps, dialysis, sodium clamps and albumin clamps, in both unit systems."""
    labs = [  # bilirubin, inr, creatinine (conventional units)
        ("0.5", "0.9", "0.6"),
        ("1", "1", "1"),
        ("1.9", "1.2", "1.3"),
        ("2", "1.5", "1.2"),
        ("2", "1.8", "2"),
        ("3.1", "2", "1.9"),
        ("4", "1.8", "1.9"),
        ("6.5", "2.4", "3.5"),
        ("12", "3.1", "4.5"),
        ("25", "4.5", "6"),
        ("1", "1", "5"),
        ("2.3", "2", "1.9"),
    ]
    meld, meld_na, meld_3 = [], [], []
    for (bili, inr, cr), dialysis in itertools.product(labs, (False, True)):
        meld.append(
            {
                "bilirubin_mg_dl": _num(bili),
                "inr": _num(inr),
                "creatinine_mg_dl": _num(cr),
                "dialysis": dialysis,
                "meld": meld_value(_f(bili), _f(inr), _f(cr), dialysis),
                "source": MELD_SOURCE,
            }
        )
        for sodium in ("120", "125", "131", "137", "140"):
            meld_na.append(
                {
                    "bilirubin_mg_dl": _num(bili),
                    "inr": _num(inr),
                    "creatinine_mg_dl": _num(cr),
                    "sodium_mmol_l": _num(sodium),
                    "dialysis": dialysis,
                    "meld_na": meld_na_value(_f(bili), _f(inr), _f(cr), _f(sodium), dialysis),
                    "source": MELD_NA_SOURCE,
                }
            )
        for sex, sodium, albumin in itertools.product(
            "FM", ("124", "131", "138"), ("1.2", "2.8", "3.8")
        ):
            meld_3.append(
                {
                    "sex": sex,
                    "bilirubin_mg_dl": _num(bili),
                    "sodium_mmol_l": _num(sodium),
                    "inr": _num(inr),
                    "creatinine_mg_dl": _num(cr),
                    "albumin_g_dl": _num(albumin),
                    "dialysis": dialysis,
                    "meld_3": meld_3_value(
                        sex, _f(bili), _f(sodium), _f(inr), _f(cr), _f(albumin), dialysis
                    ),
                    "source": MELD_3_SOURCE,
                }
            )
    for umol_bili, inr, umol_cr in (
        ("54", "2", "170"),
        ("17.1", "1.3", "88.4"),
        ("85.5", "1.9", "353.6"),
    ):
        bili_mg_dl = _f(umol_bili) / _f("17.1")
        cr_mg_dl = _f(umol_cr) / _f("88.4")
        meld.append(
            {
                "bilirubin_umol_l": _num(umol_bili),
                "inr": _num(inr),
                "creatinine_umol_l": _num(umol_cr),
                "dialysis": False,
                "meld": meld_value(bili_mg_dl, _f(inr), cr_mg_dl, False),
                "source": f"{MELD_SOURCE}; {UNITS_SOURCE}",
            }
        )
    return {
        "derived_by": "tools/derive_score_vectors.py",
        "meld": meld,
        "meld_na": meld_na,
        "meld_3": meld_3,
    }


def rendered() -> dict[str, str]:
    """The vector files' text, by file name."""
    return {
        name: json.dumps(data, indent=1, ensure_ascii=False) + "\n"
        for name, data in (("child_pugh.json", child_pugh_cases()), ("meld.json", meld_cases()))
    }


def main() -> int:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in rendered().items():
        (OUT_DIR / name).write_text(text, encoding="utf-8")
        print(OUT_DIR / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
