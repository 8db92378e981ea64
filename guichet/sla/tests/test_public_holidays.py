"""French public holidays from the `holidays` library, computed per year on demand."""

from datetime import date

import pytest

from guichet.sla.public_holidays import ALSACE, FRANCE, MOSELLE, PublicHolidays


def test_france_2025_has_the_eleven_national_holidays():
    days = FRANCE.dates(2025)
    assert len(days) == 11
    assert {date(2025, 7, 14), date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 9)} <= days


@pytest.mark.parametrize(
    ("year", "easter_monday"),
    [
        (2024, date(2024, 4, 1)),
        (2025, date(2025, 4, 21)),
        (2026, date(2026, 4, 6)),
        (2038, date(2038, 4, 26)),
    ],
)
def test_easter_monday_moves_every_year(year, easter_monday):
    assert easter_monday in FRANCE.dates(year)


@pytest.mark.parametrize("region", [ALSACE, MOSELLE])
def test_alsace_moselle_adds_good_friday_and_saint_stephen(region):
    extra = region.dates(2025) - FRANCE.dates(2025)
    assert extra == {date(2025, 4, 18), date(2025, 12, 26)}


def test_names_are_french_by_default():
    assert FRANCE.names(2025)[date(2025, 7, 14)] == "Fête nationale"


def test_unknown_subdivision_is_refused():
    with pytest.raises(ValueError, match="unknown public holidays"):
        PublicHolidays("FR", "99")
