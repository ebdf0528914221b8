"""Roles, what each may do, and the password rules. Checked in the services, not only the GUI."""

from __future__ import annotations

import re
from enum import Enum

from msc_desktop.errors import PermissionDenied, ValidationError


class Role(str, Enum):
    ADMIN = "admin"
    INVESTIGATOR = "investigator"
    NURSE = "nurse"
    MONITOR = "monitor"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.ADMIN: "Site administrator",
    Role.INVESTIGATOR: "Investigator",
    Role.NURSE: "Research nurse",
    Role.MONITOR: "Monitor (read-only)",
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
        allowed = " or ".join(sorted(r.label.lower() for r in PERMISSIONS[action]))
        article = "an" if allowed[0] in "aeiou" else "a"
        raise PermissionDenied(f"Only {article} {allowed} may {action.value}.")


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ValidationError(f"Unknown role {text!r}; choose one of {names}.") from None


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
        raise ValidationError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        raise ValidationError("The password must contain both letters and digits.")
    if user_id and user_id.lower() in password.lower():
        raise ValidationError("The password must not contain the user name.")
