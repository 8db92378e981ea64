"""manage.py triage_train: train each brand's triage models, promote the good ones."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from guichet.brands.models import Brand
from guichet.triage.actions import do_train_and_maybe_promote
from guichet.triage.models import Target
from guichet.triage.training import NotEnoughData


class Command(BaseCommand):
    help = (
        "Train triage models on resolved tickets; promote those at least as good as the active one."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--brand", action="append", help="Brand slug (repeatable; default all)")
        parser.add_argument(
            "--target", action="append", choices=Target.values, help="Target (default all)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        brands = Brand.objects.all()
        if options["brand"]:
            brands = brands.filter(slug__in=options["brand"])
            if brands.count() != len(set(options["brand"])):
                raise CommandError(f"Unknown brand among {options['brand']}")
        targets = options["target"] or Target.values
        for brand in brands:
            for target in targets:
                try:
                    outcome = do_train_and_maybe_promote(brand, target)
                except NotEnoughData as error:
                    self.stdout.write(f"{brand.slug} {target}: skipped ({error})")
                    continue
                metrics = outcome.model.metrics
                self.stdout.write(
                    f"{brand.slug} {target}: v{outcome.model.version} "
                    f"accuracy {metrics.get('accuracy', 0):.3f} macro-F1 {metrics.get('macro_f1', 0):.3f} "
                    f"on {outcome.model.n_validation} held out; "
                    f"{'promoted' if outcome.promoted else 'kept the active model'} ({outcome.reason})"
                )
