"""Macro placeholders: `{{ ticket.reference }}`, `{{ requester.name }}`, `{{ agent.name }}`...

Rendering is a pure function over a plain dict so that unknown placeholders are kept
visible rather than silently dropped.
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+(?:\.[a-z_]+)*)\s*\}\}")

ALLOWED_FIELDS = {
    "status",
    "priority",
    "type",
    "tier",
    "team",
    "assignee",
    "tags_add",
    "tags_remove",
}


def render(template: str, values: dict[str, str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return PLACEHOLDER.sub(substitute, template)


def placeholders(template: str) -> set[str]:
    return set(PLACEHOLDER.findall(template))


def unknown_fields(set_fields: dict[str, object]) -> set[str]:
    return set(set_fields) - ALLOWED_FIELDS
