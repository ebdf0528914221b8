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
    ANSWER_QUERY = "answer data queries"
    VERIFY_SOURCE = "mark data verified against source documents"


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
    Action.ANSWER_QUERY: Message("answer data queries"),
    Action.VERIFY_SOURCE: Message("mark data verified against source documents"),
}

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
    Action.MANAGE_SITE: frozenset({Role.ADMIN}),
    Action.ENTER_DATA: frozenset({Role.NURSE, Role.INVESTIGATOR}),
    Action.SIGN_ELIGIBILITY: frozenset({Role.INVESTIGATOR}),
    Action.RANDOMIZE: frozenset({Role.INVESTIGATOR}),
    Action.VERIFY_DOSE: frozenset({Role.NURSE, Role.INVESTIGATOR}),
    Action.OVERRIDE_RELEASE: frozenset({Role.INVESTIGATOR}),
    Action.ASSESS_CAUSALITY: frozenset({Role.INVESTIGATOR}),
    Action.EXPORT: frozenset({Role.ADMIN, Role.NURSE, Role.INVESTIGATOR}),
    Action.BACKUP: frozenset({Role.ADMIN, Role.NURSE, Role.INVESTIGATOR}),
    Action.VIEW: frozenset(Role),
    Action.VIEW_ACCOUNT_EVENTS: frozenset({Role.ADMIN}),
    Action.ANSWER_QUERY: frozenset({Role.ADMIN, Role.NURSE, Role.INVESTIGATOR}),
    Action.VERIFY_SOURCE: frozenset({Role.MONITOR}),
}


def may(role: str, action: Action) -> bool:
    return Role(role) in PERMISSIONS[action]


def require(role: str, action: Action) -> None:
    if not may(role, action):
        first, *further = sorted(PERMISSIONS[action], key=lambda allowed: allowed.label.lower())
        roles = either(
            [
                _FIRST_ROLE_IN_SENTENCE[first],
                *(_FURTHER_ROLE_IN_SENTENCE[allowed] for allowed in further),
            ]
        )
        raise PermissionDenied(
            "Only {roles} may {action}.", roles=roles, action=_ACTION_IN_SENTENCE[action]
        )


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ValidationError(
            "Unknown role {text!r}; choose one of {names}.", text=text, names=names
        ) from None


USER_ID_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
MIN_PASSWORD_LENGTH = 12
#: zxcvbn's score: 3 means "safely unguessable" (about 10**10 guesses), what an offline attacker
#: with the key file would need to get through the keyring's scrypt.
MIN_PASSWORD_SCORE = 3

# zxcvbn's warnings, said in the app's own words (so they can be translated).
_GUESSABLE_BECAUSE = {
    "Straight rows of keys are easy to guess.": Message(
        "rows of keys on the keyboard are easy to guess."
    ),
    "Short keyboard patterns are easy to guess.": Message("keyboard patterns are easy to guess."),
    'Repeats like "aaa" are easy to guess.': Message("repeated characters are easy to guess."),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': Message(
        "repeated words are easy to guess."
    ),
    'Sequences like "abc" or "6543" are easy to guess.': Message(
        "sequences like abc or 6543 are easy to guess."
    ),
    "Recent years are easy to guess.": Message("years are easy to guess."),
    "Dates are often easy to guess.": Message("dates are easy to guess."),
    "This is a top-10 common password.": Message("it is one of the most common passwords."),
    "This is a top-100 common password.": Message("it is one of the most common passwords."),
    "This is a very common password.": Message("it is a very common password."),
    "This is similar to a commonly used password.": Message("it is close to a common password."),
    "A word by itself is easy to guess.": Message("a single word is easy to guess."),
    "Names and surnames by themselves are easy to guess.": Message("names are easy to guess."),
    "Common names and surnames are easy to guess.": Message("common names are easy to guess."),
}


def check_user_id(user_id: str) -> str:
    normalised = user_id.strip().lower()
    if not USER_ID_PATTERN.match(normalised):
        raise ValidationError(
            "A user name is 2-32 characters: a letter, then letters, digits, '.', '_' or '-'."
        )
    return normalised


def password_problem(
    password: str, user_id: str, *, full_name: str = "", site_name: str = ""
) -> Message | None:
    """Why `password` may not be used, or None: at least 12 characters, not containing the user
    name, and a zxcvbn score of at least 3 counting the user's own names as known words."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return Message(
            "The password needs at least {count} characters ({typed} so far).",
            count=MIN_PASSWORD_LENGTH,
            typed=len(password),
        )
    if user_id and user_id.lower() in password.lower():
        return Message("The password must not contain the user name.")
    from zxcvbn import zxcvbn  # about 75 ms to import: only when a password is checked

    known = [
        known_word
        for text in (user_id, full_name, site_name)
        for known_word in (*re.split(r"[\s._-]+", text), re.sub(r"[\s._-]+", "", text))
        if known_word
    ]
    estimate = zxcvbn(password[:100], user_inputs=[*known, "msc", "desktop", "xjmsc", "trial"])
    if int(estimate["score"]) >= MIN_PASSWORD_SCORE:
        return None
    why = _GUESSABLE_BECAUSE.get(str(estimate["feedback"].get("warning") or ""))
    if why is None:
        return Message("The password is too easy to guess: add another uncommon word or two.")
    return Message(
        "The password is too easy to guess: {why} Add another uncommon word or two.", why=why
    )


def check_password_strength(
    password: str, user_id: str, *, full_name: str = "", site_name: str = ""
) -> None:
    """Refuses a password that `password_problem` finds fault with, saying why."""
    problem = password_problem(password, user_id, full_name=full_name, site_name=site_name)
    if problem is not None:
        raise ValidationError(problem)
