"""Updates the Qt Linguist catalogues from the GUI sources and compiles them.

Usage: .venv/bin/python tools/translations.py [--check]
1. pyside6-lupdate reads every msc_desktop/gui/*.py (`self.tr(...)` and `translate(...)` from
   gui/i18n.py) into ui/translations/msc_desktop_zh_CN.ts, keeping existing translations and
   dropping strings no longer in the code.
2. pyside6-lrelease compiles each .ts into the .qm the app and the bundle load.
3. Prints the number of messages without a finished translation; with --check, exits 1 if any
   (tests/gui/test_i18n.py makes the same check). Translate in Qt Linguist
   (`.venv/bin/pyside6-linguist ui/translations/msc_desktop_zh_CN.ts`) or by editing the XML.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "ui" / "translations"
LOCALES = ("zh_CN",)
BIN = Path(sys.executable).parent


def sources() -> list[str]:
    return sorted(str(path.relative_to(ROOT)) for path in (ROOT / "msc_desktop" / "gui").glob("*.py"))


def catalogue(locale: str) -> Path:
    return TRANSLATIONS / f"msc_desktop_{locale}.ts"


def update(ts: Path, locale: str) -> None:
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none",
         "-target-language", locale, "-ts", str(ts)],
        cwd=ROOT, check=True, capture_output=True,
    )


def compile_catalogue(ts: Path, qm: Path) -> None:
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def unfinished(ts: Path) -> list[str]:
    """Source texts whose translation is missing, empty or marked unfinished."""
    missing = []
    for message in ElementTree.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished") or not (translation.text or "").strip():
            missing.append(message.findtext("source") or "")
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a message lacks a translation")
    args = parser.parse_args(argv)
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    status = 0
    for locale in LOCALES:
        ts = catalogue(locale)
        update(ts, locale)
        compile_catalogue(ts, ts.with_suffix(".qm"))
        missing = unfinished(ts)
        print(f"{ts.relative_to(ROOT)}: {len(missing)} messages without a translation")
        for source in missing:
            print(f"  {source}")
        if missing and args.check:
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
