"""The exports page's downloads: every dataset `msc-central export` and `report` write, from the
browser.

Each is made from the data as they are now, in a temporary folder removed before the answer is
sent (nothing stays on the centre's disk), and returned as one file: the ODM document, the CSV
datasets zipped, the SDTM submission (CSV, SAS XPORT and define.xml) zipped, the ADaM analysis
dataset (CSV, XPORT and its define.xml) zipped, the SDTM define.xml alone, and the DSMB report as
a PDF (made in memory).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from msc_desktop.central.export import export_pooled
from msc_desktop.central.pooled import load_pooled
from msc_desktop.central.report import render_report
from msc_desktop.central.service import Center

DEFINE_FILE = "define.xml"


@dataclass(frozen=True)
class Download:
    """A file the browser saves."""

    content: bytes
    file_name: str
    media_type: str


def _zipped(center: Center, fmt: str, file_name: str) -> Download:
    with tempfile.TemporaryDirectory(prefix="msc-export-") as folder:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in export_pooled(center, fmt, Path(folder)):
                archive.write(path, path.name)
        return Download(buffer.getvalue(), file_name, "application/zip")


def _odm(center: Center) -> Download:
    with tempfile.TemporaryDirectory(prefix="msc-export-") as folder:
        path = export_pooled(center, "odm", Path(folder))[0]
        return Download(path.read_bytes(), path.name, "application/xml")


def _define(center: Center) -> Download:
    with tempfile.TemporaryDirectory(prefix="msc-export-") as folder:
        paths = export_pooled(center, "sdtm", Path(folder))
        define = next(path for path in paths if path.name == DEFINE_FILE)
        return Download(define.read_bytes(), DEFINE_FILE, "application/xml")


def _report(center: Center) -> Download:
    pdf = render_report(load_pooled(center, with_audit=False), datetime.now(UTC))
    return Download(pdf, "dsmb-report.pdf", "application/pdf")


#: The downloads by name (the address /exports/NAME), in the order the page lists them.
EXPORTS: Mapping[str, Callable[[Center], Download]] = {
    "odm": _odm,
    "csv": lambda center: _zipped(center, "csv", "datasets-csv.zip"),
    "sdtm": lambda center: _zipped(center, "sdtm", "sdtm.zip"),
    "adam": lambda center: _zipped(center, "adam", "adam.zip"),
    "define": _define,
    "report": _report,
}
