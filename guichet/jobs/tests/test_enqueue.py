import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

from guichet.jobs.enqueue import on_commit
from guichet.jobs.tests import sample_tasks

DUMMY = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "mail", "ai"],
    }
}


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_job_enqueued_in_a_rolled_back_transaction_does_not_exist(tmp_path):
    with pytest.raises(Rollback), transaction.atomic():
        on_commit(sample_tasks.record, str(tmp_path / "x"), "never")
        assert DBTaskResult.objects.count() == 1  # written with the transaction's data
        raise Rollback

    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_job_enqueued_in_a_committed_transaction_is_ready(tmp_path):
    with transaction.atomic():
        on_commit(sample_tasks.record, str(tmp_path / "x"), "committed")

    row = DBTaskResult.objects.get()
    assert row.args_kwargs == {"args": [str(tmp_path / "x"), "committed"], "kwargs": {}}


@pytest.mark.django_db
@override_settings(TASKS=DUMMY)
def test_with_another_backend_the_job_is_enqueued_after_commit(
    django_capture_on_commit_callbacks,
):
    backend = task_backends["default"]

    with django_capture_on_commit_callbacks(execute=True):
        on_commit(sample_tasks.tick)
        assert backend.results == []  # type: ignore[attr-defined]

    assert len(backend.results) == 1  # type: ignore[attr-defined]


@pytest.mark.django_db
@override_settings(TASKS=DUMMY)
def test_with_another_backend_a_rollback_enqueues_nothing():
    backend = task_backends["default"]

    with pytest.raises(Rollback), transaction.atomic():
        on_commit(sample_tasks.tick)
        raise Rollback

    assert backend.results == []  # type: ignore[attr-defined]
