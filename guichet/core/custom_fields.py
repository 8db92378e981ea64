"""Validating typed custom-field values against their definitions (text, number, date, choice)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from guichet.core.errors import ActionError
from guichet.core.models import CustomField

NUMBER_MAX_DIGITS = 15  # beyond, a float would lose digits anyway


def coerce_value(field: CustomField, value: Any) -> Any:
    """The JSON-storable value for `field`, or ActionError naming what is wrong."""
    if value is None or value == "":
        if field.required:
            raise ActionError(
                _("Le champ « %(field)s » est obligatoire.") % {"field": field.key},
                code="required",
                field=field.key,
            )
        return None
    if field.kind == CustomField.Kind.TEXT:
        return str(value)[:2000]
    if field.kind == CustomField.Kind.NUMBER:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ActionError(
                _("Le champ « %(field)s » doit être un nombre.") % {"field": field.key},
                field=field.key,
            ) from None
        if not number.is_finite():
            raise ActionError(
                _("Le champ « %(field)s » doit être un nombre fini.") % {"field": field.key},
                field=field.key,
            )
        if number.adjusted() >= NUMBER_MAX_DIGITS:
            # Also keeps int() below cheap: int(Decimal("1e999999999")) would take forever.
            raise ActionError(
                _("Le champ « %(field)s » est trop grand.") % {"field": field.key},
                field=field.key,
            )
        return int(number) if number == number.to_integral_value() else float(number)
    if field.kind == CustomField.Kind.DATE:
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ActionError(
                _("Le champ « %(field)s » doit être une date (AAAA-MM-JJ).") % {"field": field.key},
                field=field.key,
            ) from None
    if str(value) not in field.choices:
        raise ActionError(
            _("Le champ « %(field)s » doit valoir l'une de ces valeurs : %(choices)s.")
            % {"field": field.key, "choices": ", ".join(field.choices)},
            field=field.key,
        )
    return str(value)


def clean_custom_fields(
    target: str, brand_id: int | None, values: dict[str, Any], current: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Merge `values` into `current` after checking every key and type."""
    if not isinstance(values, dict):
        raise ActionError(
            _("Les champs personnalisés (custom_fields) doivent former un objet."),
            field="custom_fields",
        )
    definitions = {
        f.key: f
        for f in CustomField.objects.filter(target=target)
        if f.brand_id is None or f.brand_id == brand_id
    }
    result = dict(current or {})
    for key, value in values.items():
        if key not in definitions:
            raise ActionError(
                _("Champ personnalisé inconnu : « %(field)s ».") % {"field": key},
                code="unknown_field",
                field=key,
            )
        cleaned = coerce_value(definitions[key], value)
        if cleaned is None:
            result.pop(key, None)
        else:
            result[key] = cleaned
    return result
