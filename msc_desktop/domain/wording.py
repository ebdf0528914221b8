"""Lists and quotations inside the core's sentences, worded the way each interface language does.

"a, b, c", "a or b" and a quoted "label" are `Message`s built from the templates
"{first}, {second}", "{first} or {second}" and '"{text}"', so that the GUI renders them with the
Chinese enumeration comma (、), 或 and corner quotes, and protocol labels in the interface language.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from typing import TYPE_CHECKING, TypeAlias

from msc_desktop.messages import Message

if TYPE_CHECKING:
    from msc_desktop.domain.protocol import LocalizedText

#: Words the core puts into its sentences: plain text (a `Message` is one) or a protocol label.
Wording: TypeAlias = "str | LocalizedText"


def listed(items: Sequence[Wording]) -> Wording:
    """At least one item, as "a, b, c" (one item as it is)."""
    return reduce(
        lambda first, second: Message("{first}, {second}", first=first, second=second), items
    )


def either(items: Sequence[Wording]) -> Wording:
    """At least one item, as "a or b or c" (one item as it is)."""
    return reduce(
        lambda first, second: Message("{first} or {second}", first=first, second=second), items
    )


def quoted(text: Wording) -> Message:
    """`text` in double quotes."""
    return Message('"{text}"', text=text)
