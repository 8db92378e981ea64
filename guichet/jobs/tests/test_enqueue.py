import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

from guichet.jobs.enqueue import batched_enqueues, on_commit
from guichet.jobs.tests import sample_tasks
from guichet.jobs.tests.support import drain

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


FIELDS = ("args_kwargs", "priority", "task_path", "queue_name", "backend_name", "status")


@pytest.mark.django_db
def test_a_bulk_enqueued_job_is_written_and_runs_like_one_enqueued_alone(tmp_path):
    # Given one job enqueued alone and one in a batch, with the same arguments
    out = tmp_path / "out"
    with transaction.atomic():
        on_commit(sample_tasks.record, str(out), "same")
        alone = DBTaskResult.objects.get()
        with batched_enqueues() as batch:
            on_commit(sample_tasks.record, str(out), "same")
            assert len(batch.pending) == 1 and DBTaskResult.objects.count() == 1
    # Then both rows are the same but for their id and time, and both run
    bulk = DBTaskResult.objects.exclude(pk=alone.pk).get()
    assert [getattr(bulk, f) for f in FIELDS] == [getattr(alone, f) for f in FIELDS]
    assert bulk.run_after == alone.run_after  # "no delay", set as the backend's pre_save does
    drain()
    assert out.read_text() == "same\nsame\n"
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db
def test_a_job_asked_for_in_a_rolled_back_savepoint_of_a_batch_is_not_written(tmp_path):
    with transaction.atomic(), batched_enqueues():
        on_commit(sample_tasks.record, str(tmp_path / "x"), "kept")
        with pytest.raises(Rollback), transaction.atomic():
            on_commit(sample_tasks.record, str(tmp_path / "x"), "dropped")
            raise Rollback

    assert [row.args_kwargs["args"][1] for row in DBTaskResult.objects.all()] == ["kept"]


@pytest.mark.django_db
def test_a_batch_that_raises_writes_no_job(tmp_path):
    with pytest.raises(Rollback), transaction.atomic(), batched_enqueues():
        on_commit(sample_tasks.record, str(tmp_path / "x"), "never")
        raise Rollback

    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_batch_enqueues_at_once(tmp_path):
    with batched_enqueues() as batch:
        on_commit(sample_tasks.record, str(tmp_path / "x"), "now")
        assert batch.pending == [] and DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_a_batch_leaves_no_callback_to_run_after_the_commit(
    tmp_path, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        transaction.atomic(),
        batched_enqueues(),
    ):
        on_commit(sample_tasks.record, str(tmp_path / "x"), "one")

    assert callbacks == [] and DBTaskResult.objects.count() == 1
