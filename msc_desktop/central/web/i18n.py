"""The web application's words in English and Chinese.

Like the printed sheets (`reports/texts.py`), the pages' own words are a table of (English,
Chinese) pairs by key; protocol labels come from the protocol declaration in both languages, and
the core's sentences (`Message`, e.g. a password refused by the policy) are translated with the
desktop app's catalogue (ui/translations/msc_desktop_zh_CN.ts, context "Messages"), read here
without Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from xml.etree import ElementTree

from msc_desktop.central.web.texts import TEXTS
from msc_desktop.messages import Message
from msc_desktop.paths import project_root

LANGUAGES = ("en", "zh")


def text(key: str, language: str, /, **values: object) -> str:
    """The page text `key` in `language`, with `values` filled in."""
    english, chinese = TEXTS[key]
    template = chinese if language == "zh" else english
    return template.format(**values) if values else template


@cache
def _catalogue() -> Mapping[str, str]:
    path = project_root() / "ui" / "translations" / "msc_desktop_zh_CN.ts"
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError):
        return {}
    found: dict[str, str] = {}
    for context in root.iter("context"):
        if context.findtext("name") != "Messages":
            continue
        for message in context.iter("message"):
            source, translation = message.findtext("source"), message.find("translation")
            if (
                source
                and translation is not None
                and translation.text
                and translation.get("type") not in ("unfinished", "obsolete")
            ):
                found[source] = translation.text
    return found


def sentence(message: str, language: str) -> str:
    """A core sentence (a `Message`, or an error's) in `language`."""
    if language == "zh" and isinstance(message, Message):
        table = _catalogue()
        return message.render("zh", lambda template: table.get(template, template))
    return str(message)
