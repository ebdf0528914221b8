"""The app's settings as data: type, default, validation and who may change each one.

Two scopes. Site settings live in the encrypted database (`SiteStore.get_setting/set_setting`,
audited, administrators only). Computer settings live in `preferences.json` in the data folder,
readable before anyone signs in: the language must be known to draw the set-up wizard and the
unlock screen. The file holds no participant data, no names and no secrets.

The GUI's settings dialog is drawn from `SETTINGS` and every value it saves passes `parse` first,
so the CLI, the services and the dialog refuse the same values with the same messages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import urlparse

from msc_desktop.domain.clinic_time import default_zone_name, zone_named
from msc_desktop.errors import PermissionDenied, StoreError, ValidationError
from msc_desktop.files import make_private_folder, write_atomically
from msc_desktop.messages import Message
from msc_desktop.store.backup_writer import BACKUP_DIR
from msc_desktop.store.roles import Role
from msc_desktop.store.site import SiteStore
from msc_desktop.store.site_session import DEFAULT_IDLE_MINUTES

PREFERENCES_FILE = "preferences.json"
_NOT_IN_PRINTER_NAMES = frozenset(" /\\#'\"")


class Kind(str, Enum):
    INTEGER = "integer"
    CHOICE = "choice"
    FOLDER = "folder"
    URL = "url"
    PRINTER = "printer"
    TIME_ZONE = "time_zone"


class Scope(str, Enum):
    SITE = "site"
    COMPUTER = "computer"


@dataclass(frozen=True)
class SettingSpec:
    """One setting. `choices` for CHOICE; `minimum`/`maximum` (inclusive) for INTEGER."""

    name: str
    kind: Kind
    default: str
    admin_only: bool
    scope: Scope = Scope.SITE
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int = 0
    unit: str = ""

    @property
    def spoken_name(self) -> Message:
        """The setting's name inside a sentence ("The backup keep must be ...")."""
        return _SPOKEN_NAMES[self.name]

    def parse(self, text: str) -> str:
        """The canonical stored form of `text`, or ValidationError with one sentence."""
        value = text.strip()
        if self.kind is Kind.INTEGER:
            if not value.isdigit() or not self.minimum <= int(value) <= self.maximum:
                if self.unit:
                    raise ValidationError(
                        "The {setting} must be a whole number from {minimum} to {maximum} {unit}.",
                        setting=self.spoken_name,
                        minimum=self.minimum,
                        maximum=self.maximum,
                        unit=self.unit,
                    )
                raise ValidationError(
                    "The {setting} must be a whole number from {minimum} to {maximum}.",
                    setting=self.spoken_name,
                    minimum=self.minimum,
                    maximum=self.maximum,
                )
            return str(int(value))
        if self.kind is Kind.CHOICE:
            if value not in self.choices:
                listed = ", ".join(self.choices)
                raise ValidationError(
                    "The {setting} must be one of: {listed}.",
                    setting=self.spoken_name,
                    listed=listed,
                )
            return value
        if self.kind is Kind.FOLDER:
            if value and not Path(value).expanduser().is_absolute():
                raise ValidationError(
                    "The backup folder must be a full path, e.g. /media/usb/msc-backups."
                )
            return str(Path(value).expanduser()) if value else ""
        if self.kind is Kind.TIME_ZONE:
            return zone_named(value).key
        if self.kind is Kind.PRINTER:
            if len(value) > 127 or any(
                c in _NOT_IN_PRINTER_NAMES or not c.isprintable() for c in value
            ):
                raise ValidationError(
                    "A printer name has at most 127 letters, digits and signs, without spaces,"
                    " slashes, # or quotes."
                )
            return value
        parsed = urlparse(value)
        if value and (parsed.scheme not in ("http", "https") or not parsed.netloc):
            raise ValidationError(
                "The centre's upload address must start with https:// (or http://) and name a host."
            )
        return value.rstrip("/")


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "language", Kind.CHOICE, "en", admin_only=False, scope=Scope.COMPUTER, choices=("en", "zh")
    ),
    SettingSpec(
        "idle_timeout_minutes",
        Kind.INTEGER,
        str(DEFAULT_IDLE_MINUTES),
        admin_only=True,
        minimum=1,
        maximum=60,
        unit=Message("minutes"),
    ),
    SettingSpec("paper_size", Kind.CHOICE, "a4", admin_only=True, choices=("a4", "letter")),
    SettingSpec("backup_folder", Kind.FOLDER, "", admin_only=True),
    SettingSpec(
        "backup_schedule", Kind.CHOICE, "daily", admin_only=True, choices=("off", "daily", "weekly")
    ),
    SettingSpec(
        "backup_keep",
        Kind.INTEGER,
        "10",
        admin_only=True,
        minimum=1,
        maximum=100,
        unit=Message("backups"),
    ),
    SettingSpec("center_upload_url", Kind.URL, "", admin_only=True),
    # DESIGN 7a: recorded at set-up; a change applies to times entered from then on.
    SettingSpec("time_zone", Kind.TIME_ZONE, default_zone_name(), admin_only=True),
    # The print queue of the last sheet printed here ("": the computer's default printer).
    SettingSpec("printer", Kind.PRINTER, "", admin_only=False, scope=Scope.COMPUTER),
)
BY_NAME: dict[str, SettingSpec] = {spec.name: spec for spec in SETTINGS}
_SPOKEN_NAMES = {
    "language": Message("language"),
    "idle_timeout_minutes": Message("idle timeout minutes"),
    "paper_size": Message("paper size"),
    "backup_folder": Message("backup folder"),
    "backup_schedule": Message("backup schedule"),
    "backup_keep": Message("backup keep"),
    "center_upload_url": Message("center upload url"),
    "time_zone": Message("time zone"),
    "printer": Message("printer"),
}


def spec(name: str) -> SettingSpec:
    try:
        return BY_NAME[name]
    except KeyError:
        raise ValidationError("There is no setting called {name!r}.", name=name) from None


# -- computer settings (preferences.json) ------------------------------------------------------


def read_preferences(data_dir: Path) -> dict[str, str]:
    """Every computer setting, defaults filled in; a missing or unreadable file gives defaults."""
    values = {s.name: s.default for s in SETTINGS if s.scope is Scope.COMPUTER}
    try:
        stored = json.loads((Path(data_dir) / PREFERENCES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return values
    if isinstance(stored, dict):
        for name in values:
            raw = stored.get(name)
            if isinstance(raw, str):
                try:
                    values[name] = BY_NAME[name].parse(raw)
                except ValidationError:
                    continue
    return values


def write_preference(data_dir: Path, name: str, text: str) -> str:
    """Stores one computer setting (validated); anyone may, even before signing in."""
    setting = spec(name)
    if setting.scope is not Scope.COMPUTER:
        raise ValidationError(
            "The {setting} is a site setting; change it after signing in.",
            setting=setting.spoken_name,
        )
    value = setting.parse(text)
    values = read_preferences(data_dir)
    values[name] = value
    try:
        make_private_folder(Path(data_dir), StoreError, tighten=True)
        write_atomically(
            Path(data_dir) / PREFERENCES_FILE,
            json.dumps(values, indent=1).encode("utf-8"),
            StoreError,
        )
    except OSError as exc:
        raise StoreError(
            "The preferences could not be saved in {folder}: {problem}.",
            folder=data_dir,
            problem=exc.strerror,
        ) from None
    return value


# -- site settings (encrypted database) --------------------------------------------------------


def site_value(store: SiteStore, name: str) -> str:
    """A site setting's stored value, or its default (a stored value that no longer parses too)."""
    setting = spec(name)
    if setting.scope is not Scope.SITE:
        return read_preferences(store.data_dir)[name]
    stored = store.get_setting(name)
    if stored is None:
        return setting.default
    try:
        return setting.parse(stored)
    except ValidationError:
        return setting.default


def may_change(role: Role, name: str) -> bool:
    return not spec(name).admin_only or role is Role.ADMIN


def change(store: SiteStore, name: str, text: str) -> str:
    """Validates and stores one setting for the signed-in user; returns the stored value."""
    setting = spec(name)
    if not may_change(store.user.role, name):
        raise PermissionDenied("Only a site administrator may change this setting.")
    if setting.scope is Scope.COMPUTER:
        return write_preference(store.data_dir, name, text)
    value = setting.parse(text)
    if value != site_value(store, name) or store.get_setting(name) is None:
        store.set_setting(name, value)
    return value


def backup_folder(store: SiteStore) -> Path:
    """The configured backup folder, or `backups/` in the data folder when none is set."""
    configured = site_value(store, "backup_folder")
    return Path(configured) if configured else store.data_dir / BACKUP_DIR
