"""Predictions in words for agents: names, choices, queue marks."""

from __future__ import annotations

import pytest

from guichet.core.tests import factories
from guichet.triage.display import prediction_view, queue_marks
from guichet.triage.models import TicketPrediction

pytestmark = pytest.mark.django_db


def test_a_language_outside_the_ui_languages_stays_choosable() -> None:
    row = TicketPrediction(target="language", label="de", confidence=0.8)

    view = prediction_view(row, {})

    assert view.choices[0][0] == "de" and ("fr", "Français") in view.choices


def test_category_is_named_by_its_path() -> None:
    row = TicketPrediction(target="category", label="7", confidence=0.7)

    view = prediction_view(row, {"7": "Matériel / Imprimantes"})

    assert view.label_name == "Matériel / Imprimantes" and view.percent == 70


def test_correction_is_shown_at_full_confidence() -> None:
    row = TicketPrediction(target="priority", label="low", confidence=0.4, corrected_label="high")

    view = prediction_view(row, {})

    assert (view.label, view.percent, str(view.label_name)) == ("high", 100, "Haute")


def test_queue_marks_need_confidence_or_a_correction() -> None:
    ticket = factories.ticket(factories.brand())
    other = factories.ticket(ticket.brand)
    TicketPrediction.objects.create(ticket=ticket, target="sentiment", label="negative",
                                    confidence=0.9)  # fmt: skip
    TicketPrediction.objects.create(ticket=ticket, target="priority", label="urgent",
                                    confidence=0.3)  # fmt: skip
    TicketPrediction.objects.create(ticket=other, target="priority", label="low",
                                    confidence=0.3, corrected_label="urgent")  # fmt: skip

    marks = queue_marks([ticket.pk, other.pk])

    assert (marks[ticket.pk].sentiment, marks[ticket.pk].urgent) == ("negative", False)
    assert (marks[other.pk].sentiment, marks[other.pk].urgent) == ("", True)
