"""Every write to organisations, contacts, agents and teams."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.audit.actions import diff, record_event, record_events_about_no_ticket
from guichet.brands.models import Brand
from guichet.core import access
from guichet.core.custom_fields import clean_custom_fields
from guichet.core.errors import ActionError, NotAllowed
from guichet.people.identities import normalise
from guichet.people.models import Contact, ContactIdentity, Organisation, Segment
from guichet.search.index import (
    reindex_contact_on_commit,
    reindex_organisation_on_commit,
)

ORG_FIELDS = {
    "name",
    "segment",
    "plan",
    "arr",
    "csm_owner",
    "language",
    "timezone",
    "domains",
    "custom_fields",
}
CONTACT_FIELDS = {
    "name",
    "preferred_language",
    "organisation",
    "is_org_admin",
    "vip",
    "custom_fields",
}


def _check_org_values(org: Organisation, values: dict[str, Any]) -> None:
    unknown = set(values) - ORG_FIELDS
    if unknown:
        raise ActionError(_("Champ inconnu : « %(field)s ».") % {"field": sorted(unknown)[0]})
    if "name" in values:
        org.name = str(values["name"]).strip()[:200]
        if not org.name:
            raise ActionError(_("Le nom est obligatoire."), field="name")
    if "segment" in values:
        if values["segment"] not in Segment.values:
            raise ActionError(
                _("Le segment doit être l'un de : %(choices)s.")
                % {"choices": ", ".join(Segment.values)},
                field="segment",
            )
        org.segment = values["segment"]
    if "arr" in values:
        try:
            org.arr = Decimal(str(values["arr"]))
        except InvalidOperation:
            raise ActionError(
                _("Le revenu annuel (arr) doit être un nombre."), field="arr"
            ) from None
    for key in ("plan", "language", "timezone", "domains"):
        if key in values:
            setattr(org, key, values[key])
    if "csm_owner" in values:
        owner = values["csm_owner"]
        if owner is not None and access.agent_of(owner) is None:
            raise ActionError(_("Le responsable CSM doit être un agent."), field="csm_owner")
        org.csm_owner = owner
    if "custom_fields" in values:
        org.custom_fields = clean_custom_fields(
            "organisation", org.brand_id, values["custom_fields"], org.custom_fields
        )


@transaction.atomic
def do_create_organisation(actor: Any, *, brand: Brand, **values: Any) -> Organisation:
    access.require(actor, "organisation.update")
    access.require_brand(actor, brand.pk)
    org = Organisation(brand=brand)
    _check_org_values(org, {"name": "", **values})
    org.save()
    record_event(actor, "organisation_created", org)
    return org


@transaction.atomic
def do_update_organisation(actor: Any, org: Organisation, **values: Any) -> Organisation:
    access.require(actor, "organisation.update")
    if not access.visible_organisations(actor).filter(pk=org.pk).exists():
        raise NotAllowed(_("Vous n'avez pas accès à cette organisation."))
    before = {k: getattr(org, k) for k in values if k in ORG_FIELDS}
    _check_org_values(org, values)
    org.save()
    changes = diff(before, {k: getattr(org, k) for k in before})
    if changes:
        record_event(actor, "organisation_updated", org, changes=changes)
    if any(change["field"] == "name" for change in changes):
        reindex_organisation_on_commit(org.pk)
    return org


def add_identity(
    contact: Contact, kind: str, value: str, *, verified: bool = False
) -> ContactIdentity:
    normalised = normalise(kind, value)
    existing = ContactIdentity.objects.filter(
        brand=contact.brand, kind=kind, value=normalised
    ).first()
    if existing is not None:
        if existing.contact_id != contact.pk:
            raise ActionError(
                _("%(value)s appartient déjà à un autre contact.") % {"value": normalised},
                code="identity_taken",
                field=kind,
            )
        return existing
    with transaction.atomic():  # a clash rolls back this insert alone
        return _insert_identity(contact, kind, normalised, verified=verified)


def _insert_identity(
    contact: Contact, kind: str, normalised: str, *, verified: bool
) -> ContactIdentity:
    """Insert the identity; ActionError when another contact has it (the unique constraint
    says so). The caller's transaction.atomic rolls the failed insert back."""
    try:
        return ContactIdentity.objects.create(
            contact=contact,
            brand=contact.brand,
            kind=kind,
            value=normalised,
            verified_at=timezone.now() if verified else None,
        )
    except IntegrityError:
        raise ActionError(
            _("%(value)s appartient déjà à un autre contact.") % {"value": normalised},
            code="identity_taken",
            field=kind,
        ) from None


@transaction.atomic
def do_create_contact(
    actor: Any,
    *,
    brand: Brand,
    name: str,
    emails: Sequence[str] = (),
    phones: Sequence[str] = (),
    whatsapp: Sequence[str] = (),
    organisation: Organisation | None = None,
    preferred_language: str = "",
    custom_fields: dict[str, Any] | None = None,
    verified: bool = False,
    user: Any = None,
    is_org_admin: bool = False,
) -> Contact:
    if actor is not None:  # None: the system itself (mail intake, demo loader)
        access.require(actor, "contact.update")
        access.require_brand(actor, brand.pk)
    name = " ".join((name or "").split())[:200]
    if not name:
        raise ActionError(_("Le nom est obligatoire."), field="name")
    if organisation is not None and organisation.brand_id != brand.pk:
        raise ActionError(
            _("Cette organisation appartient à une autre marque."), field="organisation"
        )
    contact = Contact.objects.create(
        brand=brand, name=name, organisation=organisation, user=user, is_org_admin=is_org_admin,
        preferred_language=language_of_new_contact(brand, organisation, preferred_language),
        custom_fields=clean_custom_fields("contact", brand.pk, custom_fields) if custom_fields else {},
    )  # fmt: skip
    # A contact just created owns no identity: one already stored is another contact's, as
    # the unique constraint reports, so nothing is read first. An error leaves through this
    # function's atomic block, which rolls the contact back with it.
    for kind, values in (("email", emails), ("phone", phones), ("whatsapp", whatsapp)):
        for normalised in dict.fromkeys(normalise(kind, value) for value in values):
            _insert_identity(contact, kind, normalised, verified=verified)
    record_event(actor, "contact_created", contact)
    reindex_contact_on_commit(contact.pk, with_tickets=False)
    return contact


def language_of_new_contact(
    brand: Brand, organisation: Organisation | None, preferred: str = ""
) -> str:
    """The one asked for, else the organisation's, else the brand's default."""
    return (preferred or (organisation.language if organisation else brand.default_language))[:8]


@dataclass(frozen=True)
class NewEmailContact:
    """A contact to create from an email address only (mail intake)."""

    name: str
    email: str  # normalised (identities.normalise_email)
    organisation: Organisation | None = None


def create_email_contacts(
    brand: Brand, new: Sequence[NewEmailContact], *, preferred_language: str = ""
) -> list[Contact]:
    """What `do_create_contact(None, ...)` does for each, in three INSERTs (contacts,
    identities, events): for the system only (mail intake creates the people in copy of a
    message together). No savepoint of its own: an address that another contact took at the
    same moment raises IntegrityError, and the caller's transaction (or savepoint) rolls back
    with it; intake then tries the message again and finds that contact."""
    contacts = Contact.objects.bulk_create(
        Contact(
            brand=brand,
            name=" ".join(item.name.split())[:200] or item.email.split("@")[0],
            organisation=item.organisation,
            custom_fields={},
            preferred_language=language_of_new_contact(
                brand, item.organisation, preferred_language
            ),
        )  # fmt: skip
        for item in new
    )
    ContactIdentity.objects.bulk_create(
        ContactIdentity(
            contact=contact, brand=brand, kind=ContactIdentity.Kind.EMAIL, value=item.email
        )
        for contact, item in zip(contacts, new, strict=True)
    )
    record_events_about_no_ticket(None, "contact_created", contacts)
    reindex_contact_on_commit(*(contact.pk for contact in contacts), with_tickets=False)
    return contacts


@transaction.atomic
def do_update_contact(actor: Any, contact: Contact, **values: Any) -> Contact:
    unknown = set(values) - CONTACT_FIELDS
    if unknown:
        raise ActionError(_("Champ inconnu : « %(field)s ».") % {"field": sorted(unknown)[0]})
    _check_contact_writer(actor, contact, values)
    before = {k: getattr(contact, k) for k in values}
    if "name" in values:
        contact.name = " ".join(str(values["name"]).split())[:200]
        if not contact.name:
            raise ActionError(_("Le nom est obligatoire."), field="name")
    if "organisation" in values:
        org = values["organisation"]
        if org is not None and org.brand_id != contact.brand_id:
            raise ActionError(
                _("Cette organisation appartient à une autre marque."), field="organisation"
            )
        contact.organisation = org
    if "preferred_language" in values:
        contact.preferred_language = str(values["preferred_language"])[:8]
    for key in ("is_org_admin", "vip"):
        if key in values:
            setattr(contact, key, values[key])
    if "custom_fields" in values:
        contact.custom_fields = clean_custom_fields(
            "contact", contact.brand_id, values["custom_fields"], contact.custom_fields
        )
    contact.save()
    changes = diff(before, {k: getattr(contact, k) for k in before})
    if changes:
        record_event(actor, "contact_updated", contact, changes=changes)
    if {"name", "organisation"} & {change["field"] for change in changes}:
        reindex_contact_on_commit(contact.pk)
    return contact


def _check_contact_writer(actor: Any, contact: Contact, values: dict[str, Any]) -> None:
    me = access.contact_of(actor)
    if me is not None:
        if me.pk != contact.pk or set(values) - {"name", "preferred_language"}:
            raise NotAllowed(_("Un client ne peut modifier que son propre nom et sa langue."))
        return
    access.require(actor, "contact.update")
    if not access.visible_contacts(actor).filter(pk=contact.pk).exists():
        raise NotAllowed(_("Vous n'avez pas accès à ce contact."))


@transaction.atomic
def do_add_identity(
    actor: Any, contact: Contact, kind: str, value: str, verified: bool = False
) -> ContactIdentity:
    access.require(actor, "contact.update")
    if not access.visible_contacts(actor).filter(pk=contact.pk).exists():
        raise NotAllowed(_("Vous n'avez pas accès à ce contact."))
    identity = add_identity(contact, kind, value, verified=verified)
    record_event(actor, "identity_added", contact, data={"kind": kind, "value": identity.value})
    reindex_contact_on_commit(contact.pk)
    return identity


@transaction.atomic
def do_merge_contacts(actor: Any, source: Contact, target: Contact) -> Contact:
    """Fold `source` into `target`: identities, tickets and messages move; source points at target."""
    from guichet.tickets.models import Message, Ticket, TicketParticipant

    access.require(actor, "contact.merge")
    visible = access.visible_contacts(actor)
    # A set: merging a contact into itself must reach the ActionError below, not this check.
    if visible.filter(pk__in=[source.pk, target.pk]).count() != len({source.pk, target.pk}):
        raise NotAllowed(_("Vous n'avez pas accès à ces contacts."))
    if source.pk == target.pk:
        raise ActionError(_("Un contact ne peut pas être fusionné avec lui-même."), field="target")
    if source.brand_id != target.brand_id:
        raise ActionError(
            _("Impossible de fusionner des contacts de marques différentes."), field="target"
        )
    if source.merged_into_id or target.merged_into_id:
        raise ActionError(_("L'un de ces contacts a déjà été fusionné."), code="merged")
    identities = list(source.identities.values_list("kind", "value"))
    source.identities.update(contact=target)
    tickets = Ticket.objects.filter(requester=source).update(requester=target)
    Message.objects.filter(author_contact=source).update(author_contact=target)
    for participant in TicketParticipant.objects.filter(contact=source):
        if TicketParticipant.objects.filter(ticket=participant.ticket_id, contact=target).exists():
            participant.delete()
        else:
            participant.contact = target
            participant.save(update_fields=["contact"])
    if target.organisation_id is None and source.organisation_id:
        target.organisation_id = source.organisation_id
    if target.user_id is None and source.user_id:
        target.user_id, source.user_id = source.user_id, None
    source.merged_into = target
    source.save()
    target.save()
    record_event(
        actor,
        "contact_merged",
        source,
        changes=[{"field": "merged_into", "old": None, "new": target.pk}],
        data={"into": target.pk, "tickets": tickets, "identities": identities},
    )
    record_event(actor, "contact_merge_received", target, data={"from": source.pk})
    reindex_contact_on_commit(source.pk, target.pk)
    return target
