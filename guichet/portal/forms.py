"""Portal forms: they parse and bound input; the ticket actions decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from guichet.brands.models import Brand, Category
from guichet.core.errors import ActionError

MAX_FILES = 10


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one <input type=file multiple>; cleans to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [super(MultipleFileField, self).clean(item, initial) for item in items]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                gettext("Au plus %(count)d fichiers.") % {"count": MAX_FILES}
            )
        limit = settings.ATTACHMENT_MAX_BYTES
        for upload in files:
            if upload.size is not None and upload.size > limit:
                raise forms.ValidationError(
                    gettext("%(name)s dépasse la taille maximale (%(max)s).")
                    % {"name": upload.name, "max": filesizeformat(limit)}
                )
        return files


def read_files(files: list[UploadedFile]) -> list[tuple[str, bytes]]:
    return [(upload.name or "attachment", upload.read()) for upload in files]


def attachments_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Pièces jointes"),
        required=False,
        help_text=format_lazy(_("Facultatif. Jusqu'à {count} fichiers."), count=MAX_FILES),
    )


class TicketForm(forms.Form):
    subject = forms.CharField(label=_("Sujet"), max_length=250)
    category = forms.ModelChoiceField(
        label=_("Catégorie"), queryset=Category.objects.none(), required=False,
        empty_label=_("Je ne sais pas"),
    )  # fmt: skip
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 8}), max_length=100_000
    )
    attachments = attachments_field()

    def __init__(self, brand: Brand, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = Category.objects.filter(brand=brand).order_by("name")
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        if not categories.exists():
            del self.fields["category"]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Votre réponse"), widget=forms.Textarea(attrs={"rows": 5}), max_length=100_000
    )
    attachments = attachments_field()


class PortalLoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class MagicLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


ERROR_MESSAGES = {
    "too_large": _("Un fichier dépasse la taille maximale autorisée."),
    "empty": _("Un fichier est vide."),
    "closed": _("Cette demande est fermée ; ouvrez une nouvelle demande."),
    "too_long": _("Le message est trop long."),
}


def customer_error(error: ActionError) -> ActionError:
    """The action's error in the customer's language when we know its code."""
    message = ERROR_MESSAGES.get(error.code)
    if message is None:
        return error
    return ActionError(str(message), code=error.code, field=error.field)
