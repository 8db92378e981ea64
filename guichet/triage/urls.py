"""/agent/triage/: corrections, the evaluation page, "train now" (docs/triage.md)."""

from django.urls import path

from guichet.triage import views

app_name = "triage"

urlpatterns = [
    path("", views.evaluation, name="evaluation"),
    path("train/", views.train, name="train"),
    path("tickets/<int:pk>/card/", views.ticket_card, name="ticket_card"),
    path("predictions/<int:pk>/correct/", views.correct, name="correct"),
]
