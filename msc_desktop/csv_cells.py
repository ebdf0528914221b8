"""CSV files people open in a spreadsheet: a cell must never become a live formula.

A value that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is taken for a formula by
Excel, LibreOffice and Google Sheets (an adverse event term `=HYPERLINK(...)` typed at a site would
run at the coordinating centre). Such a cell is written with a leading apostrophe, which the
spreadsheet shows as text; plain numbers (`-1.5`, `+3`) and ISO 8601 durations (`-PT30M`, which
ends in a unit letter and so is neither a number nor a cell reference) stay as they are. Every
CSV the app writes goes through `csv_writer`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DURATION = re.compile(r"-P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?")


class _Stream(Protocol):
    def write(self, text: str, /) -> Any: ...


def safe_cell(value: object) -> object:
    """`value`, with a leading apostrophe when it is text a spreadsheet would run as a formula."""
    if (
        isinstance(value, str)
        and value.startswith(_FORMULA_START)
        and not _NUMBER.fullmatch(value)
        and not _DURATION.fullmatch(value)
    ):
        return "'" + value
    return value


class SafeWriter:
    """`csv.writer` whose cells are passed through `safe_cell`."""

    def __init__(self, stream: _Stream) -> None:
        self._writer = csv.writer(stream, lineterminator="\n")

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: _Stream) -> SafeWriter:
    """A CSV writer (`\\n` line ends) that neutralizes formula cells."""
    return SafeWriter(stream)
