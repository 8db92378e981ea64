"""`manage.py guichet_worker`: run background jobs and the periodic scheduler.

See docs/jobs.md. The options are db_worker's (--queue-name, --interval, --batch,
--max-tasks, --worker-id, ...) plus --no-scheduler; every queue by default.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from guichet.jobs.worker import GuichetWorker, Housekeeper, prepare_process


class Command(DbWorkerCommand):
    help = "Run Guichet's background jobs (django-tasks-db worker) and periodic scheduler."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-scheduler",
            action="store_false",
            dest="scheduler",
            help="Do not enqueue periodic jobs from this worker (safe either way).",
        )
        parser.set_defaults(queue_name="*", reload=False)
        for action in parser._actions:
            if action.dest == "reload":
                action.help = "Not supported: restart guichet_worker after a code change."

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reload"]:
            raise CommandError("guichet_worker does not reload; restart it after a change.")
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = [q for q in options["exclude_queues"].split(",") if q]
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        prepare_process()  # registers the @periodic jobs
        worker = GuichetWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        housekeeper = Housekeeper(
            worker.worker_id,
            options["queue_name"],
            scheduler=options["scheduler"],
            interval=options["interval"] or 1.0,
        )
        housekeeper.start_up()
        housekeeper.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            worker.reset_signals()
            housekeeper.stop()
