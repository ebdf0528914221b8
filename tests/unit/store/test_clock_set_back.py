"""Issue 15 item 13: a system clock set back behind the newest audit time refuses every save with
one clear message, records the event, and is shown at sign-in; the trail's times never run
backwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from msc_desktop.store import audit
from msc_desktop.store.audit import ClockBehind
from msc_desktop.store.models import AuditLog, Participant
from msc_desktop.store.site import SiteStore
from tests.accounts import NURSE
from tests.unit.sync.sitepath import add_participant

SET_BACK = "2021-05-01T10:00:00.000000Z"


def rows(store: SiteStore) -> list[AuditLog]:
    with store.session() as session:
        return list(session.scalars(select(AuditLog).order_by(AuditLog.seq)))


def participants(store: SiteStore) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(Participant)) or 0)


def test_a_save_with_the_clock_set_back_is_refused_and_recorded(
    nurse_store: SiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_participant(nurse_store, 0)
    newest = rows(nurse_store)[-1].ts
    monkeypatch.setattr(audit, "utc_timestamp", lambda: SET_BACK)
    with pytest.raises(ClockBehind) as refused:
        add_participant(nurse_store, 1)
    assert str(refused.value) == (
        "The computer's clock says 2021-05-01 10:00 UTC, earlier than the newest record in "
        "the audit trail "
        f"({newest[:10]} {newest[11:16]} UTC); nothing was saved. Set the correct date and "
        "time, then save again."
    )
    assert participants(nurse_store) == 1
    last = rows(nurse_store)[-1]
    assert (last.action, last.user_id, last.ts) == ("event", NURSE[0], newest)
    assert (
        last.new_value
        == f"system clock {SET_BACK} is behind the newest audit time {newest}: save refused"
    )
    assert nurse_store.verify_audit().ok
    monkeypatch.undo()
    add_participant(nurse_store, 1)
    assert participants(nurse_store) == 2


def test_signing_in_with_the_clock_set_back_warns_and_records(
    site: SiteStore, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    newest = rows(site)[-1].ts
    monkeypatch.setattr(audit, "utc_timestamp", lambda: SET_BACK)
    store = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    try:
        warning = (
            "The computer's clock says 2021-05-01 10:00 UTC, earlier than the newest record "
            "in the "
            f"audit trail ({newest[:10]} {newest[11:16]} UTC). Nothing can be saved until the date "
            "and time are set correctly."
        )
        assert [str(w) for w in store.unlock_warnings] == [warning]
        trail = rows(store)
        recorded = (
            f"system clock {SET_BACK} is behind the newest audit time {newest}: "
            "found at sign-in; saving is refused until it is set right"
        )
        assert [row.new_value for row in trail[-2:]] == ["signed in", recorded]
        stamps = [row.ts for row in trail]
        assert stamps == sorted(stamps)  # the trail's times never run backwards
    finally:
        store.close()


def test_a_correct_clock_gives_no_warning(site: SiteStore, data_dir: Path) -> None:
    store = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    try:
        assert store.unlock_warnings == []
    finally:
        store.close()
