"""A worker process's start-up (prepare_process)."""

import gc

from guichet.jobs import periodic
from guichet.jobs.worker import prepare_process


def test_start_up_registers_the_periodic_jobs_and_freezes_the_start_up_heap():
    gc.unfreeze()
    try:
        prepare_process()
        assert gc.get_freeze_count() > 0
        names = {entry.name for entry in periodic.registry}  # the tasks modules are imported
        assert any(n.startswith("guichet.sla") for n in names)
    finally:
        gc.unfreeze()
