"""The web pages' language: their own words are the "Pages" context of the core catalogue
(`msc_desktop.translations`, keyed by id as the printed sheets' words are); protocol labels come
from the protocol declaration in both languages, and the core's sentences (`Message`, e.g. a
password refused by the policy) from the same catalogue's "Messages" context.
"""

from __future__ import annotations

from msc_desktop.translations import PAGES, localized
from msc_desktop.translations import text as translated

LANGUAGES = ("en", "zh")


def text(key: str, language: str, /, **values: object) -> str:
    """The page text `key` in `language`, with `values` filled in."""
    return translated(PAGES, key, language, **values)


def sentence(message: str, language: str) -> str:
    """A core sentence (a `Message`, or an error's) in `language`."""
    return localized(message, language)
