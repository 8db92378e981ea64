"""Queue filters as data: parse query parameters into a QueueSpec and back (pure functions).

A spec is what a queue URL, a saved view and the filter bar share. Unknown or invalid
values fall back to the default instead of failing, so an old bookmark still opens.
See docs/workspace.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from guichet.tickets.models import Channel, Priority, Status

QUEUES = ("mine", "unassigned", "team", "all", "n1", "n2", "n3", "n4")
TIER_QUEUES = {"n1": 1, "n2": 2, "n3": 3, "n4": 4}
UNSOLVED = "unsolved"
ANY = "any"
STATUS_FILTERS = (UNSOLVED, ANY, *Status.values)
SORTS = ("-created", "created", "-updated", "updated", "-priority", "relevance")
DEFAULT_SORT = "-created"
SEARCH_SORT = "relevance"  # the default when searching; meaningless without a search
CUSTOM_PREFIX = "cf_"
CUSTOM_KEY = re.compile(r"^[-a-zA-Z0-9_]{1,60}$")
Q_MAX = 200
# Parameters a saved view stores; paging cursors are deliberately not part of a view.
FILTER_KEYS = (
    "queue", "status", "priority", "team", "tag", "channel", "brand", "organisation", "sort", "q",
)  # fmt: skip


@dataclass(frozen=True)
class QueueSpec:
    queue: str = "mine"
    status: str = UNSOLVED
    priority: str = ""
    team: int | None = None
    tag: str = ""
    channel: str = ""
    brand: int | None = None
    organisation: int | None = None
    custom: tuple[tuple[str, str], ...] = field(default=())
    sort: str = DEFAULT_SORT
    q: str = ""

    @property
    def tier(self) -> int | None:
        return TIER_QUEUES.get(self.queue)

    @property
    def custom_dict(self) -> dict[str, str]:
        return dict(self.custom)

    @property
    def has_filters(self) -> bool:
        """Whether anything narrows the queue beyond its defaults."""
        return to_params(replace(self, queue="mine", sort=DEFAULT_SORT, q="")) != {} or bool(self.q)


def _one(params: Mapping[str, Any], key: str) -> str:
    value = params.get(key, "")
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return str(value).strip()


def _choice(value: str, allowed: tuple[str, ...] | list[str], default: str = "") -> str:
    return value if value in allowed else default


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 19 else None


def parse_spec(params: Mapping[str, Any]) -> QueueSpec:
    """A QueueSpec from query parameters (a QueryDict or a plain dict)."""
    custom = tuple(
        sorted(
            (key[len(CUSTOM_PREFIX) :], _one(params, key)[:200])
            for key in params
            if key.startswith(CUSTOM_PREFIX)
            and CUSTOM_KEY.match(key[len(CUSTOM_PREFIX) :])
            and _one(params, key)
        )
    )
    q = " ".join(_one(params, "q").split())[:Q_MAX]
    sort = _choice(_one(params, "sort"), SORTS, SEARCH_SORT if q else DEFAULT_SORT)
    if sort == SEARCH_SORT and not q:
        sort = DEFAULT_SORT
    return QueueSpec(
        queue=_choice(_one(params, "queue"), QUEUES, "mine"),
        status=_choice(_one(params, "status"), STATUS_FILTERS, UNSOLVED),
        priority=_choice(_one(params, "priority"), Priority.values),
        team=_int(_one(params, "team")),
        tag=_one(params, "tag")[:60],
        channel=_choice(_one(params, "channel"), Channel.values),
        brand=_int(_one(params, "brand")),
        organisation=_int(_one(params, "organisation")),
        custom=custom,
        sort=sort,
        q=q,
    )


def to_params(spec: QueueSpec) -> dict[str, str]:
    """The non-default values of `spec`, as query parameters (stable order)."""
    default = QueueSpec(sort=SEARCH_SORT if spec.q else DEFAULT_SORT)
    params: dict[str, str] = {}
    for key in FILTER_KEYS:
        value = getattr(spec, key)
        if value != getattr(default, key) and value not in (None, ""):
            params[key] = str(value)
    for key, value in spec.custom:
        params[CUSTOM_PREFIX + key] = value
    return params


def querystring(spec: QueueSpec, **extra: str) -> str:
    params = to_params(spec)
    params.update({k: v for k, v in extra.items() if v})
    return urlencode(params)
