"""The sites-and-sync page, a site's registration (its key file checked, then confirmed), its
site package, and the files held back from it."""

from __future__ import annotations

import asyncio
import base64
import binascii

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from msc_desktop.central import accounts
from msc_desktop.central.accounts import WebSession
from msc_desktop.central.allocations import DEFAULT_EXPECTED_ENROLMENT
from msc_desktop.central.web.base import (
    QUARANTINED,
    Refused,
    WebBase,
    download,
    int_field,
    log,
    utc_now,
)
from msc_desktop.central.web.i18n import text
from msc_desktop.central.web.sites import quarantine_folder, quarantined_files, site_statuses
from msc_desktop.central.web.summary import participants_by_site
from msc_desktop.domain.identifiers import SITE_ID_PATTERN
from msc_desktop.errors import MscError
from msc_desktop.sync.keys import MAX_DOCUMENT_BYTES, format_fingerprint, parse_public_document


class SitePages(WebBase):
    """The sites, their registration, packages and held-back files."""

    async def sites(self, request: Request, session: WebSession) -> Response:
        found = await asyncio.to_thread(self.summary)
        sites = await asyncio.to_thread(
            site_statuses, self.center, utc_now(), participants_by_site(found.people)
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
        if not QUARANTINED.fullmatch(name) or name not in kept:
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
        return download(content, name, "application/octet-stream")

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
        expected = int_field(str(form.get("expected", "")), 1, 10_000)
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
        stamp = utc_now().strftime("%Y%m%dT%H%M%S")
        return download(package, f"{site_id}-{stamp}.mscp", "application/octet-stream")
