import pytest
from django.urls import reverse

from guichet.core.errors import ActionError, NotAllowed
from guichet.core.tests import factories
from guichet.workspace.actions import do_delete_view, do_save_view
from guichet.workspace.models import SavedView


def test_saving_a_view_keeps_normalised_filters_only(agent):
    view = do_save_view(
        agent,
        name="  Urgences   fibre ",
        filters={"queue": "all", "priority": "urgent", "after": "xyz", "bogus": "1", "cf_offre": "Fibre"},
    )  # fmt: skip
    assert view.name == "Urgences fibre"
    assert view.filters == {"queue": "all", "priority": "urgent", "cf_offre": "Fibre"}


def test_saving_under_an_existing_name_replaces_the_filters(agent):
    do_save_view(agent, name="Urgences", filters={"priority": "urgent"})
    do_save_view(agent, name="Urgences", filters={"priority": "high"})
    assert list(SavedView.objects.values_list("filters", flat=True)) == [{"priority": "high"}]


def test_a_view_needs_a_name(agent):
    with pytest.raises(ActionError):
        do_save_view(agent, name="   ", filters={})


def test_customers_cannot_save_views(brand):
    with pytest.raises(NotAllowed):
        do_save_view(factories.customer(brand), name="x", filters={})


def test_only_the_owner_deletes_a_view(agent):
    view = do_save_view(agent, name="Mine", filters={})
    with pytest.raises(NotAllowed):
        do_delete_view(factories.agent(), view)


def test_save_view_form_then_open_it_from_the_sidebar(agent_client):
    response = agent_client.post(
        reverse("workspace:save_view"), {"name": "N2 urgents", "queue": "n2", "priority": "urgent"}
    )
    view = SavedView.objects.get()
    assert response.url == reverse("workspace:saved_view", args=[view.pk])
    opened = agent_client.get(response.url)
    assert opened.url == reverse("workspace:queue") + f"?queue=n2&priority=urgent&view={view.pk}"
    page = agent_client.get(opened.url)
    assert "N2 urgents" in page.content.decode()
    assert page.context["active_view"] == view.pk


def test_another_agent_cannot_open_or_delete_my_view(agent, client_for):
    view = do_save_view(agent, name="Mine", filters={})
    other = client_for(factories.agent())
    assert other.get(reverse("workspace:saved_view", args=[view.pk])).status_code == 404
    assert other.post(reverse("workspace:delete_view", args=[view.pk])).status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_delete_view(agent, agent_client):
    view = do_save_view(agent, name="Mine", filters={})
    agent_client.post(reverse("workspace:delete_view", args=[view.pk]))
    assert not SavedView.objects.exists()
