"""Every CSV the app writes neutralizes cells a spreadsheet would run as formulas (issue 15 item
8)."""

from __future__ import annotations

import csv
import io

import pytest

from msc_desktop.csv_cells import csv_writer, safe_cell


@pytest.mark.parametrize(
    "value, shown",
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-1.5", "-1.5"),
        ("+3", "+3"),
        ("-4e-3", "-4e-3"),
        ("Fever", "Fever"),
        ("", ""),
        ("2026-11-29", "2026-11-29"),
        (None, None),
        (7, 7),
    ],
)
def test_safe_cell(value: object, shown: object) -> None:
    assert safe_cell(value) == shown


def test_writer_round_trips_to_text_a_spreadsheet_shows_as_is() -> None:
    buffer = io.StringIO()
    csv_writer(buffer).writerows([["term", "value"], ['=HYPERLINK("x")', "-0.5"]])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [
        ["term", "value"],
        ['\'=HYPERLINK("x")', "-0.5"],
    ]


def test_iso_durations_stay_as_they_are_and_lookalikes_do_not() -> None:
    """SDTM VSELTM "-PT30M" (30 minutes before) is data, not a formula: it ends in a unit letter,
    so no spreadsheet reads it as a number or a cell reference; a near miss is still quoted."""
    assert [safe_cell(value) for value in ("-PT30M", "-P1D", "-PT2H30M")] == [
        "-PT30M",
        "-P1D",
        "-PT2H30M",
    ]
    assert [safe_cell(value) for value in ("-PT30", "-P", "-PT1H=cmd", "-P1DT")] == [
        "'-PT30",
        "'-P",
        "'-PT1H=cmd",
        "'-P1DT",
    ]
