"""The centre's web application (DESIGN section 10): Starlette routes, Jinja2 pages.

Every route says which roles may use it (`role_routes`; a test walks all of them); a page needs a
session (an HttpOnly, SameSite=Strict cookie, Secure under TLS) and the right role, every POST
its session's CSRF token (the sign-in form a double-submit token). Query parameters and form
fields are checked against what they may be (a registered site id, a page number, a known export)
and a bad one gets a one-line answer. Nothing a response says names a path on the server or
shows a traceback: unexpected faults are logged and answered with a plain page.

The pages are grouped by subject (`access_pages`, `site_pages`, `trial_pages`, `casebook_pages`)
over the frame every page shares (`base.WebBase`); this module assembles them into `WebApp` and
lists the routes.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from msc_desktop.central.service import Center
from msc_desktop.central.web.access_pages import AccessPages
from msc_desktop.central.web.base import (
    ADMIN,
    CLINICAL,
    EVERYONE,
    EXPORTERS,
    MONITORS,
    QUERY_ACTORS,
    SAFETY,
    SITE_READERS,
)
from msc_desktop.central.web.casebook_pages import CasebookPages
from msc_desktop.central.web.site_pages import SitePages
from msc_desktop.central.web.trial_pages import TrialPages

log = logging.getLogger("msc_desktop.central.web")


class WebApp(AccessPages, SitePages, TrialPages, CasebookPages):
    """The pages of one centre."""


_SECURITY_HEADERS = [
    (
        b"content-security-policy",
        (
            b"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
            b"frame-ancestors 'none'; base-uri 'none'"
        ),
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


def create_web_app(center: Center, warm_up: bool = False) -> Starlette:
    """The web application of `center` (mounted beside the upload endpoint by `server.py`);
    with `warm_up`, the pages' summary is prepared in the background at once."""
    web = WebApp(center)
    if warm_up:
        threading.Thread(target=web.warm_up, name="pages-warm-up", daemon=True).start()
    routes = [
        Route("/sign-in", web.sign_in_page, methods=["GET"]),
        Route("/sign-in", web.sign_in, methods=["POST"]),
        Route("/language", web.choose_language, methods=["GET"]),
        Route("/style.css", web.stylesheet, methods=["GET"]),
        *role_routes(web),
    ]

    async def not_found(request: Request, _error: Exception) -> Response:
        return web.refusal(request, None, 404, "not_found")

    async def not_allowed(request: Request, _error: Exception) -> Response:
        return web.refusal(request, None, 405, "method_not_allowed")

    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_allowed})

    async def with_headers(scope: Any, receive: Any, send: Any) -> None:
        started = False

        async def send_with_headers(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = list(message.get("headers", [])) + _SECURITY_HEADERS
            await send(message)

        try:
            await app(scope, receive, send_with_headers)
        except Exception as error:  # a bug outside a page: logged, answered plainly
            log.exception("request %s failed: %s", scope.get("path"), type(error).__name__)
            if not started and scope.get("type") == "http":
                await send_with_headers(
                    {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [(b"content-type", b"text/plain")],
                    }
                )
                await send_with_headers(
                    {"type": "http.response.body", "body": b"The centre could not answer."}
                )

    with_headers.routes = app.routes  # type: ignore[attr-defined]
    return with_headers  # type: ignore[return-value]


def role_routes(web: WebApp) -> list[Route]:
    """Every route that needs a session, with the roles it admits."""
    return [
        Route("/", web.page(EVERYONE)(web.overview), methods=["GET"]),
        Route("/sign-out", web.page(EVERYONE)(web.sign_out), methods=["POST"]),
        Route("/account", web.page(EVERYONE)(web.account_page), methods=["GET"]),
        Route("/account/password", web.page(EVERYONE)(web.change_password), methods=["POST"]),
        Route("/sites", web.page(SITE_READERS)(web.sites), methods=["GET"]),
        Route("/sites/register", web.page(ADMIN)(web.register_form), methods=["GET"]),
        Route("/sites/register", web.page(ADMIN)(web.register_check), methods=["POST"]),
        Route("/sites/register/confirm", web.page(ADMIN)(web.register_confirm), methods=["POST"]),
        Route("/sites/{site_id}/package", web.page(ADMIN)(web.site_package), methods=["POST"]),
        Route(
            "/sites/{site_id}/quarantine/{name}", web.page(ADMIN)(web.quarantined), methods=["GET"]
        ),
        Route("/enrolment", web.page(EVERYONE)(web.enrolment_page), methods=["GET"]),
        Route("/safety", web.page(SAFETY)(web.safety_page), methods=["GET"]),
        Route("/completeness", web.page(CLINICAL)(web.completeness_page), methods=["GET"]),
        Route("/casebook", web.page(CLINICAL)(web.casebook_search), methods=["GET"]),
        Route(
            "/casebook/{site_id}/{subject}", web.page(CLINICAL)(web.casebook_page), methods=["GET"]
        ),
        Route(
            "/casebook/{site_id}/{subject}/query",
            web.page(QUERY_ACTORS)(web.raise_query),
            methods=["POST"],
        ),
        Route(
            "/casebook/{site_id}/{subject}/verify", web.page(MONITORS)(web.verify), methods=["POST"]
        ),
        Route("/queries", web.page(SITE_READERS)(web.queries_page), methods=["GET"]),
        Route(
            "/queries/{site_id}/{number}/close",
            web.page(QUERY_ACTORS)(web.close_query),
            methods=["POST"],
        ),
        Route(
            "/queries/{site_id}/{number}/reopen",
            web.page(QUERY_ACTORS)(web.reopen_query),
            methods=["POST"],
        ),
        Route("/exports", web.page(EXPORTERS)(web.exports_page), methods=["GET"]),
        Route("/exports/{name}", web.page(EXPORTERS)(web.export_download), methods=["GET"]),
        Route("/users", web.page(ADMIN)(web.users_page), methods=["GET"]),
        Route("/users", web.page(ADMIN)(web.add_user), methods=["POST"]),
        Route("/users/{user}/deactivate", web.page(ADMIN)(web.deactivate), methods=["POST"]),
        Route("/audit-log", web.page(ADMIN)(web.audit_page), methods=["GET"]),
    ]
