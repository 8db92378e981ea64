"""The languages of a brand's help centre: its default language first."""

from __future__ import annotations

from guichet.brands.models import Brand

NAMES = {"fr": "Français", "en": "English"}


def brand_languages(brand: Brand) -> tuple[str, ...]:
    languages = [code for code in (brand.languages or []) if isinstance(code, str)]
    return tuple(dict.fromkeys([brand.default_language, *languages]))


def language_choices(brand: Brand) -> list[tuple[str, str]]:
    return [(code, NAMES.get(code, code)) for code in brand_languages(brand)]
