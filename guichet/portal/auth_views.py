"""Portal sign-in: password or magic link, sign-out and the customer's account page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.accounts.actions import NONE, do_set_password
from guichet.accounts.customers import check_customer_password
from guichet.accounts.forms import NewPasswordForm, add_action_error
from guichet.accounts.login_flow import MODEL_BACKEND, finish_login, safe_next
from guichet.accounts.magic import check_magic_link, do_request_magic_link, do_use_magic_link
from guichet.brands.models import Brand
from guichet.core import access
from guichet.core.errors import ActionError
from guichet.people.models import Contact
from guichet.portal.forms import MagicLinkForm, PortalLoginForm
from guichet.portal.guards import brand_for_slug, customer_view


def _is_customer_of(request: HttpRequest, brand: Brand) -> bool:
    contact = access.contact_of(request.user)
    return contact is not None and contact.brand_id == brand.pk


@require_http_methods(["GET", "POST"])
def login(request: HttpRequest, brand_slug: str) -> HttpResponse:
    brand = brand_for_slug(brand_slug)
    home = reverse("portal:tickets", args=[brand.slug])
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"), home)
    if _is_customer_of(request, brand):
        return redirect(next_url)
    form = PortalLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = check_customer_password(request, brand, data["email"], data["password"])
        except ActionError as error:
            add_action_error(form, error)
        else:
            finish_login(request, user, method=NONE, backend=user.backend)
            return redirect(next_url)
    context = {"brand": brand, "form": form, "next": next_url}
    return render(request, "portal/login.html", context)


@require_http_methods(["GET", "POST"])
def magic_request(request: HttpRequest, brand_slug: str) -> HttpResponse:
    brand = brand_for_slug(brand_slug)
    form = MagicLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        placeholder = "TOKEN"
        path = reverse("portal:magic-login", args=[brand.slug, placeholder])
        template = request.build_absolute_uri(path).replace(placeholder, "{token}")
        do_request_magic_link(brand, form.cleaned_data["email"], url_template=template)
        # Same answer whether or not the address is known.
        return redirect("portal:magic-sent", brand.slug)
    return render(request, "portal/magic_request.html", {"brand": brand, "form": form})


def magic_sent(request: HttpRequest, brand_slug: str) -> HttpResponse:
    return render(request, "portal/magic_sent.html", {"brand": brand_for_slug(brand_slug)})


@require_http_methods(["GET", "POST"])
def magic_login(request: HttpRequest, brand_slug: str, token: str) -> HttpResponse:
    """GET only asks for a click: mail scanners that open links must not use them up."""
    brand = brand_for_slug(brand_slug)
    if request.method == "POST":
        user = do_use_magic_link(token, brand)
        if user is not None:
            finish_login(request, user, method=NONE, backend=MODEL_BACKEND)
            return redirect("portal:tickets", brand.slug)
    elif check_magic_link(token, brand) is not None:
        return render(request, "portal/magic_confirm.html", {"brand": brand})
    return render(request, "portal/magic_invalid.html", {"brand": brand}, status=400)


@require_POST
def logout(request: HttpRequest, brand_slug: str) -> HttpResponse:
    brand = brand_for_slug(brand_slug)
    auth_logout(request)
    return redirect("portal:login", brand.slug)


@customer_view
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest, brand: Brand, contact: Contact) -> HttpResponse:
    user: Any = request.user
    form = NewPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_set_password(user, form.cleaned_data["password"])
        except ActionError as error:
            add_action_error(form, error)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Mot de passe enregistré."))
            return redirect("portal:account", brand.slug)
    context = {"brand": brand, "contact": contact, "form": form, "nav": "account",
               "has_password": user.has_usable_password()}  # fmt: skip
    return render(request, "portal/account.html", context)
