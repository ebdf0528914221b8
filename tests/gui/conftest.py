"""Shared fixtures of the GUI tests. Qt is imported lazily: each test module starts with
`pytest.importorskip` so that without PySide6 or pytest-qt the tests skip and say why."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

TODAY = date(2026, 11, 20)


@pytest.fixture
def modals(qtbot: Any) -> Iterator[Any]:
    from tests.gui.helpers import ModalAnswers

    answers = ModalAnswers()
    yield answers
    answers.stop()


@pytest.fixture
def clock() -> Callable[[], date]:
    return lambda: TODAY


@pytest.fixture
def lists_loaded(site: Any) -> Any:
    from tests.gui.helpers import load_allocation_lists

    load_allocation_lists(site)
    return site


@pytest.fixture
def chinese() -> Iterator[None]:
    """The interface in Simplified Chinese for one test."""
    from msc_desktop.gui.i18n import install_language

    assert install_language("zh"), "the Chinese catalogue did not load"
    yield
    install_language("en")
