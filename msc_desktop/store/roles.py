"""Roles, what each may do, and the password rules. Checked in the services, not only the GUI."""

from __future__ import annotations

import re
from enum import Enum

from msc_desktop.domain.wording import either
from msc_desktop.errors import PermissionDenied, ValidationError
from msc_desktop.messages import Message


class Role(str, Enum):
    ADMIN = "admin"
    INVESTIGATOR = "investigator"
    NURSE = "nurse"
    MONITOR = "monitor"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.ADMIN: Message("Site administrator"),
    Role.INVESTIGATOR: Message("Investigator"),
    Role.NURSE: Message("Research nurse"),
    Role.MONITOR: Message("Monitor (read-only)"),
}
# How a refusal names the roles that may act: "Only an investigator or research nurse may ...".
_FIRST_ROLE_IN_SENTENCE = {
    Role.ADMIN: Message("a site administrator"),
    Role.INVESTIGATOR: Message("an investigator"),
    Role.NURSE: Message("a research nurse"),
    Role.MONITOR: Message("a monitor (read-only)"),
}
_FURTHER_ROLE_IN_SENTENCE = {
    Role.ADMIN: Message("site administrator"),
    Role.INVESTIGATOR: Message("investigator"),
    Role.NURSE: Message("research nurse"),
    Role.MONITOR: Message("monitor (read-only)"),
}


class Action(str, Enum):
    MANAGE_USERS = "manage users"
    MANAGE_SITE = "change site settings"
    ENTER_DATA = "enter or change clinical data"
    SIGN_ELIGIBILITY = "sign eligibility"
    RANDOMIZE = "randomize a participant"
    VERIFY_DOSE = "verify a dose"
    OVERRIDE_RELEASE = "override product release"
    ASSESS_CAUSALITY = "assess AE causality"
    EXPORT = "export data for the coordinating centre"
    BACKUP = "make a backup"
    VIEW = "view data"
    VIEW_ACCOUNT_EVENTS = "view account events"


_ACTION_IN_SENTENCE = {
    Action.MANAGE_USERS: Message("manage users"),
    Action.MANAGE_SITE: Message("change site settings"),
    Action.ENTER_DATA: Message("enter or change clinical data"),
    Action.SIGN_ELIGIBILITY: Message("sign eligibility"),
    Action.RANDOMIZE: Message("randomize a participant"),
    Action.VERIFY_DOSE: Message("verify a dose"),
    Action.OVERRIDE_RELEASE: Message("override product release"),
    Action.ASSESS_CAUSALITY: Message("assess AE causality"),
    Action.EXPORT: Message("export data for the coordinating centre"),
    Action.BACKUP: Message("make a backup"),
    Action.VIEW: Message("view data"),
    Action.VIEW_ACCOUNT_EVENTS: Message("view account events"),
}

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
    Action.MANAGE_SITE: frozenset({Role.ADMIN}),
    Action.ENTER_DATA: frozenset({Role.NURSE, Role.INVESTIGATOR}),
    Action.SIGN_ELIGIBILITY: frozenset({Role.INVESTIGATOR}),
    Action.RANDOMIZE: frozenset({Role.NURSE, Role.INVESTIGATOR}),
    Action.VERIFY_DOSE: frozenset({Role.NURSE, Role.INVESTIGATOR}),
    Action.OVERRIDE_RELEASE: frozenset({Role.INVESTIGATOR}),
    Action.ASSESS_CAUSALITY: frozenset({Role.INVESTIGATOR}),
    Action.EXPORT: frozenset({Role.ADMIN, Role.NURSE, Role.INVESTIGATOR}),
    Action.BACKUP: frozenset({Role.ADMIN, Role.NURSE, Role.INVESTIGATOR}),
    Action.VIEW: frozenset(Role),
    Action.VIEW_ACCOUNT_EVENTS: frozenset({Role.ADMIN}),
}


def may(role: str, action: Action) -> bool:
    return Role(role) in PERMISSIONS[action]


def require(role: str, action: Action) -> None:
    if not may(role, action):
        first, *further = sorted(PERMISSIONS[action], key=lambda allowed: allowed.label.lower())
        roles = either([_FIRST_ROLE_IN_SENTENCE[first], *(_FURTHER_ROLE_IN_SENTENCE[allowed] for allowed in further)])
        raise PermissionDenied("Only {roles} may {action}.", roles=roles, action=_ACTION_IN_SENTENCE[action])


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ValidationError("Unknown role {text!r}; choose one of {names}.", text=text, names=names) from None


USER_ID_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
MIN_PASSWORD_LENGTH = 10


def check_user_id(user_id: str) -> str:
    normalised = user_id.strip().lower()
    if not USER_ID_PATTERN.match(normalised):
        raise ValidationError(
            "A user name is 2-32 characters: a letter, then letters, digits, '.', '_' or '-'."
        )
    return normalised


def check_password_strength(password: str, user_id: str) -> None:
    """At least 10 characters with letters and digits, and not containing the user name."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError("The password must have at least {count} characters.", count=MIN_PASSWORD_LENGTH)
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        raise ValidationError("The password must contain both letters and digits.")
    if user_id and user_id.lower() in password.lower():
        raise ValidationError("The password must not contain the user name.")
