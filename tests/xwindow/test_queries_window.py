"""The queries list and the answer dialog in the real app (Xvfb, xcb), by key presses only: the
status bar's count opens nothing by itself; Ctrl+Shift+Q lists the queries, Alt+A answers the
selected one, the answer is typed and saved with the keyboard, and the count goes down."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from msc_desktop.store.services.participants import record_consent, register_participant
from msc_desktop.store.services.queries import list_queries, receive_queries, visit_place
from msc_desktop.store.services.screening import save_screening
from msc_desktop.store.site import SiteStore
from tests.accounts import NURSE
from tests.factories import CONSENT, ELIGIBLE_SCREENING, REGISTRATION, TODAY
from tests.queries import opened
from tests.xwindow.test_real_window import MAIN, assert_clean_exit, sign_in
from tests.xwindow.xsession import RunningApp, XServer, escape_title, missing_tools

pytestmark = pytest.mark.skipif(
    bool(missing_tools()),
    reason=(
        f"REAL-WINDOW TESTS NOT RUN: {', '.join(missing_tools())} missing; run `make system-deps`"
    ),
)

QUERIES = escape_title("Data queries from the coordinating centre")
ANSWER = escape_title("Answer query 1")


@pytest.fixture
def with_query(site: SiteStore, data_dir: Path) -> Iterator[Path]:
    nurse = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    try:
        pid = register_participant(nurse, REGISTRATION, today=TODAY).id
        record_consent(nurse, pid, CONSENT, today=TODAY)
        save_screening(nurse, pid, ELIGIBLE_SCREENING, today=TODAY)
        place = visit_place(nurse, pid, "SCR", "screening", "albumin")
        with nurse.session() as session:
            receive_queries(
                session, "01", [opened(1, place, "Albumin 30 g/L: check the lab report.")], [], 0
            )
    finally:
        nurse.close()
    site.close()
    yield data_dir


def test_answer_a_query_by_keyboard(with_query: Path, tmp_path: Path) -> None:
    server = XServer()
    app = RunningApp(server, with_query, tmp_path / "home")
    try:
        sign_in(app, NURSE)
        app.key("ctrl+shift+q")
        app.wait_window(QUERIES)
        app.key("alt+a")
        app.wait_window(ANSWER)
        app.type("Checked against the lab report: 30 g/L is right.")
        app.key("Tab", "Return")
        app.wait_gone(ANSWER)
        app.screenshot(tmp_path / "answered.png")
        app.key("Escape")
        app.wait_gone(QUERIES)
        app.wait_window(MAIN)  # no window manager gives the focus back
        app.key("ctrl+q")
        assert_clean_exit(app)
    finally:
        app.stop()
        server.stop()
    nurse = SiteStore.unlock(with_query, NURSE[0], NURSE[1])
    try:
        [view] = list_queries(nurse)
    finally:
        nurse.close()
    assert (view.state, view.answer) == (
        "answered",
        "Checked against the lab report: 30 g/L is right.",
    )
