"""Sentences the core shows to people, kept as an English template and the values put into it.

A `Message` is a `str` (its English text), so the CLI, logs, exports and tests use it as any other
string; the GUI, the printed sheets and the web pages find the template in the core catalogue and
fill in the values again in the reader's language (`msc_desktop.translations.localized`). Values
that are protocol labels (`LocalizedText`) or messages themselves are shown in that language too.

Write `Message("Weight {weight} kg is outside 30-200 kg.", weight=value)`, never an f-string:
tools/translations.py collects the literal templates of `Message(...)` and of every `MscError`
raised in the core into the core catalogue's "Messages" context.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Self


def _identity(text: str) -> str:
    return text


class Message(str):
    """An English sentence that remembers its template and values, for translation."""

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, /, **params: object) -> Self:
        message = super().__new__(cls, _fill(template, params, "en", _identity))
        message.template = template
        message.params = params
        return message

    def render(self, language: str, translate: Callable[[str], str] = _identity) -> str:
        """The sentence in `language`, `translate` giving the template's translation."""
        return _fill(translate(self.template), self.params, language, translate)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.template, dict(self.params)))


def _rebuild(template: str, params: dict[str, object]) -> Message:
    return Message(template, **params)


def _fill(
    template: str, params: Mapping[str, object], language: str, translate: Callable[[str], str]
) -> str:
    if not params:
        return template
    return template.format(
        **{name: _shown(value, language, translate) for name, value in params.items()}
    )


def _shown(value: object, language: str, translate: Callable[[str], str]) -> object:
    if isinstance(value, Message):
        return value.render(language, translate)
    if hasattr(value, "en") and hasattr(value, "zh"):  # a protocol label (LocalizedText)
        return value.zh if language == "zh" else value.en
    return value
