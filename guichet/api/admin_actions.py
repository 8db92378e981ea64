"""Writes on reference data: brands, categories, teams, agents and custom fields.

Each do_* checks the role permission (guichet.core.access), validates with the model's own
rules (full_clean) and records an audit event. They live here until an admin UI needs them
too; they would then move to their domain apps unchanged.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from guichet.audit.actions import diff, record_event
from guichet.brands.models import Brand, Category
from guichet.core import access
from guichet.core.errors import ActionError, NotAllowed
from guichet.core.models import CustomField
from guichet.people.models import Agent, Team
from guichet.routing.admin_actions import wake_agent
from guichet.routing.skills import check_capacity, check_skills

BRAND_FIELDS = {"name", "slug", "host", "ticket_prefix", "languages", "default_language",
                "timezone", "legal_name", "support_email"}  # fmt: skip
CATEGORY_FIELDS = {"name", "slug", "description", "parent", "default_team", "default_tier"}
TEAM_FIELDS = {"name", "slug", "brand", "tier", "email"}
AGENT_FIELDS = {"role", "tier", "skills", "languages", "capacity", "availability"}
AGENT_RELATIONS = {"teams", "brands"}
CUSTOM_FIELD_FIELDS = {"label", "choices", "required", "visible_to_customers"}


def check_known(values: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise ActionError(
            _("Champ inconnu : « %(field)s ».") % {"field": unknown[0]}, field=unknown[0]
        )


def check_strings(value: Any, field: str) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ActionError(
            _("« %(field)s » doit être une liste de textes.") % {"field": field}, field=field
        )
    return [v.strip() for v in value if v.strip()]


def clean_and_save(obj: models.Model, exclude: Iterable[str] = ()) -> None:
    """The model's own validation (choices, lengths, uniqueness) as an ActionError."""
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as error:
        field, errors = next(iter(error.error_dict.items()))
        codes = {e.code for e in errors}
        code = "duplicate" if codes & {"unique", "unique_together"} else "invalid"
        message = " ".join(m for e in errors for m in e.messages)
        raise ActionError(message, code=code, field=None if field == "__all__" else field) from None
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ActionError(
            _("Cela entre en conflit avec un enregistrement existant."), code="duplicate"
        ) from None


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {field: getattr(obj, field) for field in fields}


def set_values(obj: models.Model, values: dict[str, Any]) -> None:
    for key, value in values.items():
        setattr(obj, key, value)


# --- Brands and categories ---------------------------------------------------


def check_brand_values(values: dict[str, Any]) -> dict[str, Any]:
    check_known(values, BRAND_FIELDS)
    cleaned = dict(values)
    if "languages" in cleaned:
        cleaned["languages"] = check_strings(cleaned["languages"], "languages")
    if "ticket_prefix" in cleaned:
        prefix = str(cleaned["ticket_prefix"]).strip().upper()
        if not prefix.isalnum() or not prefix.isascii():
            raise ActionError(
                _("Le préfixe des tickets ne contient que des lettres et des chiffres."),
                field="ticket_prefix",
            )
        cleaned["ticket_prefix"] = prefix
    if "timezone" in cleaned and cleaned["timezone"] not in zoneinfo.available_timezones():
        raise ActionError(_("Fuseau horaire inconnu."), field="timezone")
    return cleaned


@transaction.atomic
def do_create_brand(actor: Any, **values: Any) -> Brand:
    access.require(actor, "brand.manage")
    brand = Brand()
    set_values(brand, check_brand_values(values))
    clean_and_save(brand)
    record_event(actor, "brand_created", brand)
    return brand


@transaction.atomic
def do_update_brand(actor: Any, brand: Brand, **values: Any) -> Brand:
    access.require(actor, "brand.manage")
    cleaned = check_brand_values(values)
    before = snapshot(brand, cleaned)
    set_values(brand, cleaned)
    clean_and_save(brand)
    changes = diff(before, snapshot(brand, cleaned))
    if changes:
        record_event(actor, "brand_updated", brand, changes=changes)
    return brand


def check_category_values(brand: Brand, category: Category, values: dict[str, Any]) -> None:
    check_known(values, CATEGORY_FIELDS)
    parent = values.get("parent")
    if parent is not None:
        if parent.brand_id != brand.pk:
            raise ActionError(
                _("La catégorie parente appartient à une autre marque."), field="parent"
            )
        node: Category | None = parent
        while node is not None:
            if category.pk is not None and node.pk == category.pk:
                raise ActionError(
                    _("Une catégorie ne peut pas figurer parmi ses propres ancêtres."),
                    field="parent",
                )
            node = node.parent
    tier = values.get("default_tier")
    if tier is not None and not 0 <= int(tier) <= 4:
        raise ActionError(
            _("Le niveau par défaut (default_tier) doit être compris entre 0 et 4."),
            field="default_tier",
        )


@transaction.atomic
def do_create_category(actor: Any, *, brand: Brand, **values: Any) -> Category:
    access.require(actor, "brand.manage")
    category = Category(brand=brand)
    check_category_values(brand, category, values)
    set_values(category, values)
    clean_and_save(category)
    record_event(actor, "category_created", category)
    return category


@transaction.atomic
def do_update_category(actor: Any, category: Category, **values: Any) -> Category:
    access.require(actor, "brand.manage")
    check_category_values(category.brand, category, values)
    before = snapshot(category, values)
    set_values(category, values)
    clean_and_save(category)
    changes = diff(before, snapshot(category, values))
    if changes:
        record_event(actor, "category_updated", category, changes=changes)
    return category


# --- Teams and agents --------------------------------------------------------


@transaction.atomic
def do_create_team(actor: Any, **values: Any) -> Team:
    access.require(actor, "team.manage")
    check_known(values, TEAM_FIELDS)
    team = Team()
    set_values(team, values)
    clean_and_save(team)
    record_event(actor, "team_created", team)
    return team


@transaction.atomic
def do_update_team(actor: Any, team: Team, **values: Any) -> Team:
    access.require(actor, "team.manage")
    check_known(values, TEAM_FIELDS)
    before = snapshot(team, values)
    set_values(team, values)
    clean_and_save(team)
    changes = diff(before, snapshot(team, values))
    if changes:
        record_event(actor, "team_updated", team, changes=changes)
    return team


def check_agent_values(actor: Any, agent: Agent, values: dict[str, Any]) -> dict[str, Any]:
    """`skills` are category slugs of the agent's brands and `capacity` their open-ticket
    limit: the fields routing reads (guichet/routing/skills.py validates both)."""
    check_known(values, AGENT_FIELDS | AGENT_RELATIONS)
    cleaned = dict(values)
    if "languages" in cleaned:
        cleaned["languages"] = check_strings(cleaned["languages"], "languages")
    if "skills" in cleaned:
        cleaned["skills"] = check_skills(cleaned["skills"], _brand_ids_after(agent, cleaned))
    if "capacity" in cleaned:
        cleaned["capacity"] = check_capacity(cleaned["capacity"])
    if agent.pk and agent.user_id == actor.pk and cleaned.get("role", agent.role) != agent.role:
        raise NotAllowed(_("Vous ne pouvez pas changer votre propre rôle."))
    return cleaned


def _brand_ids_after(agent: Agent, values: dict[str, Any]) -> list[int] | None:
    """The brands the agent will work for once saved (None: every brand)."""
    if "brands" in values:
        return [brand.pk for brand in values["brands"]] or None
    return access.agent_brand_ids(agent) if agent.pk else None


def apply_agent_values(agent: Agent, values: dict[str, Any]) -> None:
    set_values(agent, {k: v for k, v in values.items() if k in AGENT_FIELDS})
    clean_and_save(agent, exclude=["user"])
    for relation in AGENT_RELATIONS & set(values):
        getattr(agent, relation).set(values[relation])


@transaction.atomic
def do_create_agent(
    actor: Any, *, username: str, email: str = "", first_name: str = "", last_name: str = "",
    **values: Any,
) -> Agent:  # fmt: skip
    """A staff account without a password: the person sets one through a reset link."""
    access.require(actor, "agent.manage")
    users = get_user_model()
    account = users(username=username, email=email, first_name=first_name, last_name=last_name)
    account.set_unusable_password()
    clean_and_save(account, exclude=["password"])
    agent = Agent(user=account)
    apply_agent_values(agent, check_agent_values(actor, agent, values))
    record_event(actor, "agent_created", agent, data={"role": agent.role})
    wake_agent(agent)
    return agent


@transaction.atomic
def do_update_agent(actor: Any, agent: Agent, **values: Any) -> Agent:
    access.require(actor, "agent.manage")
    cleaned = check_agent_values(actor, agent, values)
    before = snapshot(agent, set(cleaned) & AGENT_FIELDS)
    apply_agent_values(agent, cleaned)
    changes = diff(before, snapshot(agent, before))
    if changes or AGENT_RELATIONS & set(cleaned):
        record_event(actor, "agent_updated", agent, changes=changes)
        wake_agent(agent)  # more capacity, new skills or teams, back online: serve the queues
    return agent


# --- Custom fields -------------------------------------------------------------


def check_choices(kind: str, choices: Any) -> list[str]:
    cleaned = check_strings(choices or [], "choices")
    if kind == CustomField.Kind.CHOICE and not cleaned:
        raise ActionError(_("Un champ à choix doit proposer des choix."), field="choices")
    return cleaned


@transaction.atomic
def do_create_custom_field(
    actor: Any, *, target: str, key: str, kind: str, label: str = "", **values: Any
) -> CustomField:
    access.require(actor, "custom_field.manage")
    check_known(values, CUSTOM_FIELD_FIELDS | {"brand"})
    values["choices"] = check_choices(kind, values.get("choices"))
    field = CustomField(target=target, key=key, kind=kind, label=label or key)
    set_values(field, values)
    clean_and_save(field)
    record_event(actor, "custom_field_created", field)
    return field


@transaction.atomic
def do_update_custom_field(actor: Any, field: CustomField, **values: Any) -> CustomField:
    """Label, choices and visibility change; key, target and kind never do (stored values)."""
    access.require(actor, "custom_field.manage")
    check_known(values, CUSTOM_FIELD_FIELDS)
    if "choices" in values:
        values["choices"] = check_choices(field.kind, values["choices"])
    before = snapshot(field, values)
    set_values(field, values)
    clean_and_save(field)
    changes = diff(before, snapshot(field, values))
    if changes:
        record_event(actor, "custom_field_updated", field, changes=changes)
    return field
