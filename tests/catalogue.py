"""The shipped core catalogue (resources/translations) read directly: the core's templates
("Messages" context) and their finished translations, as `translations.localized` finds them."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from xml.etree import ElementTree

CATALOGUE = Path(__file__).resolve().parents[1] / "resources" / "translations" / "core_zh_CN.ts"


@cache
def core_translations() -> dict[str, str]:
    """Finished Chinese translations of the core's templates, by English template."""
    found: dict[str, str] = {}
    for context in ElementTree.parse(CATALOGUE).getroot().iter("context"):
        if context.findtext("name") != "Messages":
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") is None and translation.text:
                found[message.findtext("source") or ""] = translation.text
    return found


def translate(template: str) -> str:
    """The catalogue's translation; a template without one fails the test."""
    assert template in core_translations(), (
        f"{template!r} has no finished translation in the catalogue"
    )
    return core_translations()[template]
