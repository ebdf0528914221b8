"""Updates the two catalogues, the GUI's (Qt) and the core's (no Qt), and compiles the GUI's.

Usage: .venv/bin/python tools/translations.py [--check]
1. pyside6-lupdate reads every msc_desktop/gui/**/*.py (`self.tr(...)` and `translate(...)` from
   gui/i18n.py) into ui/translations/msc_desktop_zh_CN.ts, keeping existing translations and
   dropping strings no longer in the code.
2. The core's sentences (see `core_sources`: the literal templates of `Message(...)` and of
   every error raised) go into the "Messages" context of the core catalogue
   resources/translations/core_zh_CN.ts, keeping their translations; the GUI
   (`gui.i18n.localized`), the printed sheets and the web pages show them with
   `msc_desktop.translations`. Sentences made before they are raised (f-strings, `+`, `%`,
   `.format()`) cannot be translated: they are listed, and --check fails on them. The core
   catalogue's other contexts (the sheets' and pages' words, by id) are written there by hand;
   an id the code names literally but the catalogue lacks is listed, and --check fails on it.
3. With --apply FILE.json ({"Context": {"source": "translation"}}), those translations are
   filled in, in either catalogue (for translating many texts at once outside Qt Linguist).
4. pyside6-lrelease compiles the GUI's .ts into the .qm the app and the bundle load.
5. Prints the number of messages without a finished translation; with --check, exits 1 if any
   (tests/gui/test_i18n.py makes the same check). Translate in Qt Linguist
   (`.venv/bin/pyside6-linguist ui/translations/msc_desktop_zh_CN.ts
   resources/translations/core_zh_CN.ts`), by editing the XML or with --apply.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "ui" / "translations"
CORE_TRANSLATIONS = ROOT / "resources" / "translations"
LOCALES = ("zh_CN",)
CORE_CONTEXT = "Messages"
# Calls whose first argument is a sentence for people: Message(...) and the MscError family.
_SENTENCE_CALL_SUFFIXES = ("Message", "Error", "Denied", "Violation", "Rejected", "Locked")
BIN = Path(sys.executable).parent


def sources() -> list[str]:
    return sorted(
        str(path.relative_to(ROOT)) for path in (ROOT / "msc_desktop" / "gui").rglob("*.py")
    )


def catalogue(locale: str) -> Path:
    return TRANSLATIONS / f"msc_desktop_{locale}.ts"


def core_catalogue(locale: str) -> Path:
    return CORE_TRANSLATIONS / f"core_{locale}.ts"


def core_sources() -> list[Path]:
    """The core modules whose sentences the GUI can show: not the GUI itself, not the command-line
    tools (English, for administrators) and not the coordinating centre's software."""
    package = ROOT / "msc_desktop"
    return sorted(
        path
        for path in package.rglob("*.py")
        if not {"gui", "central", "cli"} & set(path.relative_to(package).parts)
    )


# Where the sheets' and the pages' words are named by a literal id, and the context they are in.
_ID_USES = (
    ("Sheets", "msc_desktop/reports", "*.py", r"\btext\(\s*(['\"])([\w-]+)\1(?=\s*[,)])"),
    (
        "Pages",
        "msc_desktop/central/web",
        "*.py",
        r"(?:\btext\(|\bRefused\(\d+,\s*|\brefusal\([^()]*?\b\d{3},\s*)(['\"])([\w-]+)\1(?=\s*[,)])",
    ),
    (
        "Pages",
        "msc_desktop/central/web/templates",
        "*.html",
        r"\bt\(\s*(['\"])([\w-]+)\1(?=\s*[,)])",
    ),
)


def unknown_ids(ts: Path) -> list[str]:
    """Ids of the sheets' and pages' words named literally in the code but missing from the core
    catalogue `ts` ("context: id (file)"); ids made at run time (`"flag_" + code`) are not seen."""
    held = {
        (context.findtext("name"), message.get("id"))
        for context in ElementTree.parse(ts).getroot().iter("context")
        for message in context.iter("message")
    }
    missing = []
    for context, folder, pattern, expression in _ID_USES:
        for path in sorted((ROOT / folder).glob(pattern)):
            for match in re.finditer(expression, path.read_text(encoding="utf-8")):
                if (context, match.group(2)) not in held:
                    missing.append(f"{context}: {match.group(2)} ({path.relative_to(ROOT)})")
    return missing


def _sentence_argument(node: ast.Call) -> ast.expr | None:
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    if not name.endswith(_SENTENCE_CALL_SUFFIXES) or not node.args:
        return None
    return node.args[0]


def core_messages() -> tuple[list[str], list[str]]:
    """The core's translatable templates, and where a sentence is made before it is raised (an
    f-string, `+`, `%` or `.format()`: file:line), so that no template is left to translate."""
    templates: set[str] = set()
    untranslatable = []
    for path in core_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            argument = _sentence_argument(node) if isinstance(node, ast.Call) else None
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                templates.add(argument.value)
            elif isinstance(argument, (ast.JoinedStr, ast.BinOp)) or (
                isinstance(argument, ast.Call) and getattr(argument.func, "attr", "") == "format"
            ):
                untranslatable.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return sorted(templates), untranslatable


def _translations(root: ElementTree.Element, context: str) -> dict[str, ElementTree.Element]:
    found = {}
    for element in root.iter("context"):
        if element.findtext("name") == context:
            for message in element.iter("message"):
                translation = message.find("translation")
                if translation is not None:
                    found[message.findtext("source") or ""] = translation
    return found


def update(ts: Path, locale: str) -> None:
    """Rebuilds the GUI's catalogue from the GUI sources, keeping translations."""
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            *sources(),
            "-no-obsolete",
            "-locations",
            "none",
            "-target-language",
            locale,
            "-ts",
            str(ts),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    write_catalogue(ElementTree.parse(ts), ts)


def update_core(ts: Path) -> None:
    """Rebuilds the core catalogue's "Messages" context from the core's sentences, keeping
    translations; its other contexts stay as they are."""
    tree = ElementTree.parse(ts)
    root = tree.getroot()
    previous = _translations(root, CORE_CONTEXT)
    for element in list(root.findall("context")):
        if element.findtext("name") == CORE_CONTEXT:
            root.remove(element)
    context = ElementTree.Element("context")
    root.insert(0, context)
    ElementTree.SubElement(context, "name").text = CORE_CONTEXT
    for template in core_messages()[0]:
        message = ElementTree.SubElement(context, "message")
        ElementTree.SubElement(message, "source").text = template
        kept = previous.get(template)
        if kept is not None and kept.get("type") is None and (kept.text or "").strip():
            ElementTree.SubElement(message, "translation").text = kept.text
        else:
            ElementTree.SubElement(message, "translation", type="unfinished")
    write_catalogue(tree, ts)


def write_catalogue(tree: ElementTree.ElementTree, ts: Path) -> None:
    ElementTree.indent(tree, space="    ")
    body = ElementTree.tostring(tree.getroot(), encoding="unicode")
    ts.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8"
    )


def apply(ts: Path, given: dict[str, dict[str, str]]) -> int:
    """Fills in translations given per context and source text; returns how many were used."""
    tree = ElementTree.parse(ts)
    used = 0
    for context, texts in given.items():
        for source, element in _translations(tree.getroot(), context).items():
            if source in texts and texts[source].strip():
                element.text = texts[source]
                element.attrib.pop("type", None)
                used += 1
    write_catalogue(tree, ts)
    return used


def compile_catalogue(ts: Path, qm: Path) -> None:
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def unfinished(ts: Path) -> list[str]:
    """Source texts whose translation is missing, empty or marked unfinished."""
    missing = []
    for message in ElementTree.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if (
            translation is None
            or translation.get("type") in ("unfinished", "obsolete", "vanished")
            or not (translation.text or "").strip()
        ):
            missing.append(message.findtext("source") or "")
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a message lacks a translation"
    )
    parser.add_argument(
        "--apply",
        nargs="+",
        type=Path,
        default=[],
        metavar="FILE.json",
        help='translations to fill in: {"Context": {"source": "translation"}}',
    )
    args = parser.parse_args(argv)
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    status = 0
    untranslatable = core_messages()[1]
    if untranslatable:
        print(
            f"{len(untranslatable)} core sentences are made before they are raised "
            "(f-string, +, % or .format()) and cannot be translated:"
        )
        for place in untranslatable:
            print(f"  {place}")
        if args.check:
            status = 1
    for locale in LOCALES:
        gui, core = catalogue(locale), core_catalogue(locale)
        update(gui, locale)
        update_core(core)
        for given in args.apply:
            texts = json.loads(given.read_text(encoding="utf-8"))
            used = apply(gui, texts) + apply(core, texts)
            print(f"{given}: {used} translations filled in")
        compile_catalogue(gui, gui.with_suffix(".qm"))
        unknown = unknown_ids(core)
        if unknown:
            print(f"{core.relative_to(ROOT)} lacks {len(unknown)} ids the code names:")
            for place in unknown:
                print(f"  {place}")
            if args.check:
                status = 1
        for ts in (gui, core):
            missing = unfinished(ts)
            print(f"{ts.relative_to(ROOT)}: {len(missing)} messages without a translation")
            for source in missing:
                print(f"  {source}")
            if missing and args.check:
                status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
