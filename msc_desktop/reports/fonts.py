"""Fonts of the printed sheets: DejaVu Sans and Droid Sans Fallback, both embedded as subsets.

reportlab's standard fonts (Helvetica) are not embedded and so print differently from reader to
reader (DESIGN section 9); Latin text is therefore set in DejaVu Sans, shipped in resources/fonts
with its licence (Bitstream Vera licence, DejaVu-LICENSE.txt) and subset into each PDF. Chinese text
is set in Droid Sans Fallback (Apache License 2.0; Debian package fonts-droid-fallback, which the
project's set-up installs and build.spec copies into the bundle's resources/fonts), also subset
into each PDF, so a reader without any CJK font shows the Chinese and not empty boxes.

The font is chosen per run of characters, not per sheet: a Chinese site name or AE term prints on
an English sheet, and numbers and units on a Chinese sheet stay in DejaVu.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from msc_desktop.errors import MscError
from msc_desktop.paths import resources_dir

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
CJK = "DroidSansFallback"
CJK_FONT_FILE = "DroidSansFallbackFull.ttf"
SYSTEM_CJK_FONT_FOLDER = Path("/usr/share/fonts/truetype/droid")  # Debian's fonts-droid-fallback

# Unicode blocks drawn with the CJK font: CJK radicals to Yi (Han, kana, CJK punctuation),
# compatibility ideographs, vertical and compatibility forms, full-width forms.
_CJK_RANGES = (
    (0x2E80, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
)


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the sheet fonts with reportlab once per process."""
    folder = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(REGULAR, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(CJK, str(cjk_font_path())))


def cjk_font_path() -> Path:
    """The Chinese font file: the bundle's copy in resources/fonts, else the system's."""
    for folder in (resources_dir() / "fonts", SYSTEM_CJK_FONT_FOLDER):
        if (folder / CJK_FONT_FILE).is_file():
            return folder / CJK_FONT_FILE
    raise MscError(
        "The Chinese font {file} is missing, so no sheet can be printed: install the package "
        "fonts-droid-fallback (or reinstall the app).",
        file=CJK_FONT_FILE,
    )


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def font_runs(text: str) -> list[tuple[str, bool]]:
    """`text` cut into maximal runs, each with whether it is CJK."""
    runs: list[tuple[str, bool]] = []
    for char in text:
        cjk = is_cjk(char)
        if runs and runs[-1][1] == cjk:
            runs[-1] = (runs[-1][0] + char, cjk)
        else:
            runs.append((char, cjk))
    return runs


def markup(text: str) -> str:
    """`text` as reportlab paragraph markup: escaped, CJK runs set in the CJK font."""
    return "".join(
        f'<font name="{CJK}">{escape(run)}</font>' if cjk else escape(run).replace("\n", "<br/>")
        for run, cjk in font_runs(text)
    )


def text_width(text: str, font: str, size: float) -> float:
    """The printed width of `text` with CJK runs in the CJK font."""
    return sum(
        float(pdfmetrics.stringWidth(run, CJK if cjk else font, size))
        for run, cjk in font_runs(text)
    )
