"""The centre's web accounts and the rules every page obeys: sign-in, roles on every route,
CSRF on every form, lockout, timeouts, cookie flags, the audit log, and no traceback or server
path in any answer (a centre without clinical data: these need none)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from msc_desktop.central import accounts
from msc_desktop.central.accounts import ROLES
from msc_desktop.central.service import Center
from msc_desktop.central.tables import CenterEvent, CenterUser, utc_now
from msc_desktop.central.web.app import create_web_app
from msc_desktop.cli.central import central_main
from tests.accounts import CENTRE_PASSPHRASE
from tests.web.centre import WEB_PASSWORD, WEB_USERS, add_web_users, csrf_of, signed_in

SITE_KEY_DOC: bytes = b""
PUBLIC_PATHS = {"/sign-in", "/language", "/style.css"}


@pytest.fixture(scope="module")
def centre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Center]:
    from msc_desktop.sync.keys import KeyPair

    center = Center.init(tmp_path_factory.mktemp("web") / "centre", passphrase=CENTRE_PASSPHRASE)
    center.register_site("01", KeyPair.generate("site", "01").public_document())
    add_web_users(center)
    yield center
    center.close()


@pytest.fixture(scope="module")
def app(centre: Center):  # type: ignore[no-untyped-def]
    """One application for the module's many sign-ins from one address (the limit is tested
    on its own)."""
    from msc_desktop.central.web import base as web_base

    saved, web_base.SIGN_INS_PER_MINUTE = web_base.SIGN_INS_PER_MINUTE, 10_000
    try:
        return create_web_app(centre)
    finally:
        web_base.SIGN_INS_PER_MINUTE = saved


def client(app, user: str | None = None) -> TestClient:  # type: ignore[no-untyped-def]
    browser = TestClient(app, follow_redirects=False)
    if user is not None:
        assert signed_in(browser, user).status_code == 303  # type: ignore[arg-type]
    return browser


def concrete(path: str) -> str:
    return (
        path.replace("{site_id}", "01")
        .replace("{subject}", "01-0001")
        .replace("{name}", "odm")
        .replace("{user}", "nobody")
        .replace("{number}", "1")
    )


def test_every_route_requires_sign_in_and_its_role(app) -> None:  # type: ignore[no-untyped-def]
    routes = [
        (route.path, sorted(route.methods - {"HEAD"}), route.endpoint) for route in app.routes
    ]
    public = {path for path, _methods, endpoint in routes if not hasattr(endpoint, "allowed_roles")}
    assert public == PUBLIC_PATHS
    guarded = [
        (path, methods[0], endpoint.allowed_roles)
        for path, methods, endpoint in routes
        if hasattr(endpoint, "allowed_roles")
    ]
    assert len(guarded) >= 20
    browsers = {user: client(app, user) for user in WEB_USERS}
    anonymous = client(app)
    for path, method, allowed in guarded:
        url = concrete(path)
        assert set(allowed) <= set(ROLES) and allowed
        unsigned = anonymous.request(method, url, data={"csrf": "x"})
        if method == "GET":
            assert unsigned.status_code == 303, url
            assert unsigned.headers["location"].startswith("/sign-in")
        else:
            assert unsigned.status_code == 401, url
        for user, role in WEB_USERS.items():
            if path == "/sign-out":
                continue
            browser = browsers[user]
            token = csrf_of(browser.get("/account").text)
            answer = browser.request(
                method, url, data={"csrf": token} if method == "POST" else None
            )
            if role in allowed:
                assert answer.status_code not in (401, 403), (url, role, answer.status_code)
            else:
                assert answer.status_code == 403, (url, role)
                assert "Your role cannot open this page." in answer.text


def test_a_form_without_its_csrf_token_changes_nothing(app, centre: Center) -> None:  # type: ignore[no-untyped-def]
    admin = client(app, "ada")
    for data in ({}, {"csrf": "forged"}):
        answer = admin.post(
            "/users",
            data={**data, "user": "eve", "role": "admin", "password": "Copper-meadow-2026-x"},
        )
        assert answer.status_code == 403
        assert "did not come from this page" in answer.text
    assert "eve" not in [account.user_id for account in accounts.list_users(centre.store)]
    # The sign-in form has its own (double-submit) token.
    fresh = client(app)
    assert fresh.post("/sign-in", data={"user": "ada", "password": WEB_PASSWORD}).status_code == 403
    # With the token the same form works.
    token = csrf_of(admin.get("/users").text)
    assert (
        admin.post(
            "/users",
            data={
                "csrf": token,
                "user": "eve",
                "role": "monitor",
                "password": "Copper-meadow-2026-x",
            },
        ).status_code
        == 303
    )
    assert ("eve", "monitor") in [
        (account.user_id, account.role) for account in accounts.list_users(centre.store)
    ]


def test_five_failures_lock_the_account_and_everything_is_audited(app, centre: Center) -> None:  # type: ignore[no-untyped-def]
    accounts.add_user(centre.store, "lena", "monitor", WEB_PASSWORD)
    browser = client(app)
    for _attempt in range(5):
        answer = signed_in(browser, "lena", "Wrong-password-2026-x")  # type: ignore[arg-type]
        assert answer.status_code == 401
        assert "The user name or password is wrong." in answer.text
    locked = signed_in(browser, "lena")  # type: ignore[arg-type]
    assert locked.status_code == 401 and "locked after 5 failed sign-ins" in locked.text
    with centre.store.session() as session:
        actions = [
            event.action
            for event in session.scalars(
                select(CenterEvent)
                .where(CenterEvent.user_id == "lena")
                .order_by(CenterEvent.event_id)
            )
        ]
        session.get(CenterUser, "lena").locked_until = utc_now() - timedelta(seconds=1)  # type: ignore[union-attr]
    assert actions == [*["sign-in failed"] * 5, "account locked", "sign-in failed"]
    assert signed_in(browser, "lena").status_code == 303  # type: ignore[arg-type]
    with centre.store.session() as session:
        last = session.scalars(select(CenterEvent).order_by(CenterEvent.event_id.desc())).first()
    assert last is not None and (last.user_id, last.action) == ("lena", "signed in")


def test_the_session_cookie_is_http_only_strict_and_secure_under_tls(app) -> None:  # type: ignore[no-untyped-def]
    plain = client(app)
    answer = signed_in(plain, "mona")  # type: ignore[arg-type]
    cookie = answer.headers["set-cookie"]
    assert "msc_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie
    tls = TestClient(app, base_url="https://testserver", follow_redirects=False)
    cookie = signed_in(tls, "mona").headers["set-cookie"]  # type: ignore[arg-type]
    assert "Secure" in cookie and "HttpOnly" in cookie
    for name, value in (
        ("content-security-policy", "default-src 'none'"),
        ("x-frame-options", "DENY"),
        ("cache-control", "no-store"),
    ):
        assert value in answer.headers[name]


def test_idle_and_absolute_timeouts_end_a_session(
    app, centre: Center, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    browser = client(app, "stan")
    assert browser.get("/enrolment").status_code == 200
    start = utc_now()
    monkeypatch.setattr(
        accounts, "utc_now", lambda: start + timedelta(minutes=accounts.IDLE_MINUTES + 1)
    )
    assert browser.get("/enrolment").status_code == 303
    monkeypatch.undo()
    browser = client(app, "stan")
    for step in range(1, 30):  # used every 25 minutes: never idle, but too old after 12 h
        moment = start + timedelta(minutes=25 * step)
        monkeypatch.setattr(accounts, "utc_now", lambda moment=moment: moment)
        status = browser.get("/enrolment").status_code
        if 25 * step <= accounts.ABSOLUTE_HOURS * 60:
            assert status == 200, step
        else:
            assert status == 303, step
            break
    events = [event.action for event in accounts.recent_events(centre.store, 20)]
    assert "session expired" in events


def test_a_deactivated_account_loses_its_sessions_at_once(app, centre: Center) -> None:  # type: ignore[no-untyped-def]
    accounts.add_user(centre.store, "otto", "data-manager", WEB_PASSWORD)
    otto = client(app, "otto")
    assert otto.get("/completeness").status_code == 200
    admin = client(app, "ada")
    token = csrf_of(admin.get("/users").text)
    assert admin.post("/users/otto/deactivate", data={"csrf": token}).status_code == 303
    assert otto.get("/completeness").status_code == 303
    assert signed_in(client(app), "otto").status_code == 401  # type: ignore[arg-type]


def test_a_weak_password_is_refused_in_either_language(app) -> None:  # type: ignore[no-untyped-def]
    admin = client(app, "ada")
    token = csrf_of(admin.get("/users").text)
    answer = admin.post(
        "/users", data={"csrf": token, "user": "weak", "role": "monitor", "password": "password12"}
    )
    assert answer.status_code == 400 and "The password needs at least 12" in answer.text
    admin.cookies.set("msc_lang", "zh")
    answer = admin.post(
        "/users", data={"csrf": token, "user": "weak", "role": "monitor", "password": "password12"}
    )
    error = re.search(r'id="error">([^<]*)<', answer.text)
    assert error is not None and "密码" in error.group(1)
    assert not re.search(r"[A-Za-z]{3,}", error.group(1)), error.group(1)


BAD_REQUESTS = [
    ("GET", "/completeness?site=../../etc"),
    ("GET", "/completeness?page=-1"),
    ("GET", "/completeness?page=99999999999999999999"),
    ("GET", "/completeness?site=%00"),
    ("GET", "/casebook/01/..%2F..%2Fcenter.key"),
    ("GET", "/casebook/ZZ/1"),
    ("GET", "/casebook?site=<script>"),
    ("GET", "/exports/..%2Fcenter.key"),
    ("GET", "/exports/xls"),
    ("GET", "/exports/odm?format=zip"),
    ("GET", "/sites/01/quarantine/..%2F..%2Fcenter.key"),
    ("GET", "/sites/01/quarantine/nothing"),
    ("GET", "/language?to=fr"),
    ("GET", "/language?to=zh&next=https://evil.example"),
    ("GET", "/no/such/page"),
    ("POST", "/sites/01/package"),
    ("POST", "/sites/register/confirm"),
    ("DELETE", "/users"),
    ("GET", "/sign-in?next=//evil.example"),
]


@pytest.mark.parametrize(("method", "path"), BAD_REQUESTS)
def test_bad_input_gets_one_sentence_never_a_traceback_or_a_path(
    app, centre: Center, method: str, path: str
) -> None:  # type: ignore[no-untyped-def]
    users = ("dora", "ada") if "sites" not in path else ("ada",)
    for user in users:
        browser = client(app, user)
        token = csrf_of(browser.get("/account").text)
        answer = browser.request(
            method, path, data={"csrf": token, "expected": "x"} if method == "POST" else None
        )
        assert answer.status_code < 500, (path, answer.status_code)
        for leak in ("Traceback", str(centre.home.path), "/work/", ".py", "site-packages"):
            assert leak not in answer.text, (path, leak)
        if answer.status_code == 303:
            assert not answer.headers["location"].startswith(("//", "http"))


def test_the_command_line_adds_lists_and_deactivates_users(
    centre: Center,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = str(centre.home.path)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{CENTRE_PASSPHRASE}\nGlacier-spoon-2026-q\n"))
    assert (
        central_main(
            [
                "user",
                "add",
                "--home",
                home,
                "--passphrase-stdin",
                "--user",
                "cli.one",
                "--role",
                "statistician",
                "--password-stdin",
            ]
        )
        == 0
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{CENTRE_PASSPHRASE}\nshort\n"))
    assert (
        central_main(
            [
                "user",
                "add",
                "--home",
                home,
                "--passphrase-stdin",
                "--user",
                "cli.two",
                "--role",
                "monitor",
                "--password-stdin",
            ]
        )
        == 1
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{CENTRE_PASSPHRASE}\n"))
    assert (
        central_main(
            ["user", "deactivate", "--home", home, "--passphrase-stdin", "--user", "cli.one"]
        )
        == 0
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{CENTRE_PASSPHRASE}\n"))
    assert central_main(["user", "list", "--home", home, "--passphrase-stdin"]) == 0
    out, err = capsys.readouterr()
    assert "user cli.one added (statistician)" in out
    assert "cli.one\tstatistician\tdeactivated" in out and "cli.two" not in out
    assert "The password needs at least 12 characters" in err
    with centre.store.session() as session:
        stored = session.get(CenterUser, "cli.one")
        assert stored is not None and stored.password_hash.startswith("$argon2id$")
        assert "Glacier" not in stored.password_hash


def test_sign_in_attempts_from_one_address_are_limited(
    centre: Center, monkeypatch: pytest.MonkeyPatch
) -> None:
    from msc_desktop.central.web import base as web_base

    monkeypatch.setattr(web_base, "SIGN_INS_PER_MINUTE", 3)
    browser = client(create_web_app(centre))
    answers = [
        signed_in(browser, "nobody", "Wrong-password-2026-x").status_code  # type: ignore[arg-type]
        for _attempt in range(4)
    ]
    assert answers == [401, 401, 401, 429]
    assert "wait a minute" in signed_in(browser, "ada").text  # type: ignore[arg-type]
