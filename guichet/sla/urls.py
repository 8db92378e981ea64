"""/agent/sla/: the at-risk queue, ticket clocks, SLA settings (docs/sla.md)."""

from django.urls import path

from guichet.sla import settings_views, views

app_name = "sla"

urlpatterns = [
    path("", views.at_risk, name="at_risk"),
    path("escalations/", views.escalation_report, name="escalation_report"),
    path("tickets/<int:pk>/clocks/", views.ticket_clocks, name="ticket_clocks"),
    path("settings/", settings_views.settings_home, name="settings"),
    path("settings/calendars/new/", settings_views.calendar_edit, name="calendar_new"),
    path("settings/calendars/<int:pk>/", settings_views.calendar_edit, name="calendar_edit"),
    path("settings/policies/new/", settings_views.policy_edit, name="policy_new"),
    path("settings/policies/<int:pk>/", settings_views.policy_edit, name="policy_edit"),
    path("settings/rules/new/", settings_views.rule_edit, name="rule_new"),
    path("settings/rules/<int:pk>/", settings_views.rule_edit, name="rule_edit"),
    path("settings/rotas/new/", settings_views.rota_edit, name="rota_new"),
    path("settings/rotas/<int:pk>/", settings_views.rota_edit, name="rota_edit"),
    path(
        "settings/rotas/<int:pk>/overrides/new/",
        settings_views.override_new,
        name="override_new",
    ),
]
