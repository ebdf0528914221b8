"""The interface language: Qt translators, the one `translate` helper, and dates in the locale.

Every user-visible string in the GUI goes through Qt's translation: `self.tr("...")` inside a
widget class, or `translate("Context", "...")` from here (pyside6-lupdate finds both; see
tools/translations.py). The catalogues are `ui/translations/msc_desktop_<locale>.ts` (sources,
Qt Linguist) compiled to `.qm` (shipped). English is the source language, so it needs no
catalogue. Qt's own strings (standard buttons, file dialogs) come from Qt's `qtbase_<locale>.qm`.
The core's sentences (`Message`) are not Qt's: `localized` finds them in the core catalogue
(`msc_desktop.translations`), which the printed sheets and the centre's web pages share.

Dates are stored as ISO 8601 everywhere; `format_date` shows them in the chosen language's
short format (2026-11-29 in Chinese, 29 Nov 2026 in English).
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QLibraryInfo,
    QLocale,
    QTime,
    QTimeZone,
    QTranslator,
)

from msc_desktop import translations
from msc_desktop.messages import Message
from msc_desktop.paths import project_root
from msc_desktop.store.roles import Role

LANGUAGES: dict[str, str] = {"en": "English", "zh": "\u7b80\u4f53\u4e2d\u6587"}
QT_LOCALES: dict[str, str] = {"en": "en_GB", "zh": "zh_CN"}
CATALOGUE = "msc_desktop"
_installed: list[QTranslator] = []


def translations_dir() -> str:
    return str(project_root() / "ui" / "translations")


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """The translation of `text` in the current language (the English text when there is none)."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def current_language() -> str:
    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"


def install_language(code: str) -> bool:
    """Switches the app's translators and default locale; False when a catalogue is missing.

    Windows created afterwards are drawn in the new language; open ones keep their texts.
    """
    app = QCoreApplication.instance()
    locale_name = QT_LOCALES.get(code, QT_LOCALES["en"])
    QLocale.setDefault(QLocale(locale_name))
    for translator in _installed:
        if app is not None:
            app.removeTranslator(translator)
    _installed.clear()
    if code == "en" or app is None:
        return True
    complete = True
    for name, folder in (
        (CATALOGUE, translations_dir()),
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
    ):
        translator = QTranslator(app)
        if translator.load(f"{name}_{locale_name}", folder):
            app.installTranslator(translator)
            _installed.append(translator)
        elif name == CATALOGUE:
            complete = False
    return complete


def format_date(value: date | str | None) -> str:
    """A stored date (ISO text or date) in the current locale's short format; "" for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        parsed = date.fromisoformat(value[:10])
    elif isinstance(value, datetime):
        parsed = value.date()
    else:
        parsed = value
    return QLocale().toString(QDate(parsed.year, parsed.month, parsed.day), _date_format())


def format_datetime(value: datetime) -> str:
    """A stored UTC datetime shown in local time, in the current locale's format."""
    moment = QDateTime(
        QDate(value.year, value.month, value.day),
        QTime(value.hour, value.minute, value.second),
        QTimeZone.utc(),
    ).toLocalTime()
    return QLocale().toString(moment, f"{_date_format()} HH:mm")


def _date_format() -> str:
    return "yyyy-MM-dd" if current_language() == "zh" else "d MMM yyyy"


def role_label(role: str) -> str:
    """A role's name in the current language (store.roles.Role values; the name is the core's)."""
    try:
        return localized(Role(str(getattr(role, "value", role))).label)
    except ValueError:
        return str(role)


def localized(text: str) -> str:
    """A sentence from the core in the current language: a `Message` is translated from the core
    catalogue's "Messages" context (tools/translations.py collects them); other text as it is."""
    return translations.localized(text, current_language()) if isinstance(text, Message) else text


def error_text(error: BaseException) -> str:
    """An MscError's sentence in the current language."""
    message = getattr(error, "message", None)
    return localized(message) if isinstance(message, Message) else str(error)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for the catalogue without translating it yet (module-level tables; the
    widget that shows it calls `translate(context, text)`). Typed, unlike Qt's own."""
    return text
