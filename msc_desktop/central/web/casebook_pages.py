"""A participant's casebook, the queries on its items (raise, close, reopen) and source data
verification."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from msc_desktop.central import accounts, queries
from msc_desktop.central.accounts import WebSession
from msc_desktop.central.web import data
from msc_desktop.central.web.base import (
    PAGE_SIZE,
    QUERY_ACTORS,
    QUERY_STATES,
    SUBJECT,
    Refused,
    WebBase,
    int_field,
)
from msc_desktop.central.web.casebook import (
    EventEntry,
    ItemEntry,
    casebook,
    subject_exists,
    subjects_of,
)
from msc_desktop.domain.identifiers import OID_PATTERN, REPEAT_KEY_PATTERN
from msc_desktop.domain.queries import ItemAddress
from msc_desktop.errors import MscError, ValidationError
from msc_desktop.translations import unit_text


class CasebookPages(WebBase):
    """Casebooks, queries and source data verification."""

    async def casebook_search(self, request: Request, session: WebSession) -> Response:
        site_id = request.query_params.get("site") or None
        if site_id is not None:
            site_id = self.site_param(site_id)
        subjects = await asyncio.to_thread(subjects_of, self.center, site_id)
        page = int_field(request.query_params.get("page", "1"), 1, 1_000_000)
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
        if not SUBJECT.fullmatch(subject) or not await asyncio.to_thread(
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

    async def queries_page(self, request: Request, session: WebSession) -> Response:
        site_id = request.query_params.get("site") or None
        if site_id is not None:
            site_id = self.site_param(site_id)
        state = request.query_params.get("state") or None
        if state is not None and state not in QUERY_STATES:
            raise Refused(400, "bad_parameter", name="state")
        subject = request.query_params.get("subject") or None
        if subject is not None and not SUBJECT.fullmatch(subject):
            raise Refused(400, "bad_parameter", name="subject")
        page = int_field(request.query_params.get("page", "1"), 1, 1_000_000)

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
            int_field(request.path_params["number"], 1, 10**9),
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
            return self.refused_input(request, session, error)
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
            pattern = REPEAT_KEY_PATTERN if name == "repeat_key" or index >= depth else OID_PATTERN
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
            return self.refused_input(request, session, error)
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
            return self.refused_input(request, session, error)
        return RedirectResponse(f"/casebook/{site_id}/{subject}#{address.event_oid}", 303)

    def casebook_params(self, request: Request) -> tuple[str, str]:
        site_id = self.site_param(request.path_params["site_id"])
        subject = request.path_params["subject"]
        if not SUBJECT.fullmatch(subject):
            raise Refused(404, "no_participant")
        return site_id, subject


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
