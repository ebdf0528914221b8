"""The real app in a real X11 window (Xvfb, xcb platform), driven by key presses only.

pytest-qt offscreen did not catch the crash on Enter at sign-in (issue 12, item 1): these tests
start the app as a user does and press the keys a nurse presses. A crash, a Python traceback or
a non-zero exit fails them. Each test starts its own Xvfb on a free display and stops it after.
They skip only when Xvfb or xdotool is missing, and say so: `make test` installs both
(tools/system_deps.sh), so on CI they always run.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.accounts import ADMIN, INVESTIGATOR, NURSE
from tests.xwindow.xsession import RunningApp, XServer, escape_title, missing_tools

pytestmark = pytest.mark.skipif(
    bool(missing_tools()),
    reason=f"REAL-WINDOW TESTS NOT RUN: {', '.join(missing_tools())} missing; run `make "
    "system-deps` "
    "(apt-get install xvfb xdotool)",
)

UNLOCK = escape_title("MSC Desktop: unlock")
MAIN = escape_title("MSC Desktop: site 01 Test Hospital")
LOCKED = escape_title("MSC Desktop: site 01 Test Hospital (locked)")


@pytest.fixture
def xserver() -> Iterator[XServer]:
    server = XServer()
    yield server
    server.stop()


@pytest.fixture
def launch(xserver: XServer, tmp_path: Path) -> Iterator[object]:
    started: list[RunningApp] = []

    def start(data_dir: Path) -> RunningApp:
        app = RunningApp(xserver, data_dir, tmp_path / f"home{len(started)}")
        started.append(app)
        return app

    yield start
    for app in started:
        if app.process.poll() is None:
            app.screenshot(tmp_path / "still-running.png")
        app.stop()


def assert_clean_exit(app: RunningApp) -> None:
    code = app.exit_code()
    output = app.output()
    assert code == 0, f"exit code {code}:\n{output[-4000:]}"
    for sign in ("Traceback", "Fatal Python error", "Segmentation fault"):
        assert sign not in output, output[-4000:]


def sign_in(app: RunningApp, who: tuple[str, str, str]) -> None:
    app.wait_window(UNLOCK)
    app.type(who[0])
    app.key("Tab")
    app.type(who[1])
    app.key("Return")
    app.wait_gone(UNLOCK)
    app.wait_window(MAIN)  # focused only now: no window manager gives it the focus


def test_first_run_by_keyboard(launch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data_dir = tmp_path / "new-site"
    app = launch(data_dir)
    app.wait_window(escape_title("MSC Desktop: set up this site"))
    # The site id has the focus; Tab walks the fields, Enter creates the site.
    for text in ("01", "Test Hospital", ADMIN[0], ADMIN[2], ADMIN[1]):
        app.type(text)
        app.key("Tab")
    app.type(ADMIN[1])
    app.key("Return")
    # The recovery-key page: Tab to "I have printed or saved...", Space ticks it, Enter goes on.
    app.wait_window(escape_title("MSC Desktop: recovery key of the new site"))
    app.key("Tab", "Tab", "space", "Return")
    app.wait_gone(escape_title("MSC Desktop: recovery key of the new site"))
    # The coordinating centre step: "Skip for now" has the focus; Enter skips it (done later in
    # Tools).
    app.wait_window(escape_title("MSC Desktop: connect to the coordinating centre"))
    app.key("Return")
    app.wait_gone(escape_title("MSC Desktop: connect to the coordinating centre"))
    app.wait_window(MAIN)
    app.key("ctrl+q")
    assert_clean_exit(app)
    from msc_desktop.store.site import SiteStore

    store = SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])
    try:
        assert (store.site_id, store.site_name) == ("01", "Test Hospital")
    finally:
        store.close()


@pytest.fixture
def clinic(site, data_dir: Path) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    """The test site with one consented participant waiting for screening; its subject id."""
    from msc_desktop.store.services.participants import record_consent, register_participant
    from tests.factories import CONSENT, REGISTRATION

    today = date.today()
    yesterday = today - timedelta(days=1)  # consent at 09:30 today may still be in the future
    nurse_store = site.__class__.unlock(data_dir, NURSE[0], NURSE[1])
    try:
        registration = {**REGISTRATION, "registration_date": yesterday.isoformat()}
        ref = register_participant(nurse_store, registration, today=today)
        record_consent(
            nurse_store, ref.id, {**CONSENT, "consent_date": yesterday.isoformat()}, today=today
        )
    finally:
        nurse_store.close()
    site.close()
    return data_dir, ref.subject_id


def test_sign_in_dialogs_save_lock_and_quit_by_keyboard(launch, clinic: tuple[Path, str]) -> None:  # type: ignore[no-untyped-def]
    data_dir, subject = clinic
    app = launch(data_dir)

    # The administrator signs in with Enter, opens and leaves each dialog of the menus with Escape.
    sign_in(app, ADMIN)
    for keys, title in (
        (("alt+h", "a"), "About MSC Desktop"),
        (("alt+f", "u"), "Users of site 01"),
        (("alt+f", "p"), "Change my password"),
        (("alt+t", "s"), "Settings"),
        (("alt+t", "b"), "Backups"),
        (("alt+f", "y"), "Sync with the coordinating centre"),
        (("alt+f", "b"), "Blank paper forms.*"),
    ):
        app.key(*keys)
        app.wait_window(title)
        app.key("Escape")
        app.wait_gone(title)
        app.wait_window(MAIN)
    # Signing out brings the unlock screen back; the nurse signs in with Enter.
    app.key("alt+f", "o")
    sign_in(app, NURSE)

    # Ctrl+F finds the participant, Enter opens it on the screening form; Ctrl+S saves it.
    app.key("ctrl+f")
    app.type(subject)
    app.key("Return")
    app.type(date.today().isoformat())
    app.key("ctrl+s")

    # Ctrl+L locks; the password and Enter unlock.
    app.key("ctrl+l")
    app.wait_window(LOCKED)
    app.type(NURSE[1])
    app.key("Return")
    app.wait_window(MAIN)

    # An unsaved entry: Ctrl+Q asks; Escape keeps editing; asked again, Discard quits.
    app.key("Tab")
    app.type("72.5")
    app.key("ctrl+q")
    app.wait_window("Unsaved changes")
    app.key("Escape")
    app.wait_gone("Unsaved changes")
    app.wait_window(MAIN)
    app.key("ctrl+q")
    app.wait_window("Unsaved changes")
    app.key("Tab", "Return")
    assert_clean_exit(app)

    from msc_desktop.store.services.overview import participant_rows
    from msc_desktop.store.services.screening import screening_state
    from msc_desktop.store.site import SiteStore

    store = SiteStore.unlock(data_dir, INVESTIGATOR[0], INVESTIGATOR[1])
    try:
        [participant_id] = [
            row.id for row in participant_rows(store, date.today()) if row.subject_id == subject
        ]
        values = screening_state(store, participant_id).values
        assert str(values.get("screening_date")) == date.today().isoformat(), values
        assert "weight" not in values or values["weight"] in (None, ""), (
            "the discarded weight was saved"
        )
    finally:
        store.close()


@pytest.fixture
def randomized(site, data_dir: Path) -> tuple[Path, str, str]:  # type: ignore[no-untyped-def]
    """The test site with one participant randomized to MSC today; its directory, subject id and
    id."""
    from msc_desktop.store.services.participants import participant_detail
    from tests.factories import randomized_participant

    nurse_store = site.__class__.unlock(data_dir, NURSE[0], NURSE[1])
    investigator_store = site.__class__.unlock(data_dir, INVESTIGATOR[0], INVESTIGATOR[1])
    try:
        participant_id = randomized_participant(
            nurse_store, investigator_store, site, arm="MSC", today=date.today()
        )
        subject = participant_detail(nurse_store, participant_id).ref.subject_id
    finally:
        nurse_store.close()
        investigator_store.close()
    site.close()
    return data_dir, subject, participant_id


def test_save_and_next_from_the_visit_to_its_infusion_by_keyboard(
    launch, randomized: tuple[Path, str, str]
) -> None:  # type: ignore[no-untyped-def]
    data_dir, subject, participant_id = randomized
    app = launch(data_dir)
    sign_in(app, NURSE)
    # Enter on the found participant opens the W0 visit (due today), the cursor in "Date blood was
    # drawn".
    app.key("ctrl+f")
    app.type(subject)
    app.key("Return")
    app.type(date.today().isoformat())
    # Tab walks the visit form in its order: weight, 6 vital signs, then each lab and its unit.
    app.key("Tab")
    app.type("62")
    app.key(*["Tab"] * 7)
    app.type("2.5")  # total bilirubin, mg/dL
    app.key(*["Tab"] * 4)
    app.type("3.1")  # albumin, g/dL
    app.key("Tab", "Tab")
    app.type("1.6")  # INR
    app.key("Tab", "Tab")
    app.type("1.0")  # creatinine, mg/dL
    app.key("Tab", "Tab")
    app.type("136")  # sodium
    app.key(*["Tab"] * 18)  # past the unit of sodium and 8 optional labs with their units
    app.key(
        "Down", "Tab", "Down", "Tab", "Right", "Tab", "Right"
    )  # ascites, encephalopathy, dialysis, bleeding
    # Ctrl+Shift+S saves the visit and opens its infusion, the cursor in the first empty field of
    # the dose plan.
    app.key("ctrl+shift+s")
    infusion = escape_title(f"MSC infusion W0: {subject}")
    app.wait_window(infusion)
    app.type("LOT-1")
    app.key("Escape")  # typed entries: closing asks first
    app.wait_window("Unsaved entries")
    app.key("Escape")
    app.wait_gone("Unsaved entries")
    app.wait_window(infusion)
    app.key("Escape")
    app.wait_window("Unsaved entries")
    app.key("Tab", "Return")  # Discard changes
    app.wait_gone(infusion)
    app.wait_window(MAIN)
    app.key("ctrl+q")
    assert_clean_exit(app)

    from msc_desktop.store.services.visits import visit_records
    from msc_desktop.store.site import SiteStore

    store = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    try:
        [w0] = [
            record for record in visit_records(store, participant_id) if record.visit_code == "W0"
        ]
        assert str(w0.values.get("weight")) == "62" and w0.visit_date == date.today(), w0.values
    finally:
        store.close()
