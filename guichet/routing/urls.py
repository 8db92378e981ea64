"""/agent/routing/: routing settings and the supervisor page (docs/routing.md)."""

from django.urls import path

from guichet.routing import views

app_name = "routing"

urlpatterns = [
    path("", views.home, name="home"),
    path("rules/new/", views.rule_edit, name="rule_new"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("teams/<int:pk>/", views.team_edit, name="team_edit"),
    path("agents/<int:pk>/", views.agent_edit, name="agent_edit"),
    path("agents/<int:pk>/rebalance/", views.agent_rebalance, name="agent_rebalance"),
    path("thresholds/", views.threshold_set, name="threshold_set"),
    path("availability/", views.set_availability, name="availability"),
    path("tickets/<int:pk>/", views.ticket_card, name="ticket_card"),
]
