"""Signing in and out, the language, the user's account and password, and the administrator's
users and audit log pages."""

from __future__ import annotations

import asyncio
import hmac
import secrets

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from msc_desktop.central import accounts
from msc_desktop.central.accounts import ROLES, SignInRefused, WebSession
from msc_desktop.central.web.base import (
    LANGUAGE_COOKIE,
    PRE_CSRF_COOKIE,
    SESSION_COOKIE,
    Refused,
    WebBase,
    read_form,
    safe_next,
    set_cookie,
    utc_now,
)
from msc_desktop.central.web.i18n import LANGUAGES, sentence, text
from msc_desktop.errors import MscError


class AccessPages(WebBase):
    """Signing in and out, the language, the account, the users and the audit log."""

    async def sign_in_page(self, request: Request) -> Response:
        token = secrets.token_urlsafe(32)
        response = self.render(
            request,
            "sign_in.html",
            None,
            csrf=token,
            next=safe_next(request.query_params.get("next", "/")),
            error=None,
        )
        set_cookie(request, response, PRE_CSRF_COOKIE, token, max_age=3600)
        return response

    async def sign_in(self, request: Request) -> Response:
        if not self._sign_ins.allow(self.address(request)):
            return self.refusal(request, None, 429, "too_many_sign_ins")
        try:
            form = await read_form(request)
        except Refused as refused:
            return self.refusal(request, None, refused.status, refused.key)
        expected = request.cookies.get(PRE_CSRF_COOKIE, "")
        if not expected or not hmac.compare_digest(str(form.get("csrf", "")), expected):
            return self.refusal(request, None, 403, "csrf_failed")
        user = str(form.get("user", ""))[:64].strip()
        password = str(form.get("password", ""))
        next_path = safe_next(str(form.get("next", "/")))
        try:
            token, _session = await asyncio.to_thread(
                accounts.sign_in, self.center.store, user, password, self.address(request)
            )
        except SignInRefused as refused:
            return self.render(
                request,
                "sign_in.html",
                None,
                status=401,
                csrf=expected,
                next=next_path,
                error=sentence(refused.message, self.language(request)),
            )
        signed_in = RedirectResponse(next_path, 303)
        set_cookie(request, signed_in, SESSION_COOKIE, token)
        signed_in.delete_cookie(PRE_CSRF_COOKIE, path="/")
        return signed_in

    async def sign_out(self, request: Request, session: WebSession) -> Response:
        await asyncio.to_thread(
            accounts.sign_out,
            self.center.store,
            request.cookies.get(SESSION_COOKIE, ""),
            self.address(request),
        )
        response = RedirectResponse("/sign-in", 303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    async def choose_language(self, request: Request) -> Response:
        chosen = request.query_params.get("to", "")
        if chosen not in LANGUAGES:
            return self.refusal(request, None, 400, "bad_parameter", name="to")
        response = RedirectResponse(safe_next(request.query_params.get("next", "/")), 303)
        set_cookie(request, response, LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600)
        return response

    async def stylesheet(self, request: Request) -> Response:
        source = self.env.loader.get_source(self.env, "style.css")[0]  # type: ignore[union-attr]
        return Response(source, media_type="text/css", headers={"cache-control": "max-age=3600"})

    async def users_page(
        self, request: Request, session: WebSession, error: str | None = None, status: int = 200
    ) -> Response:
        users = await asyncio.to_thread(accounts.list_users, self.center.store)
        return self.render(
            request,
            "users.html",
            session,
            status=status,
            users=users,
            roles=ROLES,
            error=error,
            now=utc_now(),
        )

    async def add_user(self, request: Request, session: WebSession) -> Response:
        form: FormData = request.state.form
        try:
            await asyncio.to_thread(
                accounts.add_user,
                self.center.store,
                str(form.get("user", "")).strip(),
                str(form.get("role", "")),
                str(form.get("password", "")),
                by=session.user_id,
            )
        except MscError as error:
            return await self.users_page(
                request, session, sentence(error.message, self.language(request)), 400
            )
        return RedirectResponse("/users", 303)

    async def deactivate(self, request: Request, session: WebSession) -> Response:
        user = request.path_params["user"]
        if user == session.user_id:
            raise Refused(400, "not_yourself")
        try:
            await asyncio.to_thread(
                accounts.deactivate_user, self.center.store, user, by=session.user_id
            )
        except MscError:
            raise Refused(404, "not_found") from None
        return RedirectResponse("/users", 303)

    async def audit_page(self, request: Request, session: WebSession) -> Response:
        events = await asyncio.to_thread(accounts.recent_events, self.center.store, 500)
        return self.render(request, "audit.html", session, events=events)

    async def account_page(
        self, request: Request, session: WebSession, message: str | None = None, status: int = 200
    ) -> Response:
        return self.render(request, "account.html", session, status=status, message=message)

    async def change_password(self, request: Request, session: WebSession) -> Response:
        form: FormData = request.state.form
        new = str(form.get("new_password", ""))
        language = self.language(request)
        if new != str(form.get("repeat_password", "")):
            return await self.account_page(
                request, session, text("passwords_differ", language), 400
            )
        try:
            await asyncio.to_thread(
                accounts.change_password,
                self.center.store,
                session.user_id,
                str(form.get("password", "")),
                new,
                self.address(request),
            )
        except MscError as error:
            return await self.account_page(request, session, sentence(error.message, language), 400)
        return await self.account_page(request, session, text("password_changed", language))
