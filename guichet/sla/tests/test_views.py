"""The workspace shows the SLA: a countdown on each ticket and queue row, an "at risk" queue,
the settings pages for admins (with validation errors), and the read-only API."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from guichet.api.token_actions import do_create_api_token
from guichet.core.tests import factories
from guichet.sla.models import BusinessCalendar, SlaPolicy
from guichet.sla.tests.support import paris, policy, ticket_at
from guichet.tickets.message_actions import do_reply

pytestmark = pytest.mark.django_db

MONDAY_10 = paris(2025, 3, 3, 10, 0)


@pytest.fixture
def admin():
    return factories.agent("admin")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_ticket_page_shows_the_countdown(brand, agent):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)

    with time_machine.travel(paris(2025, 3, 3, 14, 40), tick=False):
        html = client_for(agent).get(reverse("workspace:ticket", args=[ticket.pk])).content.decode()

    assert "1re réponse : 1 h 20 restantes" in html
    assert 'data-sla="ok"' in html


def test_clocks_partial_refreshes_and_shows_a_breach(brand, agent):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)

    with time_machine.travel(paris(2025, 3, 3, 16, 15), tick=False):
        response = client_for(agent).get(reverse("sla:ticket_clocks", args=[ticket.pk]))

    assert "1re réponse : dépassée de 15 min" in response.content.decode()


def test_clocks_of_another_brand_are_404_for_a_restricted_agent(brand):
    other = factories.brand()
    restricted = factories.agent("agent", brands=[other])
    ticket = ticket_at(MONDAY_10, brand)

    response = client_for(restricted).get(reverse("sla:ticket_clocks", args=[ticket.pk]))

    assert response.status_code == 404


def test_queue_rows_show_the_most_urgent_clock(brand, agent):
    policy(brand)
    ticket_at(MONDAY_10, brand)

    with time_machine.travel(paris(2025, 3, 3, 15, 30), tick=False):
        html = client_for(agent).get(reverse("workspace:queue"), {"queue": "all"}).content.decode()

    assert "1re réponse : 30 min restantes" in html
    assert 'data-sla="at_risk"' in html


def test_at_risk_queue_is_sorted_by_time_left(brand, agent):
    policy(brand)
    later = ticket_at(paris(2025, 3, 3, 10, 30), brand, subject="Plus tard")
    sooner = ticket_at(MONDAY_10, brand, subject="Plus tôt")
    calm = ticket_at(paris(2025, 3, 3, 14, 0), brand, subject="Tranquille")

    with time_machine.travel(paris(2025, 3, 3, 16, 10), tick=False):
        html = client_for(agent).get(reverse("sla:at_risk")).content.decode()

    assert html.index(sooner.reference) < html.index(later.reference)
    assert calm.reference not in html
    assert "dépassée de 10 min" in html


def test_at_risk_queue_all_lists_every_running_clock_and_drops_met_ones(brand, agent):
    policy(brand)
    answered = ticket_at(MONDAY_10, brand)
    do_reply(agent, answered, body="ok", at=paris(2025, 3, 3, 10, 5))
    calm = ticket_at(paris(2025, 3, 3, 14, 0), brand)

    with time_machine.travel(paris(2025, 3, 3, 14, 5), tick=False):
        html = client_for(agent).get(reverse("sla:at_risk"), {"all": "1"}).content.decode()

    assert calm.reference in html
    assert "Résolution" in html  # the answered ticket still has its resolution clock


def test_customers_cannot_open_the_at_risk_queue(brand):
    customer = factories.customer(brand)

    assert client_for(customer).get(reverse("sla:at_risk")).status_code == 403


def test_nav_links_to_the_at_risk_queue_and_admins_see_the_settings(brand, agent, admin):
    agent_html = client_for(agent).get(reverse("workspace:queue")).content.decode()
    admin_html = client_for(admin).get(reverse("workspace:queue")).content.decode()

    assert reverse("sla:at_risk") in agent_html and reverse("sla:settings") not in agent_html
    assert reverse("sla:settings") in admin_html


def test_settings_are_for_admins(agent, admin):
    assert client_for(agent).get(reverse("sla:settings")).status_code == 403
    assert client_for(admin).get(reverse("sla:settings")).status_code == 200


def test_calendar_form_shows_what_is_wrong_with_the_hours(admin):
    response = client_for(admin).post(reverse("sla:calendar_new"), {
        "name": "Bureau", "timezone": "Europe/Paris", "public_holidays": "FR",
        "weekly_hours": '{"mon-fri": "09:00-12:00, 11:00-18:00"}',
    })  # fmt: skip

    assert response.status_code == 400
    assert "overlap" in response.content.decode()
    assert not BusinessCalendar.objects.exists()


def test_calendar_form_saves_and_imports_ical_closures(admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ics = (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20251226\r\n"
           b"SUMMARY:Pont\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")  # fmt: skip
    response = client_for(admin).post(reverse("sla:calendar_new"), {
        "name": "Bureau", "timezone": "Europe/Paris", "public_holidays": "FR",
        "weekly_hours": '{"mon-fri": "09:00-18:00"}', "holidays": "2025-08-14",
        "ics": SimpleUploadedFile("fermetures.ics", ics, "text/calendar"),
    })  # fmt: skip

    assert response.status_code == 302
    calendar = BusinessCalendar.objects.get()
    assert calendar.holidays == ["2025-08-14"] and calendar.ics_closed_days == ["2025-12-26"]


def test_policy_form_saves_targets_and_reports_bad_conditions(brand, admin):
    calendar = BusinessCalendar.objects.create(name="C", weekly_hours={"mon-fri": "09:00-18:00"})
    data = {"name": "Entreprise", "brand": brand.pk, "calendar": calendar.pk, "position": 1,
            "active": "on", "warning_percent": 75, "conditions": '{"segment": ["gold"]}',
            "target__first_reply__urgent": 60}  # fmt: skip
    bad = client_for(admin).post(reverse("sla:policy_new"), data)
    assert bad.status_code == 400 and "gold" in bad.content.decode()

    data["conditions"] = '{"segment": ["enterprise"]}'
    good = client_for(admin).post(reverse("sla:policy_new"), data)

    assert good.status_code == 302
    saved = SlaPolicy.objects.get()
    assert [(t.metric, t.priority, t.minutes) for t in saved.targets.all()] == [
        ("first_reply", "urgent", 60)
    ]


def test_rota_form_names_unknown_members(admin):
    response = client_for(admin).post(reverse("sla:rota_new"), {
        "name": "Astreinte", "timezone": "Europe/Paris", "starts_at": "2025-03-03 09:00",
        "shift_hours": 168, "members": "personne",
    })  # fmt: skip

    assert response.status_code == 400 and "personne" in response.content.decode()


# --- API -------------------------------------------------------------------------------------


def api_client(user):
    _token, raw = do_create_api_token(None, owner=user, name="t", scopes=["read"])
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def test_api_gives_a_tickets_clocks(brand, agent):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)

    with time_machine.travel(paris(2025, 3, 3, 15, 0), tick=False):
        body = api_client(agent).get(f"/api/v1/sla/tickets/{ticket.pk}").json()

    assert body["policy"]["name"] == "Standard"
    first = next(c for c in body["clocks"] if c["metric"] == "first_reply")
    assert first["state"] == "at_risk" and first["seconds_left"] == 3600
    assert first["due_at"] == "2025-03-03T16:00:00+01:00"


def test_api_at_risk_list_and_escalation_rates(brand, agent):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)
    client = api_client(agent)

    with time_machine.travel(paris(2025, 3, 3, 16, 30), tick=False):
        at_risk = client.get("/api/v1/sla/at-risk").json()
        rates = client.get("/api/v1/sla/escalation-rates", {"brand": brand.pk}).json()

    assert [row["ticket"]["reference"] for row in at_risk["results"]] == [ticket.reference]
    assert at_risk["results"][0]["clock"]["state"] == "breached"
    assert rates["n1_n2"] == {"reached": 1, "escalated": 0, "rate": 0.0}


def test_api_refuses_customers_and_hides_other_brands(brand):
    ticket = ticket_at(MONDAY_10, brand)
    customer = factories.customer(brand)
    restricted = factories.agent("agent", brands=[factories.brand()])

    assert api_client(customer).get(f"/api/v1/sla/tickets/{ticket.pk}").status_code == 403
    assert api_client(restricted).get(f"/api/v1/sla/tickets/{ticket.pk}").status_code == 404
    assert (
        api_client(restricted).get("/api/v1/sla/escalation-rates", {"brand": brand.pk}).status_code
        == 403
    )


def test_api_bad_query_is_a_400_in_the_api_error_format(agent):
    response = api_client(agent).get("/api/v1/sla/escalation-rates", {"since": "yesterday"})

    assert response.status_code == 400
    assert "since" in response.json()["error"]["fields"]


def test_ticket_page_renders_the_sla_events_in_its_timeline(brand, agent):
    from guichet.jobs.tests.support import drain
    from guichet.sla.sweep import sweep

    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)
    sweep(now=paris(2025, 3, 3, 16, 0))
    drain()

    response = client_for(agent).get(reverse("workspace:ticket", args=[ticket.pk]))

    assert response.status_code == 200
    assert "SLA 1re réponse dépassé" in response.content.decode()


def test_admin_adds_an_on_call_override_and_sees_who_is_on_call(admin):
    from guichet.sla.models import OnCallMember, OnCallOverride, OnCallRota

    # Given a weekly rota whose only member is Alice
    alice = factories.agent("agent", username="alice")
    factories.agent("agent", username="bruno")
    rota = OnCallRota.objects.create(name="Incidents", starts_at=paris(2025, 3, 3, 9, 0))
    OnCallMember.objects.create(rota=rota, user=alice)
    client = client_for(admin)

    # When an admin puts Bruno on call for Friday night
    response = client.post(reverse("sla:override_new", args=[rota.pk]), {
        "user": "bruno", "starts_at": "2025-03-07 18:00", "ends_at": "2025-03-08 09:00",
    })  # fmt: skip
    refused = client.post(reverse("sla:override_new", args=[rota.pk]), {
        "user": "bruno", "starts_at": "2025-03-08 09:00", "ends_at": "2025-03-07 18:00",
    })  # fmt: skip

    # Then the override is saved (the wrong order refused, saying why) and the rota page shows it
    assert response.status_code == 302
    override = OnCallOverride.objects.get()
    assert override.user.username == "bruno" and override.starts_at == paris(2025, 3, 7, 18, 0)
    assert refused.status_code == 400 and "La fin doit suivre le début" in refused.content.decode()
    with time_machine.travel(paris(2025, 3, 7, 20, 0), tick=False):
        page = client.get(reverse("sla:rota_edit", args=[rota.pk])).content.decode()
    assert "astreinte maintenant" in page and "bruno" in page
