"""The trial's pages: overview, enrolment (with the CONSORT diagram), safety, completeness with
the SDV progress, and the exports."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from msc_desktop.central import accounts, queries
from msc_desktop.central.accounts import WebSession
from msc_desktop.central.web import data, svg
from msc_desktop.central.web.base import (
    PAGE_SIZE,
    Refused,
    WebBase,
    download,
    int_field,
    log,
    utc_now,
)
from msc_desktop.central.web.downloads import EXPORTS
from msc_desktop.central.web.i18n import text
from msc_desktop.central.web.safety import Safety, safety
from msc_desktop.central.web.sites import site_statuses
from msc_desktop.central.web.summary import (
    data_versions,
    participants_by_site,
)
from msc_desktop.errors import MscError


class TrialPages(WebBase):
    """Overview, enrolment, safety, completeness and exports."""

    async def overview(self, request: Request, session: WebSession) -> Response:
        def gather() -> dict[str, Any]:
            found = self.summary()
            people = participants_by_site(found.people)
            return {
                "sites": site_statuses(self.center, utc_now(), people, with_stock=False),
                "enrolment": found.enrolment,
                "completeness": found.sites,
            }

        return self.render(request, "overview.html", session, **await asyncio.to_thread(gather))

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
            return reader, safety(reader, utc_now())

        reader, found = await asyncio.to_thread(gather)
        return self.render(request, "safety.html", session, safety=found, protocol=reader.protocol)

    async def completeness_page(self, request: Request, session: WebSession) -> Response:
        site_id = request.query_params.get("site") or None
        if site_id is not None:
            site_id = self.site_param(site_id)
        page = int_field(request.query_params.get("page", "1"), 1, 1_000_000)

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
        return download(made.content, made.file_name, made.media_type)
