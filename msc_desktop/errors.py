"""The exceptions the app shows to people: each message is one complete, human sentence.

Every layer raises a subclass of `MscError` for a fault a user can act on; the CLI and the GUI
print `str(error)` (English) or `error.message` in the interface language, and nothing else.
Anything that is not an `MscError` is a bug. Give the template and its values separately,
`ValidationError("Weight {weight} kg is outside 30-200 kg.", weight=value)`, so that the GUI
can translate the sentence (see `msc_desktop.messages`).
"""

from msc_desktop.messages import Message


class MscError(Exception):
    """A fault a user can understand and act on; `str()` is the one-line message to show."""

    def __init__(self, template: str, /, **params: object) -> None:
        # A Message passed on as it is keeps its own template and values.
        self.message = (
            template
            if isinstance(template, Message) and not params
            else Message(template, **params)
        )
        super().__init__(self.message)


class ValidationError(MscError):
    """An input value is missing, malformed or out of range."""


class AuthenticationError(MscError):
    """Sign-in failed: wrong user name or password, or the account is locked."""


class PermissionDenied(MscError):
    """The signed-in user's role does not allow this action."""


class RuleViolation(MscError):
    """The protocol forbids this action now (order of events, arm, signature missing)."""


class StoreError(MscError):
    """The site database cannot be created, opened or written."""


class SyncError(MscError):
    """A bundle, package or receipt is invalid, or a transfer failed."""
