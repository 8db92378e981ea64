"""The three demo brands, modelled on real support teams. See docs/demo.md."""

from __future__ import annotations

from guichet.demo.specs import BrandSpec
from guichet.demo.vocabulary import asclepia, kolibri, telvia

BRANDS: tuple[BrandSpec, ...] = (telvia.SPEC, kolibri.SPEC, asclepia.SPEC)
