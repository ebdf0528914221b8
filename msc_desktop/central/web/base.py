"""The frame of the centre's pages: the session, role and CSRF checks every page passes
(`WebBase.page`), rendering in the reader's language, the refusals, the pages' summary kept per
site, and the checks of query parameters and form fields."""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
import threading
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from msc_desktop.central import accounts
from msc_desktop.central.accounts import ROLES, WebSession
from msc_desktop.central.limits import RateLimiter
from msc_desktop.central.service import Center
from msc_desktop.central.web import data
from msc_desktop.central.web.i18n import LANGUAGES, sentence, text
from msc_desktop.central.web.summary import (
    SitePart,
    Summary,
    data_key,
    data_versions,
    kept_part,
    summary,
)
from msc_desktop.domain.identifiers import SITE_ID_PATTERN
from msc_desktop.errors import ValidationError

log = logging.getLogger("msc_desktop.central.web")
SESSION_COOKIE = "msc_session"
LANGUAGE_COOKIE = "msc_lang"
PRE_CSRF_COOKIE = "msc_signin_csrf"
MAX_FORM_BYTES = 64 * 1024
PAGE_SIZE = 100
#: Sign-in attempts one address may make per minute (each costs an Argon2id hash).
SIGN_INS_PER_MINUTE = 30
SUBJECT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
LOCAL_PATH = re.compile(r"/[A-Za-z0-9/_.-]*")
QUARANTINED = re.compile(r"[A-Za-z0-9_.-]{1,160}")

ADMIN = ("admin",)
EVERYONE = ROLES
SITE_READERS = ("admin", "data-manager", "monitor")
CLINICAL = ("data-manager", "monitor")
SAFETY = ("data-manager", "monitor", "statistician")
EXPORTERS = ("data-manager", "statistician")
QUERY_ACTORS = ("admin", "data-manager")
MONITORS = ("monitor",)
QUERY_STATES = ("open", "answered", "closed")

Handler = Callable[[Request], Awaitable[Response]]
PageHandler = Callable[[Request, WebSession], Awaitable[Response]]


class Refused(Exception):
    """A request the page answers with one sentence (bad input) and a status."""

    def __init__(self, status: int, key: str, **values: object) -> None:
        super().__init__(key)
        self.status, self.key, self.values = status, key, values


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class WebBase:
    """The pages of one centre: what every page uses."""

    def __init__(self, center: Center) -> None:
        self.center = center
        self.env = Environment(
            loader=PackageLoader("msc_desktop.central.web", "templates"),
            autoescape=select_autoescape(default=True),
            auto_reload=False,
        )
        self.env.filters["moment"] = moment_shown
        self._sign_ins = RateLimiter(SIGN_INS_PER_MINUTE)
        self._site_parts: dict[tuple[object, ...], SitePart] = {}
        self._reader: data.Reader | None = None
        self._reader_versions = -1
        self._summary_lock = threading.Lock()
        # One site part computed at a time: a request during the start-up warm-up waits for it
        # rather than doing the same work beside it.
        self._compute_lock = threading.Lock()
        self._sdv_cache: dict[str | None, tuple[object, Any]] = {}

    def summary(self, site_id: str | None = None) -> Summary:
        """The pages' summary of the data as they are now. Each site's part is computed again
        only after that site's data change (an import), an amendment, or at midnight (visit
        states follow the day); it is kept in memory and in the store's page cache, so that a
        restarted server reads it back instead of computing it (`kept_part`)."""
        today = utc_now().date()
        chains, versions = data_versions(self.center)
        with self._summary_lock:
            reader = self._reader
            if reader is None or self._reader_versions != versions:
                reader = self._reader = data.Reader(self.center)
                self._reader_versions = versions
        parts = []
        for site in sorted(chains):
            if site_id is not None and site != site_id:
                continue
            key = (site, chains[site], versions, today)
            with self._summary_lock:
                part = self._site_parts.get(key)
            if part is None:
                with self._compute_lock:
                    with self._summary_lock:
                        part = self._site_parts.get(key)
                    if part is None:
                        part = kept_part(reader, site, data_key(chains[site], versions), today)
                        with self._summary_lock:
                            for stale in [old for old in self._site_parts if old[0] == site]:
                                del self._site_parts[stale]
                            self._site_parts[key] = part
            parts.append(part)
        return summary(reader, parts)

    def warm_up(self) -> None:
        """Compute every site's part now (at start), so that the first page is quick."""
        try:
            self.summary()
        except Exception as error:  # the pages will try again
            log.exception("the pages' summary could not be prepared: %s", type(error).__name__)

    def language(self, request: Request) -> str:
        chosen = request.cookies.get(LANGUAGE_COOKIE, "")
        if chosen in LANGUAGES:
            return chosen
        accepted = request.headers.get("accept-language", "").lower()
        return "zh" if accepted.startswith("zh") else "en"

    def render(
        self,
        request: Request,
        template: str,
        session: WebSession | None,
        status: int = 200,
        **context: Any,
    ) -> HTMLResponse:
        language = self.language(request)

        def t(key: str, **values: object) -> str:
            return text(key, language, **values)

        body = self.env.get_template(template).render(
            t=t,
            lang=language,
            session=session,
            path=request.url.path,
            query=request.url.query,
            label=lambda value: value.get(language) if value else "",
            **context,
        )
        return HTMLResponse(body, status_code=status)

    def refusal(
        self, request: Request, session: WebSession | None, status: int, key: str, **values: object
    ) -> HTMLResponse:
        return self.render(
            request,
            "message.html",
            session,
            status=status,
            message=text(key, self.language(request), **values),
        )

    def refused_input(
        self, request: Request, session: WebSession | None, error: ValidationError
    ) -> HTMLResponse:
        """The 400 page naming what the centre refused in what was sent (a core sentence)."""
        return self.render(
            request,
            "message.html",
            session,
            status=400,
            message=sentence(error.message, self.language(request)),
        )

    def page(self, roles: Sequence[str]) -> Callable[[PageHandler], Handler]:
        """A route for signed-in users of `roles`; POSTs must carry the session's CSRF token."""

        def wrap(handler: PageHandler) -> Handler:
            async def endpoint(request: Request) -> Response:
                session = await asyncio.to_thread(
                    accounts.current_session,
                    self.center.store,
                    request.cookies.get(SESSION_COOKIE, ""),
                )
                if session is None:
                    if request.method == "GET":
                        return RedirectResponse(f"/sign-in?next={request.url.path}", 303)
                    return self.refusal(request, None, 401, "sign_in_first")
                if session.role not in roles:
                    return self.refusal(request, session, 403, "not_for_role")
                try:
                    if request.method == "POST":
                        form = await read_form(request)
                        if not hmac.compare_digest(str(form.get("csrf", "")), session.csrf_token):
                            return self.refusal(request, session, 403, "csrf_failed")
                        request.state.form = form
                    return await handler(request, session)
                except Refused as refused:
                    return self.refusal(
                        request, session, refused.status, refused.key, **refused.values
                    )
                except Exception as error:  # a bug: logged, never shown
                    log.exception("page %s failed: %s", request.url.path, type(error).__name__)
                    return self.refusal(request, session, 500, "failed")

            endpoint.allowed_roles = tuple(roles)  # type: ignore[attr-defined]
            endpoint.__name__ = handler.__name__
            return endpoint

        return wrap

    def address(self, request: Request) -> str:
        return request.client.host if request.client else ""

    def site_param(self, value: str) -> str:
        if not SITE_ID_PATTERN.fullmatch(value) or value not in data.site_ids(self.center):
            raise Refused(404, "no_site")
        return value


def moment_shown(value: object) -> str:
    """An ISO time as people read it: "2026-12-04 08:58:59 UTC", "2026-09-18 14:00"."""
    shown = str(value or "")
    if shown.endswith("Z") and len(shown) >= 19:
        return shown[:19].replace("T", " ") + " UTC"
    return shown.replace("T", " ")


def int_field(value: str, low: int, high: int) -> int:
    if not value.isdigit() or len(value) > 9 or not low <= int(value) <= high:
        raise Refused(400, "bad_number", low=low, high=high)
    return int(value)


def safe_next(value: str) -> str:
    """A local path to go back to after signing in (never another site)."""
    if LOCAL_PATH.fullmatch(value) and not value.startswith("//") and len(value) < 200:
        return value
    return "/"


async def read_form(request: Request) -> FormData:
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise Refused(411, "length_required")
    if int(length) > MAX_FORM_BYTES:
        raise Refused(413, "form_too_large")
    try:
        return await request.form(max_files=1, max_fields=20, max_part_size=MAX_FORM_BYTES)
    except (HTTPException, ValueError, UnicodeDecodeError, AssertionError):
        raise Refused(400, "form_unreadable") from None


def set_cookie(
    request: Request, response: Response, name: str, value: str, max_age: int | None = None
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def download(content: bytes, file_name: str, media_type: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={"content-disposition": f'attachment; filename="{file_name}"'},
    )
