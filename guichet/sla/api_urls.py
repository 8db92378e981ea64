"""/api/v1/sla/ (mounted before guichet.api's catch-all; docs/sla.md)."""

from django.urls import path

from guichet.sla import api

app_name = "sla_api"

urlpatterns = [
    path("tickets/<int:ticket_id>", api.TicketSlaView.as_view(), name="ticket"),
    path("at-risk", api.AtRiskView.as_view(), name="at_risk"),
    path("escalation-rates", api.EscalationRatesView.as_view(), name="escalation_rates"),
]
