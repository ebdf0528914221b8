"""What the centre sends to a site: signed packages with the site's allocation lists (each
stratum topped up from a fresh seed kept encrypted at the centre), the settings, every protocol
version issued, and the site's queries and source verification marks."""

from __future__ import annotations

import base64
import json
from secrets import token_bytes, token_hex

from cryptography.exceptions import InvalidTag
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from msc_desktop.central.core import CenterCore
from msc_desktop.central.query_rows import site_marks, site_queries
from msc_desktop.central.tables import CenterAllocationList, CenterItem
from msc_desktop.domain.protocol_reader import load_protocol, parse_protocol
from msc_desktop.domain.randomization import (
    AllocationList,
    build_allocation_list,
    required_list_length,
)
from msc_desktop.errors import SyncError, ValidationError
from msc_desktop.sync.package_request import open_package_request
from msc_desktop.sync.packages import seal_site_package, utc_now_text

# The trial enrols 200; either stratum's list must cover all of a site's participants.
DEFAULT_EXPECTED_ENROLMENT = 100


class SitePackages(CenterCore):
    """The centre's allocation lists and the packages it makes for its sites."""

    def site_package(
        self,
        site_id: str,
        expected_enrolment: int = DEFAULT_EXPECTED_ENROLMENT,
        *,
        top_up: bool = True,
    ) -> bytes:
        """A signed package, encrypted to the site, with its allocation lists and settings.

        Each stratum gets a first list, made from a fresh 256-bit seed that is kept (encrypted)
        in the centre's store and never sent. A stratum whose lists have fewer than the
        protocol's `low_stock_below` entries left (counted from the allocations the site's
        bundles reported) or that are shorter than 1.2 x `expected_enrolment` gets a numbered
        continuation list, from a new seed, by the same rules. Every package carries all of the
        site's lists in order, and every protocol version issued with `amend`; the site loads
        the ones it does not hold yet, and every query of the site with its history and every
        source verification mark. Without `top_up` no list is made (a package a site fetches
        carries what the administrator issued).
        """
        identity = self.site_identity(site_id)
        lists: list[AllocationList] = []
        with self.store.session() as session:
            declarations = self._declarations(session)
            protocol = parse_protocol(declarations[-1]) if declarations else load_protocol()
            stored: dict[str, list[AllocationList]] = {}
            for allocation in self._stored_lists(session, site_id):
                stored.setdefault(allocation.stratum, []).append(allocation)
            used = self._allocations_used(session, site_id)
            for stratum in protocol.randomization.strata:
                issued = sorted(stored.get(stratum.code, []), key=lambda item: item.list_number)
                total = sum(len(item) for item in issued)
                remaining = total - sum(used.get(item.list_id, 0) for item in issued)
                try:
                    short = total < required_list_length(expected_enrolment, protocol)
                    low = remaining < protocol.randomization.low_stock_below
                    if top_up and (not issued or short or low):
                        seed = token_hex(32)
                        allocation = build_allocation_list(
                            site_id,
                            stratum.code,
                            expected_enrolment,
                            created_at=utc_now_text(),
                            seed=seed,
                            list_number=len(issued) + 1,
                            protocol=protocol,
                        )
                        session.add(
                            CenterAllocationList(
                                list_id=allocation.list_id,
                                site_id=site_id,
                                stratum=stratum.code,
                                seed=self.seal_list_part(allocation.list_id, seed),
                                content=self.seal_list_part(
                                    allocation.list_id, json.dumps(allocation.to_dict())
                                ),
                            )
                        )
                        issued.append(allocation)
                except ValidationError as error:
                    raise SyncError(str(error)) from error
                lists.extend(issued)
            queries, marks = site_queries(session, site_id), site_marks(session, site_id)
        settings = {
            "protocol_id": protocol.protocol_id,
            "protocol_version": protocol.version,
            "registry_id": protocol.registry_id,
            "sae_report_hours": str(protocol.sae_report_hours),
        }
        return seal_site_package(
            identity, lists, settings, self.keys, declarations, queries=queries, sdv_marks=marks
        )

    def requested_package(self, request: bytes) -> bytes | None:
        """The current package of the site whose signed request (`seal_package_request`) this
        is, or None when the centre has made none for it yet (its first package is the
        administrator's). SyncError when the request does not verify against a registered,
        unrevoked site key addressed to this centre; nothing is stored then."""
        asked = open_package_request(request, self.site_identity, self.fingerprint)
        with self.store.session() as session:
            issued = session.scalar(
                select(CenterAllocationList.list_id)
                .where(CenterAllocationList.site_id == asked.site_id)
                .limit(1)
            )
        if issued is None:
            return None
        return self.site_package(asked.site_id, top_up=False)

    def seal_list_part(self, list_id: str, text: str) -> str:
        """An allocation list's seed or content, encrypted and bound to its list id."""
        nonce = token_bytes(12)
        sealed = self._lists.encrypt(nonce, text.encode("utf-8"), list_id.encode("utf-8"))
        return base64.b64encode(nonce + sealed).decode("ascii")

    def open_list_part(self, list_id: str, stored: str) -> str:
        try:
            data = base64.b64decode(stored, validate=True)
            plain = self._lists.decrypt(data[:12], data[12:], list_id.encode("utf-8"))
        except (ValueError, InvalidTag):
            raise SyncError(
                f"The stored allocation list {list_id} cannot be decrypted with this centre's key."
            ) from None
        return plain.decode("utf-8")

    def _allocations_used(self, session: Session, site_id: str) -> dict[str, int]:
        """Allocations the site's bundles reported (participants' allocation list item), by list."""
        current = list(self._catalogues(session).values())[-1]
        list_item = current.field_item("randomization", "allocation_list_id")
        rows = session.execute(
            select(CenterItem.current_value, func.count())
            .where(
                CenterItem.site_id == site_id,
                CenterItem.item_oid == list_item.oid,
                CenterItem.removed.is_(False),
            )
            .group_by(CenterItem.current_value)
        )
        return {str(list_id): int(count) for list_id, count in rows}

    def _stored_lists(self, session: Session, site_id: str) -> list[AllocationList]:
        return [
            AllocationList.from_dict(
                json.loads(self.open_list_part(row.list_id, row.content)), self.protocol
            )
            for row in session.scalars(
                select(CenterAllocationList).where(CenterAllocationList.site_id == site_id)
            )
        ]

    def allocation_lists(self, site_id: str) -> list[AllocationList]:
        """Every list issued to the site, first lists and continuations."""
        with self.store.session() as session:
            return sorted(
                self._stored_lists(session, site_id),
                key=lambda item: (item.stratum, item.list_number),
            )

    def allocation_stock_by_list(self, site_id: str) -> list[tuple[AllocationList, int]]:
        """Every list issued to the site with its entries left, as the site's bundles report."""
        with self.store.session() as session:
            used = self._allocations_used(session, site_id)
            lists = sorted(
                self._stored_lists(session, site_id),
                key=lambda item: (item.stratum, item.list_number),
            )
        return [
            (allocation, len(allocation) - used.get(allocation.list_id, 0)) for allocation in lists
        ]

    def allocation_stock(self, site_id: str) -> dict[str, tuple[int, int]]:
        """Per stratum: (entries left, entries issued) in the site's lists, as its bundles
        report."""
        with self.store.session() as session:
            used = self._allocations_used(session, site_id)
            result: dict[str, tuple[int, int]] = {}
            for allocation in self._stored_lists(session, site_id):
                left, issued = result.get(allocation.stratum, (0, 0))
                result[allocation.stratum] = (
                    left + len(allocation) - used.get(allocation.list_id, 0),
                    issued + len(allocation),
                )
            return result
