"""Resolving the brand of a portal page and checking the visitor is its customer."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from guichet.brands.models import Brand
from guichet.core import access


def brand_for_slug(slug: str) -> Brand:
    return get_object_or_404(Brand, slug=slug)


def brand_for_host(request: HttpRequest) -> Brand:
    """The brand whose help-centre host name is the one the visitor typed."""
    host = request.get_host().lower()
    brand = (
        Brand.objects.exclude(host="")
        .filter(Q(host__iexact=host) | Q(host__iexact=host.rsplit(":", 1)[0]))
        .first()
    )
    if brand is None:
        raise Http404("No help centre on this host.")
    return brand


def customer_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Calls view(request, brand, contact, **kwargs) for a signed-in customer of the brand."""

    @wraps(view)
    def wrapper(request: HttpRequest, brand_slug: str, **kwargs: Any) -> HttpResponse:
        brand = brand_for_slug(brand_slug)
        if not request.user.is_authenticated:
            login_url = reverse("portal:login", args=[brand.slug])
            return redirect_to_login(request.get_full_path(), login_url)
        contact = access.contact_of(request.user)
        if contact is None or contact.brand_id != brand.pk:
            return render(request, "portal/wrong_account.html", {"brand": brand}, status=403)
        return view(request, brand, contact, **kwargs)

    return wrapper
