"""The centre's web application (DESIGN section 10): Starlette routes, Jinja2 pages.

Every route says which roles may use it (`role_routes`; a test walks all of them); a page needs a
session (an HttpOnly, SameSite=Strict cookie, Secure under TLS) and the right role, every POST
its session's CSRF token (the sign-in form a double-submit token). Query parameters and form
fields are checked against what they may be (a registered site id, a page number, a known export)
and a bad one gets a one-line answer. Nothing a response says names a path on the server or
shows a traceback: unexpected faults are logged and answered with a plain page.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import logging
import re
import secrets
import threading
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from msc_desktop.central import accounts, queries
from msc_desktop.central.accounts import ROLES, SignInRefused, WebSession
from msc_desktop.central.limits import RateLimiter
from msc_desktop.central.service import DEFAULT_EXPECTED_ENROLMENT, Center
from msc_desktop.central.web import data, svg
from msc_desktop.central.web.casebook import (
    EventEntry,
    ItemEntry,
    casebook,
    subject_exists,
    subjects_of,
)
from msc_desktop.central.web.downloads import EXPORTS
from msc_desktop.central.web.i18n import LANGUAGES, sentence, text
from msc_desktop.central.web.safety import Safety, safety
from msc_desktop.central.web.sites import quarantine_folder, quarantined_files, site_statuses
from msc_desktop.central.web.summary import (
    SitePart,
    Summary,
    data_key,
    data_versions,
    kept_part,
    participants_by_site,
    summary,
)
from msc_desktop.domain.queries import ItemAddress
from msc_desktop.errors import MscError, ValidationError
from msc_desktop.sync.bundle import SITE_ID_PATTERN
from msc_desktop.sync.keys import MAX_DOCUMENT_BYTES, format_fingerprint, parse_public_document
from msc_desktop.translations import unit_text

log = logging.getLogger("msc_desktop.central.web")
SESSION_COOKIE = "msc_session"
LANGUAGE_COOKIE = "msc_lang"
PRE_CSRF_COOKIE = "msc_signin_csrf"
MAX_FORM_BYTES = 64 * 1024
PAGE_SIZE = 100
#: Sign-in attempts one address may make per minute (each costs an Argon2id hash).
SIGN_INS_PER_MINUTE = 30
_SUBJECT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
_LOCAL_PATH = re.compile(r"/[A-Za-z0-9/_.-]*")
_QUARANTINED = re.compile(r"[A-Za-z0-9_.-]{1,160}")
_OID = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_REPEAT_KEY = re.compile(r"[A-Za-z0-9_.-]{0,64}")

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


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class WebApp:
    """The pages of one centre."""

    def __init__(self, center: Center) -> None:
        self.center = center
        self.env = Environment(
            loader=PackageLoader("msc_desktop.central.web", "templates"),
            autoescape=select_autoescape(default=True),
            auto_reload=False,
        )
        self.env.filters["moment"] = _moment
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
        today = _now().date()
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

    # -- plumbing ----------------------------------------------------------------------------

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
                        form = await _form(request)
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

    # -- sign-in -----------------------------------------------------------------------------

    async def sign_in_page(self, request: Request) -> Response:
        token = secrets.token_urlsafe(32)
        response = self.render(
            request,
            "sign_in.html",
            None,
            csrf=token,
            next=_safe_next(request.query_params.get("next", "/")),
            error=None,
        )
        _set_cookie(request, response, PRE_CSRF_COOKIE, token, max_age=3600)
        return response

    async def sign_in(self, request: Request) -> Response:
        if not self._sign_ins.allow(self.address(request)):
            return self.refusal(request, None, 429, "too_many_sign_ins")
        try:
            form = await _form(request)
        except Refused as refused:
            return self.refusal(request, None, refused.status, refused.key)
        expected = request.cookies.get(PRE_CSRF_COOKIE, "")
        if not expected or not hmac.compare_digest(str(form.get("csrf", "")), expected):
            return self.refusal(request, None, 403, "csrf_failed")
        user = str(form.get("user", ""))[:64].strip()
        password = str(form.get("password", ""))
        next_path = _safe_next(str(form.get("next", "/")))
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
        _set_cookie(request, signed_in, SESSION_COOKIE, token)
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
        response = RedirectResponse(_safe_next(request.query_params.get("next", "/")), 303)
        _set_cookie(request, response, LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600)
        return response

    async def stylesheet(self, request: Request) -> Response:
        source = self.env.loader.get_source(self.env, "style.css")[0]  # type: ignore[union-attr]
        return Response(source, media_type="text/css", headers={"cache-control": "max-age=3600"})

    # -- pages -------------------------------------------------------------------------------

    async def overview(self, request: Request, session: WebSession) -> Response:
        def gather() -> dict[str, Any]:
            found = self.summary()
            people = participants_by_site(found.people)
            return {
                "sites": site_statuses(self.center, _now(), people, with_stock=False),
                "enrolment": found.enrolment,
                "completeness": found.sites,
            }

        return self.render(request, "overview.html", session, **await asyncio.to_thread(gather))

    async def sites(self, request: Request, session: WebSession) -> Response:
        found = await asyncio.to_thread(self.summary)
        sites = await asyncio.to_thread(
            site_statuses, self.center, _now(), participants_by_site(found.people)
        )
        protocol = await asyncio.to_thread(self.center.current_protocol)
        return self.render(
            request,
            "sites.html",
            session,
            sites=sites,
            expected=DEFAULT_EXPECTED_ENROLMENT,
            low_stock=protocol.randomization.low_stock_below,
        )

    async def quarantined(self, request: Request, session: WebSession) -> Response:
        site_id = self.site_param(request.path_params["site_id"])
        name = request.path_params["name"]
        kept = {entry.name for entry in quarantined_files(self.center, site_id)}
        if not _QUARANTINED.fullmatch(name) or name not in kept:
            raise Refused(404, "not_found")
        path = quarantine_folder(self.center, site_id) / name
        try:
            content = await asyncio.to_thread(path.read_bytes)
        except OSError:
            raise Refused(404, "not_found") from None
        await asyncio.to_thread(
            accounts.log_event,
            self.center.store,
            session.user_id,
            "quarantine download",
            f"{site_id}/{name}",
            self.address(request),
        )
        return _download(content, name, "application/octet-stream")

    async def register_form(self, request: Request, session: WebSession) -> Response:
        return self.render(request, "register.html", session, step="upload", error=None)

    async def register_check(self, request: Request, session: WebSession) -> Response:
        form: FormData = request.state.form
        site_id = str(form.get("site_id", "")).strip()
        upload = form.get("key_file")
        language = self.language(request)
        if not SITE_ID_PATTERN.fullmatch(site_id):
            return self.render(
                request,
                "register.html",
                session,
                status=400,
                step="upload",
                error=text("bad_site_id", language),
            )
        if not isinstance(upload, UploadFile):
            return self.render(
                request,
                "register.html",
                session,
                status=400,
                step="upload",
                error=text("key_file_missing", language),
            )
        document = await upload.read(MAX_DOCUMENT_BYTES + 1)
        if len(document) > MAX_DOCUMENT_BYTES:
            return self.render(
                request,
                "register.html",
                session,
                status=400,
                step="upload",
                error=text("key_file_too_large", language),
            )
        try:
            identity = parse_public_document(document, "site")
            if identity.party_id != site_id:
                raise Refused(400, "key_other_site", found=identity.party_id, site=site_id)
        except MscError:
            return self.render(
                request,
                "register.html",
                session,
                status=400,
                step="upload",
                error=text("key_file_invalid", language),
            )
        except Refused as refused:
            return self.render(
                request,
                "register.html",
                session,
                status=400,
                step="upload",
                error=text(refused.key, language, **refused.values),
            )
        return self.render(
            request,
            "register.html",
            session,
            step="confirm",
            error=None,
            site_id=site_id,
            fingerprint=format_fingerprint(identity.fingerprint),
            document=base64.b64encode(document).decode("ascii"),
        )

    async def register_confirm(self, request: Request, session: WebSession) -> Response:
        form: FormData = request.state.form
        site_id = str(form.get("site_id", ""))
        if not SITE_ID_PATTERN.fullmatch(site_id):
            raise Refused(400, "bad_site_id")
        if form.get("compared") != "yes":
            raise Refused(400, "compare_first")
        try:
            document = base64.b64decode(str(form.get("document", "")), validate=True)
        except (binascii.Error, ValueError):
            raise Refused(400, "key_file_invalid") from None
        if len(document) > MAX_DOCUMENT_BYTES:
            raise Refused(400, "key_file_too_large")
        try:
            fingerprint = await asyncio.to_thread(self.center.register_site, site_id, document)
        except MscError:
            raise Refused(400, "key_file_invalid") from None
        await asyncio.to_thread(
            accounts.log_event,
            self.center.store,
            session.user_id,
            "site registered",
            f"{site_id} {fingerprint}",
            self.address(request),
        )
        return self.render(
            request,
            "message.html",
            session,
            message=text(
                "site_registered", self.language(request), site=site_id, fingerprint=fingerprint
            ),
        )

    async def site_package(self, request: Request, session: WebSession) -> Response:
        site_id = self.site_param(request.path_params["site_id"])
        form: FormData = request.state.form
        expected = _int_field(str(form.get("expected", "")), 1, 10_000)
        try:
            package = await asyncio.to_thread(self.center.site_package, site_id, expected)
        except MscError as error:
            log.warning("site package for %s refused: %s", site_id, error)
            raise Refused(400, "package_refused") from None
        await asyncio.to_thread(
            accounts.log_event,
            self.center.store,
            session.user_id,
            "site package",
            f"{site_id} expected {expected}",
            self.address(request),
        )
        stamp = _now().strftime("%Y%m%dT%H%M%S")
        return _download(package, f"{site_id}-{stamp}.mscp", "application/octet-stream")

    async def enrolment_page(self, request: Request, session: WebSession) -> Response:
        found = await asyncio.to_thread(self.summary)
        reader, enrolment = found.reader, found.enrolment
        language = self.language(request)
        return self.render(
            request,
            "enrolment.html",
            session,
            enrolment=enrolment,
            protocol=reader.protocol,
            consort=self.consort_svg(reader, enrolment, language),
            chart=svg.recruitment(
                text("recruitment", language),
                enrolment.monthly,
                enrolment.target,
                text("target", language),
            ),
            reasons=self.reason_labels(reader, language),
        )

    def reason_labels(self, reader: data.Reader, language: str) -> dict[str, str]:
        labels = {
            criterion.code: f"{criterion.code}: {criterion.text.get(language)}"
            for criterion in reader.protocol.eligibility.criteria
        }
        labels[data.OTHER_REASON] = text("reason_other", language)
        return labels

    def consort_svg(self, reader: data.Reader, enrolment: data.Enrolment, language: str) -> str:
        counts = enrolment.consort
        arms = []
        for arm in reader.protocol.arms:
            stages = [(text("consort_allocated", language), counts.get(f"allocated:{arm.code}", 0))]
            if arm.code == reader.protocol.arms[0].code:
                stages.append(
                    (text("consort_infused", language), counts.get(f"infused:{arm.code}", 0))
                )
            stages += [
                (text("consort_discontinued", language), counts.get(f"discontinued:{arm.code}", 0)),
                (text("consort_completed", language), counts.get(f"completed:{arm.code}", 0)),
            ]
            arms.append((arm.label.get(language), stages))
        return svg.consort(
            text("consort", language),
            (text("consort_screened", language), enrolment.screened),
            [
                (
                    text("consort_excluded", language),
                    enrolment.screen_failed + enrolment.in_screening,
                ),
                (text("consort_failed", language), enrolment.screen_failed),
                (text("consort_in_screening", language), enrolment.in_screening),
            ],
            (text("consort_randomized", language), enrolment.randomized),
            arms,
        )

    async def safety_page(self, request: Request, session: WebSession) -> Response:
        def gather() -> tuple[data.Reader, Safety]:
            reader = data.Reader(self.center)
            return reader, safety(reader, _now())

        reader, found = await asyncio.to_thread(gather)
        return self.render(request, "safety.html", session, safety=found, protocol=reader.protocol)

    async def completeness_page(self, request: Request, session: WebSession) -> Response:
        site_id = request.query_params.get("site") or None
        if site_id is not None:
            site_id = self.site_param(site_id)
        page = _int_field(request.query_params.get("page", "1"), 1, 1_000_000)

        found = await asyncio.to_thread(self.summary, site_id)
        sites, people = found.sites, found.participants
        shown, pages = data.pages_of(people, page, PAGE_SIZE)
        sdv_sites, sdv_people = await asyncio.to_thread(self.sdv_progress, site_id)
        return self.render(
            request,
            "completeness.html",
            session,
            sites=sites,
            people=shown,
            page=min(page, pages),
            pages=pages,
            site=site_id,
            all_sites=await asyncio.to_thread(data.site_ids, self.center),
            sdv_sites=sdv_sites,
            sdv_people=sdv_people,
        )

    def sdv_progress(
        self, site_id: str | None
    ) -> tuple[list[queries.SdvProgress], dict[tuple[str, str], queries.SdvProgress]]:
        """Source verification progress, computed again only after the data or the marks
        changed."""
        key = (site_id, data_versions(self.center), queries.marks_version(self.center))
        with self._summary_lock:
            cached = self._sdv_cache.get(site_id)
        if cached is None or cached[0] != key:
            cached = (key, queries.sdv_progress(self.center, site_id))
            with self._summary_lock:
                self._sdv_cache[site_id] = cached
        sites, people = cached[1]
        return sites, {(row.site_id, row.subject_key): row for row in people}

    async def casebook_search(self, request: Request, session: WebSession) -> Response:
        site_id = request.query_params.get("site") or None
        if site_id is not None:
            site_id = self.site_param(site_id)
        subjects = await asyncio.to_thread(subjects_of, self.center, site_id)
        page = _int_field(request.query_params.get("page", "1"), 1, 1_000_000)
        shown, pages = data.pages_of(subjects, page, PAGE_SIZE)
        return self.render(
            request,
            "casebook_list.html",
            session,
            subjects=shown,
            page=page,
            pages=pages,
            site=site_id,
            all_sites=await asyncio.to_thread(data.site_ids, self.center),
        )

    async def casebook_page(self, request: Request, session: WebSession) -> Response:
        site_id = self.site_param(request.path_params["site_id"])
        subject = request.path_params["subject"]
        if not _SUBJECT.fullmatch(subject) or not await asyncio.to_thread(
            subject_exists, self.center, site_id, subject
        ):
            raise Refused(404, "no_participant")

        def gather() -> tuple[
            data.Reader, list[EventEntry], dict[Any, list[Any]], dict[Any, queries.ItemSdv]
        ]:
            reader = data.Reader(self.center)
            found: dict[Any, list[Any]] = {}
            for query in queries.list_queries(self.center, site_id, subject_key=subject):
                place = query.address
                found.setdefault(
                    (
                        place.event_oid,
                        place.form_oid,
                        place.group_oid,
                        place.repeat_key,
                        place.item_oid,
                    ),
                    [],
                ).append(query)
            with self.center.store.session() as store_session:
                verified = queries.item_sdv(store_session, site_id, subject)
            return reader, casebook(reader, site_id, subject), found, verified

        reader, events, item_queries, verified = await asyncio.to_thread(gather)
        await asyncio.to_thread(
            accounts.log_event,
            self.center.store,
            session.user_id,
            "casebook viewed",
            f"{site_id}/{subject}",
            self.address(request),
        )
        catalogue = reader.current
        return self.render(
            request,
            "casebook.html",
            session,
            site_id=site_id,
            subject=subject,
            events=events,
            event_name={
                event.oid: event.name
                for catalogue in reader.catalogues.values()
                for event in catalogue.events
            },
            form_title={
                form.oid: form.title
                for catalogue in reader.catalogues.values()
                for form in catalogue.forms
            },
            shown=lambda entry, value: _shown_value(
                catalogue.protocol, entry, value, self.language(request)
            ),
            unit=lambda code: _unit(catalogue.protocol, code, self.language(request)),
            version={oid: cat.protocol.version for oid, cat in reader.catalogues.items()},
            item_queries=item_queries,
            verified=verified,
        )

    # -- queries and source data verification (DESIGN section 11) ---------------------------

    async def queries_page(self, request: Request, session: WebSession) -> Response:
        site_id = request.query_params.get("site") or None
        if site_id is not None:
            site_id = self.site_param(site_id)
        state = request.query_params.get("state") or None
        if state is not None and state not in QUERY_STATES:
            raise Refused(400, "bad_parameter", name="state")
        subject = request.query_params.get("subject") or None
        if subject is not None and not _SUBJECT.fullmatch(subject):
            raise Refused(400, "bad_parameter", name="subject")
        page = _int_field(request.query_params.get("page", "1"), 1, 1_000_000)

        def gather() -> tuple[list[Any], data.Reader, list[str]]:
            found = queries.list_queries(
                self.center,
                site_id,
                state,  # type: ignore[arg-type]
                subject_key=subject,
            )
            return found, data.Reader(self.center), data.site_ids(self.center)

        found, reader, all_sites = await asyncio.to_thread(gather)
        shown, pages = data.pages_of(found, page, PAGE_SIZE)
        catalogues = list(reader.catalogues.values())
        return self.render(
            request,
            "queries.html",
            session,
            queries=shown,
            page=min(page, pages),
            pages=pages,
            site=site_id,
            state=state,
            subject=subject,
            all_sites=all_sites,
            states=QUERY_STATES,
            can_act=session.role in QUERY_ACTORS,
            visit=lambda oid: queries.visit_name(catalogues, oid),
            item_label=lambda oid, mdv="": reader.item_def(oid, mdv),
        )

    async def close_query(self, request: Request, session: WebSession) -> Response:
        site_id, number = self.query_params(request)
        text_given = str(request.state.form.get("text", ""))
        return await self.query_action(
            request,
            session,
            site_id,
            number,
            lambda: queries.close_query(
                self.center, site_id, number, session.user_id, text_given, self.address(request)
            ),
        )

    async def reopen_query(self, request: Request, session: WebSession) -> Response:
        site_id, number = self.query_params(request)
        text_given = str(request.state.form.get("text", ""))
        return await self.query_action(
            request,
            session,
            site_id,
            number,
            lambda: queries.reopen_query(
                self.center, site_id, number, session.user_id, text_given, self.address(request)
            ),
        )

    def query_params(self, request: Request) -> tuple[str, int]:
        return (
            self.site_param(request.path_params["site_id"]),
            _int_field(request.path_params["number"], 1, 10**9),
        )

    async def query_action(
        self,
        request: Request,
        session: WebSession,
        site_id: str,
        number: int,
        action: Callable[[], object],
    ) -> Response:
        try:
            await asyncio.to_thread(action)
        except ValidationError as error:
            return self.render(
                request,
                "message.html",
                session,
                status=400,
                message=sentence(error.message, self.language(request)),
            )
        return RedirectResponse(f"/queries?site={site_id}#q-{site_id}-{number}", 303)

    def item_address(self, request: Request, subject: str, scope: str = "item") -> ItemAddress:
        """The item (form, visit) a casebook form names in its hidden fields."""
        form: FormData = request.state.form
        fields = {
            name: str(form.get(name, ""))
            for name in ("event_oid", "form_oid", "group_oid", "repeat_key", "item_oid")
        }
        depth = {"visit": 1, "form": 2, "item": 5}[scope]
        for index, (name, value) in enumerate(fields.items()):
            pattern = _REPEAT_KEY if name == "repeat_key" or index >= depth else _OID
            if not pattern.fullmatch(value) or (index >= depth and value):
                raise Refused(400, "bad_parameter", name=name)
        return ItemAddress(subject, **fields)

    async def raise_query(self, request: Request, session: WebSession) -> Response:
        site_id, subject = self.casebook_params(request)
        address = self.item_address(request, subject)
        question = str(request.state.form.get("text", ""))
        try:
            query = await asyncio.to_thread(
                queries.open_query,
                self.center,
                site_id,
                address,
                question,
                session.user_id,
                self.address(request),
            )
        except ValidationError as error:
            return self.render(
                request,
                "message.html",
                session,
                status=400,
                message=sentence(error.message, self.language(request)),
            )
        return RedirectResponse(f"/casebook/{site_id}/{subject}#q-{site_id}-{query.number}", 303)

    async def verify(self, request: Request, session: WebSession) -> Response:
        site_id, subject = self.casebook_params(request)
        scope = str(request.state.form.get("scope", ""))
        if scope not in ("item", "form", "visit"):
            raise Refused(400, "bad_parameter", name="scope")
        address = self.item_address(request, subject, scope)
        try:
            await asyncio.to_thread(
                queries.mark_verified,
                self.center,
                site_id,
                scope,
                address,
                session.user_id,
                self.address(request),
            )
        except ValidationError as error:
            return self.render(
                request,
                "message.html",
                session,
                status=400,
                message=sentence(error.message, self.language(request)),
            )
        return RedirectResponse(f"/casebook/{site_id}/{subject}#{address.event_oid}", 303)

    def casebook_params(self, request: Request) -> tuple[str, str]:
        site_id = self.site_param(request.path_params["site_id"])
        subject = request.path_params["subject"]
        if not _SUBJECT.fullmatch(subject):
            raise Refused(404, "no_participant")
        return site_id, subject

    async def exports_page(self, request: Request, session: WebSession) -> Response:
        return self.render(request, "exports.html", session, exports=EXPORTS)

    async def export_download(self, request: Request, session: WebSession) -> Response:
        name = request.path_params["name"]
        if name not in EXPORTS:
            raise Refused(404, "no_export", exports=", ".join(EXPORTS))
        for key in request.query_params:  # a download takes no options
            raise Refused(400, "bad_parameter", name=key[:40])
        try:
            made = await asyncio.to_thread(EXPORTS[name], self.center)
        except MscError as error:
            log.warning("export %s refused: %s", name, error)
            raise Refused(409, "export_refused") from None
        await asyncio.to_thread(
            accounts.log_event,
            self.center.store,
            session.user_id,
            "export downloaded",
            name,
            self.address(request),
        )
        return _download(made.content, made.file_name, made.media_type)

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
            now=_now(),
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

    # -- checks ------------------------------------------------------------------------------

    def site_param(self, value: str) -> str:
        if not SITE_ID_PATTERN.fullmatch(value) or value not in data.site_ids(self.center):
            raise Refused(404, "no_site")
        return value


def _moment(value: object) -> str:
    """An ISO time as people read it: "2026-12-04 08:58:59 UTC", "2026-09-18 14:00"."""
    shown = str(value or "")
    if shown.endswith("Z") and len(shown) >= 19:
        return shown[:19].replace("T", " ") + " UTC"
    return shown.replace("T", " ")


def _shown_value(protocol: Any, entry: ItemEntry, value: str, language: str) -> str:
    """A coded value with its label in `language` ("Y" -> "Yes (Y)"; in Chinese the label
    alone)."""
    definition = entry.definition
    if definition is None or not definition.codelist_oid or not value:
        return value
    for name, oid in protocol.codelist_oids.items():
        if oid == definition.codelist_oid:
            for choice in protocol.codelists[name]:
                if choice.code == value:
                    label = choice.label.get(language)
                    return label if language == "zh" else f"{label} ({value})"
    return value


def _unit(protocol: Any, code: str, language: str) -> str:
    """A unit code as people read it: the protocol's symbol, a worded unit translated."""
    if not code:
        return ""
    worded = unit_text(code, language)
    if worded != code:
        return worded
    try:
        return str(protocol.unit(code).symbol.get(language))
    except MscError:
        return code


def _int_field(value: str, low: int, high: int) -> int:
    if not value.isdigit() or len(value) > 9 or not low <= int(value) <= high:
        raise Refused(400, "bad_number", low=low, high=high)
    return int(value)


def _safe_next(value: str) -> str:
    """A local path to go back to after signing in (never another site)."""
    if _LOCAL_PATH.fullmatch(value) and not value.startswith("//") and len(value) < 200:
        return value
    return "/"


async def _form(request: Request) -> FormData:
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise Refused(411, "length_required")
    if int(length) > MAX_FORM_BYTES:
        raise Refused(413, "form_too_large")
    try:
        return await request.form(max_files=1, max_fields=20, max_part_size=MAX_FORM_BYTES)
    except (HTTPException, ValueError, UnicodeDecodeError, AssertionError):
        raise Refused(400, "form_unreadable") from None


def _set_cookie(
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


def _download(content: bytes, file_name: str, media_type: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={"content-disposition": f'attachment; filename="{file_name}"'},
    )


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
