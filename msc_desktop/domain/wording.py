"""Lists, quotations and units inside the core's sentences, worded the way each language does.

"a, b, c", "a or b" and a quoted "label" are `Message`s built from the templates
"{first}, {second}", "{first} or {second}" and '"{text}"', so that the GUI renders them with the
Chinese enumeration comma (、), 或 and corner quotes, and protocol labels in the interface language.
Units written with words (ratio, beats/min, breaths/min, cells/mL) are translated too; unit
symbols (mg/dL, kg, %) read the same in every language.
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


_WORDED_UNITS = {
    "ratio": Message("ratio"),
    "beats/min": Message("beats/min"),
    "breaths/min": Message("breaths/min"),
    "cells/mL": Message("cells/mL"),
}


def unit_name(unit: str) -> Wording:
    """A protocol unit code as people read it in the interface language."""
    return _WORDED_UNITS.get(unit, unit)


# Units that name a kind of number rather than a unit: "INR of 6", never "INR of 6 ratio".
_UNWRITTEN_AFTER_NUMBERS = frozenset({"ratio"})


def unit_suffix(unit: str | None) -> Wording:
    """What follows a number for its unit: " kg", or "" without a unit (or for a ratio)."""
    if not unit or unit in _UNWRITTEN_AFTER_NUMBERS:
        return ""
    return Message(" {unit}", unit=unit_name(unit))


def quantity(number: str, unit: str | None) -> Wording:
    """A formatted number with its unit, "120 beats/min" (the number alone without a unit or for
    a ratio)."""
    if not unit or unit in _UNWRITTEN_AFTER_NUMBERS:
        return number
    return Message("{number} {unit}", number=number, unit=unit_name(unit))
