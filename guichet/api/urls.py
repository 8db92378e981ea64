"""/api/v1/: the REST API, its OpenAPI document and its browsable docs. See docs/api.md."""

from __future__ import annotations

from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from guichet.api import errors
from guichet.api.views import admin, attachments, people, tickets, tokens

app_name = "api"

router = SimpleRouter(trailing_slash=False, use_regex_path=False)
router.register("tickets", tickets.TicketViewSet, basename="ticket")
router.register("attachments", attachments.AttachmentViewSet, basename="attachment")
router.register("contacts", people.ContactViewSet, basename="contact")
router.register("organisations", people.OrganisationViewSet, basename="organisation")
router.register("brands", admin.BrandViewSet, basename="brand")
router.register("categories", admin.CategoryViewSet, basename="category")
router.register("teams", admin.TeamViewSet, basename="team")
router.register("agents", admin.AgentViewSet, basename="agent")
router.register("custom-fields", admin.CustomFieldViewSet, basename="custom-field")
router.register("macros", admin.MacroViewSet, basename="macro")
router.register("tokens", tokens.ApiTokenViewSet, basename="token")

public = {"authentication_classes": [], "permission_classes": [AllowAny]}

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(**public), name="openapi"),
    path("docs", SpectacularSwaggerView.as_view(url_name="api:openapi", **public), name="docs"),
    path(
        "redoc",
        SpectacularRedocView.as_view(
            url_name="api:openapi", template_name="api/redoc.html", **public
        ),
        name="redoc",
    ),
    path("", include(router.urls)),
    re_path(r"^.*$", errors.not_found),
]
