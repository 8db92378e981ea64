"""Line diffs between two versions of an article (pure, difflib)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed", "gap"
    text: str
    old_number: int | None = None
    new_number: int | None = None


def version_text(title: str, summary: str, body: str) -> list[str]:
    return [f"# {title}", *([f"> {summary}"] if summary else []), "", *body.splitlines()]


def diff_lines(old: list[str], new: list[str], context: int = 3) -> list[DiffLine]:
    """Changed lines with `context` unchanged lines around each change; "gap" marks a cut."""
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for group_index, group in enumerate(matcher.get_grouped_opcodes(context)):
        if group_index:
            out.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(
                    DiffLine("same", old[i], i + 1, j + 1)
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                )
                continue
            out.extend(DiffLine("removed", old[i], old_number=i + 1) for i in range(i1, i2))
            out.extend(DiffLine("added", new[j], new_number=j + 1) for j in range(j1, j2))
    return out


def diff_stats(lines: list[DiffLine]) -> tuple[int, int]:
    added = sum(1 for line in lines if line.kind == "added")
    removed = sum(1 for line in lines if line.kind == "removed")
    return added, removed
