"""Which held-out tickets a new triage model and the active one are compared on — pure.

See docs/triage.md ("Training and promotion"). Each training run draws its own random 15%
slice, so most of a new model's held-out tickets were training data for the active model,
which would score optimistically there. The comparison keeps the tickets the active model
never trained on: those of its own held-out slice and those newer than its training data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Fewer unseen tickets than this, or a single class among them, and a macro-F1 on them says
# too little (one ticket moves it by 5 points or more): the whole slice is used instead.
MIN_UNSEEN = 20


@dataclass(frozen=True)
class ComparisonSlice:
    positions: list[int]  # positions in the new model's held-out slice
    unseen_only: bool  # False: the whole slice, some of it training data of the active model
    note: str  # how it was chosen, in words, for the reason and the audit event


def comparison_slice(
    held_ids: Sequence[int],
    held_labels: Sequence[str],
    active_held_ids: frozenset[int] | None,
    active_trained_through_id: int | None,
    minimum: int = MIN_UNSEEN,
) -> ComparisonSlice:
    """The held-out tickets (positions) both models are scored on.

    1. The active model recorded nothing (stored before the record existed): the whole slice.
    2. Keep the tickets in the active model's held-out slice or with an id above the highest
       one it trained on. A ticket resolved after that model was trained but opened before
       its newest training ticket is left out: it might have been trained on, as far as the
       record tells.
    3. All of them unseen: the whole slice, fairly. Fewer than `minimum` or one class: the
       whole slice, saying so. Otherwise only the unseen ones.
    """
    everything = list(range(len(held_ids)))
    whole = f"on the whole held-out slice ({len(held_ids)} tickets)"
    if active_held_ids is None or active_trained_through_id is None:
        return ComparisonSlice(
            everything, False, f"{whole}: the active model did not record its training tickets"
        )
    unseen = [
        i
        for i, ticket in enumerate(held_ids)
        if ticket in active_held_ids or ticket > active_trained_through_id
    ]
    if len(unseen) == len(held_ids):
        return ComparisonSlice(everything, True, f"{whole}, which the active model never saw")
    if len(unseen) < minimum or len({held_labels[i] for i in unseen}) < 2:
        return ComparisonSlice(
            everything,
            False,
            f"{whole}: only {len(unseen)} of them unseen by the active model "
            f"(fewer than {minimum}, or a single class)",
        )
    return ComparisonSlice(unseen, True, f"on {len(unseen)} tickets the active model never saw")
