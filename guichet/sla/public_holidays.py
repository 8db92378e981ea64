"""Public holidays from the maintained `holidays` library, France first. See docs/sla.md.

A `PublicHolidays` value names a country and an optional subdivision; the dates of any year are
computed on demand (moveable feasts such as Easter Monday and Ascension included) and cached, so
a calendar needs no year range and works for any date.

French subdivisions of note: "57" (Moselle) and "6AE" (Alsace) add Good Friday and 26 December
(the Alsace-Moselle local law); "971" .. "976" and the overseas collectivities add their own days
(abolition of slavery ...). `holidays.France.subdivisions` lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays as holidays_lib


@dataclass(frozen=True)
class PublicHolidays:
    """The public holidays of a country (ISO 3166-1 alpha-2) and optional subdivision."""

    country: str = "FR"
    subdiv: str | None = None

    def __post_init__(self) -> None:
        try:
            holidays_lib.country_holidays(self.country, subdiv=self.subdiv, years=())
        except NotImplementedError as exc:
            raise ValueError(
                f"unknown public holidays {self.country}/{self.subdiv}: {exc}"
            ) from exc

    def dates(self, year: int) -> frozenset[date]:
        return _dates(self.country, self.subdiv, year)

    def names(self, year: int, language: str = "fr") -> dict[date, str]:
        """The holidays of `year` with their names, for display (French by default)."""
        entries = holidays_lib.country_holidays(
            self.country, subdiv=self.subdiv, years=year, language=language
        )
        return dict(sorted(entries.items()))


FRANCE = PublicHolidays("FR")
MOSELLE = PublicHolidays("FR", "57")
ALSACE = PublicHolidays("FR", "6AE")


@lru_cache(maxsize=1024)
def _dates(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    return frozenset(holidays_lib.country_holidays(country, subdiv=subdiv, years=year).keys())
