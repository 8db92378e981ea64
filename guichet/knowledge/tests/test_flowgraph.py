"""Guided-flow trees (pure): validation, walking, the path in words, step statistics."""

import datetime as dt

from guichet.knowledge import flowgraph

T0 = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)

FLOW = {
    "start": "light",
    "steps": {
        "light": {"text": "Le voyant est-il vert ?", "options": [
            {"label": "Oui", "next": "done"}, {"label": "Non", "next": "power"}]},
        "power": {"text": "Rebranchez. Vert ?", "options": [
            {"label": "Oui", "next": "done"}, {"label": "Non", "next": "call"}]},
        "done": {"text": "Résolu.", "end": "resolved"},
        "call": {"text": "Nous prenons le relais.", "end": "ticket", "subject": "Imprimante"},
    },
}  # fmt: skip


def with_steps(**steps):
    return {"start": "a", "steps": steps}


def test_a_valid_tree_has_no_errors():
    assert flowgraph.validate(FLOW) == []


def test_a_cycle_is_refused_and_named():
    errors = flowgraph.validate(with_steps(
        a={"text": "A", "options": [{"label": "x", "next": "b"}]},
        b={"text": "B", "options": [{"label": "y", "next": "a"}]}))  # fmt: skip
    assert errors == ["Le parcours tourne en boucle\u00a0: a → b → a."]


def test_an_option_to_an_unknown_step_is_refused():
    errors = flowgraph.validate(
        with_steps(a={"text": "A", "options": [{"label": "x", "next": "zz"}]})
    )
    assert "étape suivante inconnue (\u00ab\u00a0zz\u00a0\u00bb)" in errors[0]


def test_a_step_that_leads_nowhere_is_refused():
    assert "ne mène nulle part" in flowgraph.validate(with_steps(a={"text": "A"}))[0]


def test_options_and_an_end_together_are_refused():
    step = {"text": "A", "end": "resolved", "options": [{"label": "x", "next": "a"}]}
    assert "à la fois des options et une fin" in flowgraph.validate(with_steps(a=step))[0]


def test_unreachable_steps_are_reported():
    errors = flowgraph.validate(with_steps(a={"text": "A", "end": "resolved"},
                                           b={"text": "B", "end": "resolved"}))  # fmt: skip
    assert errors == ["Étapes inaccessibles depuis le début\u00a0: b."]


def test_an_article_end_is_checked_with_the_callback():
    flow = with_steps(a={"text": "Lisez", "end": "article", "article": 7})
    assert flowgraph.validate(flow, article_ok=lambda pk: pk == 7) == []
    assert "pas un article publié" in flowgraph.validate(flow, article_ok=lambda pk: False)[0]


def test_garbage_is_refused_without_crashing():
    for value in (
        None,
        [],
        "x",
        {"start": "a"},
        {"start": "a", "steps": {"a": "text"}},
        with_steps(a={"text": "", "options": [1]}),
        with_steps(**{"A B": {"text": "x"}}),
    ):
        assert flowgraph.validate(value)


def test_walking_a_flow_and_going_back():
    path = flowgraph.start_path(FLOW)
    path = flowgraph.choose(FLOW, path, 1)
    path = flowgraph.choose(FLOW, path, 1)
    assert path == [["light", 1], ["power", 1], ["call", None]]
    assert flowgraph.current_step(FLOW, path)[1]["end"] == "ticket"
    assert flowgraph.back(path) == [["light", 1], ["power", None]]
    assert flowgraph.is_valid_path(FLOW, path)


def test_the_path_in_words_carries_questions_and_answers():
    path = [["light", 1], ["power", 1], ["call", None]]
    assert flowgraph.path_lines(FLOW, path) == ["Le voyant est-il vert ? → Non",
                                                "Rebranchez. Vert ? → Non"]  # fmt: skip


def test_a_path_that_no_longer_fits_the_tree_is_invalid():
    assert not flowgraph.is_valid_path(FLOW, [["light", 5], ["done", None]])
    assert not flowgraph.is_valid_path(FLOW, [["power", None]])


def test_step_stats_count_reached_dropped_resolved_and_tickets():
    runs = [
        flowgraph.RunFacts([["light", 0], ["done", None]], "resolved", T0),
        flowgraph.RunFacts([["light", 1], ["power", 1], ["call", None]], "ticket", T0),
        flowgraph.RunFacts([["light", 1], ["power", None]], "in_progress", T0),  # left
        flowgraph.RunFacts(
            [["light", None]], "in_progress", T0 + dt.timedelta(minutes=55)
        ),  # still there
        flowgraph.RunFacts([["light", None]], "in_progress", T0),  # read the first question, left
    ]
    stats = flowgraph.step_stats(FLOW, runs, T0 + dt.timedelta(hours=1), dt.timedelta(minutes=30))
    assert vars(stats["light"]) == {"reached": 5, "dropped": 1, "resolved": 0, "ticket": 0}
    assert vars(stats["power"]) == {"reached": 2, "dropped": 1, "resolved": 0, "ticket": 0}
    assert vars(stats["done"])["resolved"] == 1
    assert vars(stats["call"])["ticket"] == 1
