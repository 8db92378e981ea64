"""Finding @mentions in a note."""

from __future__ import annotations

import re

MENTION = re.compile(r"(?<![\w.@])@([\w.+-]{2,150})", re.UNICODE)


def mentioned_usernames(text: str) -> list[str]:
    seen: list[str] = []
    for name in MENTION.findall(text):
        name = name.rstrip(".")
        if name not in seen:
            seen.append(name)
    return seen
