"""The participant table model: Qt's model checks (qtmodeltester), filtering, sorting that keeps
selections, and the participant list page over rows from the overview service."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

pytest.importorskip(
    "PySide6", reason="PySide6 is not installed: the GUI tests need it (pip install -e '.[gui]')"
)
pytest.importorskip(
    "pytestqt",
    reason="pytest-qt is not installed: the GUI tests need it (pip install -e '.[test]')",
)

from PySide6.QtCore import QPersistentModelIndex, Qt

from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.gui.participant.lists import (
    ParticipantListPage,
    attention_tint,
    participant_columns,
)
from msc_desktop.gui.widgets.table_model import ROW_ROLE, RowTableModel
from msc_desktop.store.services.overview import ParticipantRow
from msc_desktop.store.site import SiteStore
from tests.factories import TODAY, randomized_participant

PROTOCOL = load_protocol()


def make_rows(count: int) -> list[ParticipantRow]:
    states = (None, "upcoming", "due", "overdue")
    statuses = ("registered", "consented", "screen failed", "randomized")
    rows = []
    for n in range(1, count + 1):
        randomized = statuses[n % 4] == "randomized"
        rows.append(
            ParticipantRow(
                id=f"id{n}",
                subject_id=f"01-{n:04d}",
                screening_number=f"S{(n * 7919) % 10007:05d}",
                initials="AB" if n % 2 else "CD",
                sex="MF"[n % 2],
                status=statuses[n % 4],
                arm=("MSC" if n % 8 == 3 else "CONTROL") if randomized else None,
                stratum="BC"[n % 2] if randomized else None,
                infusions_done=n % 3,
                next_visit="W4" if randomized else None,
                next_visit_date=date(2026, 1, 1) + timedelta(days=n % 50) if randomized else None,
                next_visit_state=states[(n // 4) % 4] if randomized else None,
                open_saes=1 if n % 13 == 0 else 0,
                overdue_saes=1 if n % 26 == 0 else 0,
            )
        )
    return rows


def test_model_passes_qt_model_checks_filtered_and_sorted(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    """The tester stays connected after `check`, so it also verifies the signals of each change."""
    model = RowTableModel(participant_columns(PROTOCOL), highlight=attention_tint)
    model.set_rows(make_rows(60))
    qtmodeltester.check(model, force_py=True)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    model.set_filter_text("randomized")
    assert 0 < model.rowCount() < 60
    model.sort(7, Qt.SortOrder.AscendingOrder)
    model.set_filter_text("")
    model.set_rows([])
    assert model.rowCount() == 0


def test_filter_matches_every_word_in_any_searchable_column() -> None:
    model = RowTableModel(participant_columns(PROTOCOL))
    rows = make_rows(200)
    model.set_rows(rows)
    model.set_filter_text("Randomized MSC")
    shown = model.visible_rows()
    assert shown and all(r.status == "randomized" and r.arm == "MSC" for r in shown)
    assert len(shown) == sum(1 for r in rows if r.status == "randomized" and r.arm == "MSC")
    model.set_filter_text("01-0042")
    assert [r.subject_id for r in model.visible_rows()] == ["01-0042"]
    model.set_filter_text("F")  # sex is not searchable: "F" matches only through other columns
    assert all(
        "f" in " ".join(c.text(r) for c in participant_columns(PROTOCOL) if c.searchable).lower()
        for r in model.visible_rows()
    )
    model.set_filter_text("")
    assert model.rowCount() == 200


def test_sorting_keeps_the_selected_row_and_sorts_dates_as_dates() -> None:
    model = RowTableModel(participant_columns(PROTOCOL))
    model.set_rows(make_rows(40))
    chosen = QPersistentModelIndex(model.index(5, 0))
    chosen_row = model.data(model.index(5, 0), ROW_ROLE)
    model.sort(7, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(chosen.row(), 0), ROW_ROLE) is chosen_row
    dates = [r.next_visit_date for r in model.visible_rows()]
    known = [d for d in dates if d is not None]
    assert known == sorted(known) and dates[: len(known)] == known  # empty dates last
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 0)) == "01-0040"


def test_overdue_rows_are_tinted() -> None:
    rows = make_rows(40)
    tints = {r.next_visit_state: attention_tint(r) for r in rows if r.next_visit_state}
    assert tints["overdue"] != tints["due"] and tints["overdue"] is not None
    assert (
        attention_tint(
            next(r for r in rows if r.next_visit_state == "upcoming" and not r.open_saes)
        )
        is None
    )


def test_list_page_shows_service_rows_and_the_work_list(  # type: ignore[no-untyped-def]
    qtbot, qtmodeltester, site: SiteStore, nurse_store: SiteStore, investigator_store: SiteStore
) -> None:
    randomized_participant(nurse_store, investigator_store, site, arm="MSC", number=1)
    page = ParticipantListPage(nurse_store, clock=lambda: TODAY)
    qtbot.addWidget(page)
    page.reload()
    qtmodeltester.check(page.due_model, force_py=True)
    row = page.all_model.visible_rows()[0]
    assert page.all_model.data(page.all_model.index(0, 4)) == "Randomized MSC"
    assert row.next_visit_state == "due" and page.due_model.rowCount() == 1
    assert page.tabs.tabText(1) == "Due today / overdue (1)"
    later = ParticipantListPage(nurse_store, clock=lambda: TODAY + timedelta(days=10))
    qtbot.addWidget(later)
    later.reload()
    assert "OVERDUE" in later.due_model.data(later.due_model.index(0, 7))


def test_work_list_keeps_the_services_priority_order(
    qtbot, site: SiteStore, nurse_store: SiteStore, investigator_store: SiteStore
) -> None:  # type: ignore[no-untyped-def]
    for number, arm in (
        (1, "MSC"),
        (2, "CONTROL"),
        (3, "MSC"),
    ):  # the lists come in balanced blocks
        randomized_participant(nurse_store, investigator_store, site, arm=arm, number=number)
    page = ParticipantListPage(nurse_store, clock=lambda: TODAY)
    qtbot.addWidget(page)
    page.reload()
    from msc_desktop.store.services.overview import work_list

    expected = [row.subject_id for row in work_list(nurse_store, TODAY)]
    assert [row.subject_id for row in page.due_model.visible_rows()] == expected
    assert [row.subject_id for row in page.all_model.visible_rows()] == sorted(expected)
