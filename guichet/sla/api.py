"""/api/v1/sla/: SLA clocks of a ticket, the at-risk list, escalation rates (read-only).

Uses the project's API authentication, scopes and error format (settings.REST_FRAMEWORK);
agents only. See docs/sla.md ("In the workspace and the API").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from guichet.core import access
from guichet.sla import queries
from guichet.sla.countdown import countdown
from guichet.sla.escalation import escalation_history, escalation_rates
from guichet.sla.models import TicketSla, TicketTarget


class HistoryEntrySerializer(serializers.Serializer):
    """One line of a clock's history; the keys beyond `at` and `what` depend on `what`."""

    at = serializers.DateTimeField()
    what = serializers.CharField(
        help_text="started, paused, resumed, recomputed, policy_edited, warning_fired, "
        "breach_fired, met, breached (completed late), reopened, cancelled"
    )
    due_at = serializers.DateTimeField(required=False, allow_null=True)
    minutes = serializers.IntegerField(required=False, help_text="The target set")
    margin_minutes = serializers.FloatField(required=False, help_text="Negative: late by")
    reason = serializers.CharField(required=False)
    warning_cleared = serializers.DateTimeField(
        required=False, help_text="A warning given before the target moved later"
    )
    breach_cleared = serializers.DateTimeField(
        required=False, help_text="A breach recorded before the target moved later"
    )


class ClockSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    metric = serializers.ChoiceField(choices=["first_reply", "next_reply", "resolution"])
    cycle = serializers.IntegerField()
    state = serializers.ChoiceField(
        choices=["ok", "at_risk", "breached", "paused", "met", "late", "cancelled"]
    )
    target_minutes = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    warn_at = serializers.DateTimeField(allow_null=True)
    warned_at = serializers.DateTimeField(allow_null=True)
    breached_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField(help_text="met, breached, cancelled, or empty while running")
    seconds_left = serializers.IntegerField(allow_null=True, help_text="Negative when overdue")
    elapsed_minutes = serializers.FloatField(allow_null=True)
    margin_minutes = serializers.FloatField(allow_null=True, help_text="Negative: late by")
    pauses = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(allow_null=True)),
        help_text="[[start, end or null while the pause runs], ...]",
    )
    history = HistoryEntrySerializer(many=True)


class PolicyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class EscalationSerializer(serializers.Serializer):
    from_tier = serializers.IntegerField()
    to_tier = serializers.IntegerField()
    reason = serializers.CharField()
    automatic = serializers.BooleanField()
    actor = serializers.CharField(allow_null=True, help_text="Username of who escalated")
    rule = serializers.CharField(allow_null=True, help_text="The escalation rule, if automatic")
    created_at = serializers.DateTimeField()


class TicketSlaSerializer(serializers.Serializer):
    ticket = serializers.IntegerField()
    reference = serializers.CharField()
    policy = PolicyRefSerializer(allow_null=True)
    clocks = ClockSerializer(many=True)
    escalations = EscalationSerializer(many=True)


class TicketRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    subject = serializers.CharField()
    priority = serializers.CharField()
    assignee = serializers.IntegerField(allow_null=True)


class AtRiskSerializer(serializers.Serializer):
    ticket = TicketRefSerializer()
    clock = ClockSerializer()


class AtRiskListSerializer(serializers.Serializer):
    results = AtRiskSerializer(many=True)


class AtRiskQuerySerializer(serializers.Serializer):
    all = serializers.BooleanField(required=False, default=False,
                                   help_text="Every running clock, not only those at risk")  # fmt: skip


class RateSerializer(serializers.Serializer):
    reached = serializers.IntegerField()
    escalated = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class RatesSerializer(serializers.Serializer):
    n1_n2 = RateSerializer()
    n2_n3 = RateSerializer()
    n3_n4 = RateSerializer()


class RatesQuerySerializer(serializers.Serializer):
    brand = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Compare in UTC: PostgreSQL refuses odd offsets such as -21:41."""
        for name in ("since", "until"):
            if attrs.get(name) is not None:
                try:
                    attrs[name] = attrs[name].astimezone(dt.UTC)
                except OverflowError:
                    raise serializers.ValidationError({name: [_("Date hors limites.")]}) from None
        return attrs


def clock_data(target: TicketTarget, now: Any) -> dict[str, Any]:
    shown = countdown(target, now)
    return {
        "id": target.pk, "metric": target.metric, "cycle": target.cycle, "state": shown.state,
        "target_minutes": target.target_minutes, "started_at": target.started_at,
        "due_at": target.due_at, "warn_at": target.warn_at, "warned_at": target.warned_at,
        "breached_at": target.breached_at, "completed_at": target.completed_at,
        "outcome": target.outcome, "seconds_left": shown.seconds_left,
        "elapsed_minutes": target.elapsed_minutes, "margin_minutes": target.margin_minutes,
        "pauses": target.pauses, "history": [_entry(e) for e in target.history],
    }  # fmt: skip


HISTORY_TIMES = ("at", "due_at", "warning_cleared", "breach_cleared")


def _entry(entry: dict[str, Any]) -> dict[str, Any]:
    """Stored ISO strings as datetimes, so that they read like the other times of the API."""
    return {
        key: dt.datetime.fromisoformat(value) if key in HISTORY_TIMES and value else value
        for key, value in entry.items()
    }


def _agents_only(request: Request) -> None:
    if access.agent_of(request.user) is None:
        raise PermissionDenied(_("Les données SLA sont réservées aux agents."))


class TicketSlaView(APIView):
    @extend_schema(summary="SLA clocks and escalations of a ticket", responses=TicketSlaSerializer,
                   operation_id="sla_ticket_retrieve")  # fmt: skip
    def get(self, request: Request, ticket_id: int) -> Response:
        _agents_only(request)
        ticket = get_object_or_404(access.visible_tickets(request.user), pk=ticket_id)
        now = timezone.now()
        state = TicketSla.objects.select_related("policy").filter(ticket=ticket).first()
        policy = state.policy if state else None
        data = {
            "ticket": ticket.pk,
            "reference": ticket.reference,
            "policy": {"id": policy.pk, "name": policy.name} if policy else None,
            "clocks": [clock_data(t, now) for t in TicketTarget.objects.filter(ticket=ticket)],
            "escalations": [
                {"from_tier": r.from_tier, "to_tier": r.to_tier, "reason": r.reason,
                 "automatic": r.automatic, "created_at": r.created_at,
                 "actor": r.actor.get_username() if r.actor else None,
                 "rule": r.rule.name if r.rule else None}
                for r in escalation_history(ticket)
            ],
        }  # fmt: skip
        return Response(TicketSlaSerializer(data).data)


class AtRiskView(APIView):
    @extend_schema(summary="Tickets at risk of breaching, soonest due first",
                   parameters=[AtRiskQuerySerializer], responses=AtRiskListSerializer,
                   operation_id="sla_at_risk_list")  # fmt: skip
    def get(self, request: Request) -> Response:
        _agents_only(request)
        query = AtRiskQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        now = timezone.now()
        rows = queries.at_risk(request.user, now, everything=query.validated_data["all"])
        targets = {
            t.pk: t
            for t in TicketTarget.objects.filter(pk__in=[row.clock.target_id for row in rows])
        }
        results = [
            {"ticket": {"id": row.ticket.pk, "reference": row.ticket.reference,
                        "subject": row.ticket.subject, "priority": row.ticket.priority,
                        "assignee": row.ticket.assignee_id},
             "clock": clock_data(targets[row.clock.target_id], now)}
            for row in rows
        ]  # fmt: skip
        return Response(AtRiskListSerializer({"results": results}).data)


class EscalationRatesView(APIView):
    @extend_schema(summary="Escalation rates N1->N2, N2->N3, N3->N4 (tickets created in a period)",
                   parameters=[RatesQuerySerializer], responses=RatesSerializer,
                   operation_id="sla_escalation_rates")  # fmt: skip
    def get(self, request: Request) -> Response:
        _agents_only(request)
        query = RatesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        brand = query.validated_data.get("brand")
        agent = access.agent_of(request.user)
        brands = access.agent_brand_ids(agent) if agent else None
        if brand is not None and brands is not None and brand not in brands:
            raise PermissionDenied(_("Vous ne travaillez pas pour cette marque."))
        rates = escalation_rates(
            brand, query.validated_data.get("since"), query.validated_data.get("until"),
            brand_ids=brands,
        )  # fmt: skip
        return Response(
            RatesSerializer(
                {"n1_n2": rates["N1->N2"], "n2_n3": rates["N2->N3"], "n3_n4": rates["N3->N4"]}
            ).data
        )
