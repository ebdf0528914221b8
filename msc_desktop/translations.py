"""The one catalogue of every text shown without Qt: the core's sentences, the printed sheets' and
the centre's web pages' own words (the GUI's own strings are Qt's, protocol labels are data).

The catalogue is `resources/translations/core_zh_CN.ts`, in Qt Linguist's XML so that translators
keep one tool for the GUI and the core, and the "unfinished" marks and the checks of
tools/translations.py work alike; it is read here with ElementTree, without Qt. Its contexts:
- "Messages": the core's `Message` templates and error sentences, keyed by the English template
  (tools/translations.py collects them from the code);
- "Units": the protocol's units written with words, keyed by their code (symbols such as kg,
  mL, mg/dL and % read the same in both languages and are not listed);
- "Sheets" and "Pages": the printed sheets' and the web pages' words, keyed by an id (Qt's
  `<message id=...>`) whose English is the entry's source. Ids, not English keys, because many are
  chosen by a code at run time (`flag_<code>`, `role_<role>`, `query_<state>`) and the same English
  needs different Chinese in places ("Role" is 职责 on a sheet, 角色 on a page).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

from msc_desktop.messages import Message
from msc_desktop.paths import resources_dir

#: The catalogue of each language but English (the source language).
LOCALES: Mapping[str, str] = {"zh": "zh_CN"}
MESSAGES = "Messages"
SHEETS = "Sheets"
PAGES = "Pages"
UNITS = "Units"
_FIRST = "zh_CN"  # the ids' English (each catalogue's source) is read from this one
_UNFINISHED = ("unfinished", "obsolete", "vanished")


def catalogue_path(locale: str) -> Path:
    return resources_dir() / "translations" / f"core_{locale}.ts"


@cache
def _entries(locale: str) -> Mapping[tuple[str, str], tuple[str, str | None]]:
    """(context, id or English template) -> (English, finished translation or None)."""
    found: dict[tuple[str, str], tuple[str, str | None]] = {}
    for context in ElementTree.parse(catalogue_path(locale)).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            element = message.find("translation")
            finished = (
                element is not None and element.get("type") not in _UNFINISHED and element.text
            )
            translation = element.text if finished and element is not None else None
            found[(name, message.get("id") or source)] = (source, translation)
    return found


def has(context: str, key: str) -> bool:
    """True when the catalogue holds `key` in `context`."""
    return (context, key) in _entries(_FIRST)


def text(context: str, key: str, language: str, /, **values: object) -> str:
    """The words of `key` in `context` ("Sheets", "Pages", "Units") in `language` ("zh" for Chinese,
    anything else English), with `values` filled in; English when the translation is unfinished.
    An unknown key raises KeyError."""
    english, translation = _entries(LOCALES.get(language, _FIRST))[(context, key)]
    template = translation if language in LOCALES and translation else english
    return template.format(**values) if values else template


def unit_text(unit: str, language: str) -> str:
    """A protocol unit code as sheets and pages write it in `language`."""
    return text(UNITS, unit, language) if has(UNITS, unit) else unit


def localized(sentence: str, language: str) -> str:
    """A core sentence in `language`: a `Message` from its template's translation in "Messages"
    (its English when there is none yet); any other text as it is."""
    if not isinstance(sentence, Message) or language not in LOCALES:
        return str(sentence)
    entries = _entries(LOCALES[language])

    def translate(template: str) -> str:
        return entries.get((MESSAGES, template), (template, None))[1] or template

    return sentence.render(language, translate)
