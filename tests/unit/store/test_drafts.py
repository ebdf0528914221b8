"""Form drafts: kept encrypted per user, replaced, discarded; never in the audit trail."""

from __future__ import annotations

from sqlalchemy import func, select

from msc_desktop.store.drafts import discard_draft, drafts_of_user, save_draft
from msc_desktop.store.models import AuditLog
from msc_desktop.store.site import SiteStore

VALUES: dict[str, object] = {
    "weight": "61.5",
    "bilirubin": {"value": "42.8", "unit": "umol/L"},
    "ascites": None,
}


def _audit_rows(store: SiteStore) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(AuditLog)) or 0)


def test_a_draft_comes_back_to_its_user_only(
    nurse_store: SiteStore, investigator_store: SiteStore
) -> None:
    before = _audit_rows(nurse_store)
    save_draft(nurse_store, "screening", "p1", VALUES)
    assert _audit_rows(nurse_store) == before
    [draft] = drafts_of_user(nurse_store)
    assert (draft.form_id, draft.participant_id, draft.values) == ("screening", "p1", VALUES)
    assert drafts_of_user(investigator_store) == []


def test_a_new_draft_replaces_the_old_one_and_discard_removes_it(nurse_store: SiteStore) -> None:
    save_draft(nurse_store, "registration", "", {"initials": "WL"})
    save_draft(nurse_store, "registration", "", {"initials": "ZW"})
    save_draft(nurse_store, "consent", "p2", {"consent_version": "2.1"})
    assert [(d.form_id, d.values) for d in drafts_of_user(nurse_store)] == [
        ("registration", {"initials": "ZW"}),
        ("consent", {"consent_version": "2.1"}),
    ]
    discard_draft(nurse_store, "registration", "")
    assert [d.form_id for d in drafts_of_user(nurse_store)] == ["consent"]


def test_drafts_are_encrypted_at_rest(nurse_store: SiteStore) -> None:
    save_draft(nurse_store, "registration", "", {"full_name": "Distinctive Draftname"})
    nurse_store.close()
    for path in nurse_store.data_dir.iterdir():
        if path.is_file():
            assert b"Distinctive Draftname" not in path.read_bytes(), path.name
