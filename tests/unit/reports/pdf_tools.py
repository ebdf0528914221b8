"""Reading generated PDFs back in tests: text (pypdf), page images (pdftoppm), QR codes
(zbarimg)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

PDFTOPPM = shutil.which("pdftoppm")
ZBARIMG = shutil.which("zbarimg")
needs_pdftoppm = pytest.mark.skipif(
    PDFTOPPM is None, reason="pdftoppm (Debian poppler-utils) is not installed"
)
needs_zbarimg = pytest.mark.skipif(
    ZBARIMG is None or PDFTOPPM is None,
    reason="zbarimg (Debian zbar-tools) and pdftoppm (poppler-utils) are needed to decode the QR",
)


def pdf_text(data: bytes) -> str:
    """All pages' text with runs of white space folded to one space."""
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def render_pages(data: bytes, folder: Path, resolution: int = 80) -> list[Path]:
    """Every page as a PNG (pdftoppm), in page order."""
    assert PDFTOPPM is not None
    source = folder / "sheet.pdf"
    source.write_bytes(data)
    subprocess.run(
        [PDFTOPPM, "-png", "-r", str(resolution), str(source), str(folder / "page")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return sorted(folder.glob("page-*.png"))


def qr_codes(data: bytes, folder: Path) -> list[str]:
    """The decoded text of every QR code on the first page (zbarimg on a 200 dpi rendering)."""
    assert ZBARIMG is not None
    first_page = render_pages(data, folder, resolution=200)[0]
    done = subprocess.run(
        [ZBARIMG, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(first_page)],
        check=False,  # exit status 4 means "no code found": the assertion says so
        capture_output=True,
        text=True,
        timeout=60,
    )
    return [line for line in done.stdout.splitlines() if line]
