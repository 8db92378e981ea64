from django.http import QueryDict

from guichet.workspace.filters import QueueSpec, parse_spec, querystring, to_params


def test_empty_parameters_give_my_unsolved_tickets_newest_first():
    assert parse_spec({}) == QueueSpec(queue="mine", status="unsolved", sort="-created")


def test_invalid_values_fall_back_to_defaults_instead_of_failing():
    spec = parse_spec(
        {"queue": "nope", "status": "weird", "priority": "x", "team": "abc", "sort": "random"}
    )
    assert (spec.queue, spec.status, spec.priority, spec.team, spec.sort) == (
        "mine", "unsolved", "", None, "-created",
    )  # fmt: skip


def test_custom_field_parameters_are_collected_and_sorted():
    spec = parse_spec(QueryDict("cf_offre=Fibre&cf_contrat=C-12&cf_=x&cf_bad%20key=y&cf_empty="))
    assert spec.custom == (("contrat", "C-12"), ("offre", "Fibre"))


def test_a_search_is_sorted_by_relevance_unless_another_sort_is_asked():
    assert parse_spec({"q": "box"}).sort == "relevance"
    assert parse_spec({"q": "box", "sort": "-updated"}).sort == "-updated"
    assert parse_spec({"sort": "relevance"}).sort == "-created"


def test_to_params_keeps_only_what_differs_from_the_defaults_and_round_trips():
    spec = parse_spec(
        {"queue": "n2", "priority": "urgent", "tag": "fibre", "cf_offre": "Fibre", "q": "  a  b "}
    )
    params = to_params(spec)
    assert params == {
        "queue": "n2", "priority": "urgent", "tag": "fibre", "q": "a b", "cf_offre": "Fibre",
    }  # fmt: skip
    assert parse_spec(params) == spec


def test_querystring_adds_extra_parameters():
    assert querystring(parse_spec({"queue": "all"}), view="3") == "queue=all&view=3"


def test_tier_queues_know_their_tier():
    assert parse_spec({"queue": "n3"}).tier == 3
    assert parse_spec({"queue": "mine"}).tier is None
