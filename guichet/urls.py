from django.contrib import admin
from django.urls import include, path

from guichet.accounts import views as accounts_views
from guichet.core import views as core_views
from guichet.knowledge.views import endpoints as kb_endpoints
from guichet.tickets import downloads

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", kb_endpoints.robots_txt, name="robots"),
    path("accounts/", include("guichet.accounts.urls")),
    path("portal/", include("guichet.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/login/", accounts_views.admin_login_view),  # no bypass of 2FA
    path("django-admin/", admin.site.urls),
    path("api/v1/sla/", include("guichet.sla.api_urls")),
    path("api/v1/", include("guichet.api.urls")),
    path(
        "attachments/<int:pk>/download", downloads.download_attachment, name="attachment_download"
    ),
    path("agent/kb/", include("guichet.knowledge.urls_agent")),
    path("agent/sla/", include("guichet.sla.urls")),
    path("agent/automations/", include("guichet.automations.urls")),
    path("agent/routing/", include("guichet.routing.urls")),
    path("agent/triage/", include("guichet.triage.urls")),
    path("agent/", include("guichet.workspace.urls")),
    path("help/", include("guichet.knowledge.urls_help")),
    path("email/", include("guichet.channels.email.urls")),
]
