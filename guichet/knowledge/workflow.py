"""The life of an article: which state changes exist and who may make them (pure).

See docs/knowledge.md ("Publishing"). Writers (kb.write) draft and submit for review; publishers
(kb.publish: supervisors, admins) publish, send back, archive and edit live articles.
"""

from __future__ import annotations

from dataclasses import dataclass

from guichet.knowledge.models import State


@dataclass(frozen=True)
class Transition:
    name: str
    source: tuple[str, ...]
    target: str
    permission: str


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", (State.DRAFT,), State.REVIEW, "kb.write"),
        Transition("request_changes", (State.REVIEW,), State.DRAFT, "kb.publish"),
        Transition("publish", (State.DRAFT, State.REVIEW), State.PUBLISHED, "kb.publish"),
        Transition("unpublish", (State.PUBLISHED,), State.DRAFT, "kb.publish"),
        Transition("archive", (State.DRAFT, State.REVIEW, State.PUBLISHED), State.ARCHIVED,
                   "kb.publish"),
        Transition("reopen", (State.ARCHIVED,), State.DRAFT, "kb.publish"),
    )
}  # fmt: skip


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.source]


def edit_permission(state: str) -> str:
    """Drafts and articles in review are open to writers; live and archived ones to publishers."""
    return "kb.write" if state in (State.DRAFT, State.REVIEW) else "kb.publish"
