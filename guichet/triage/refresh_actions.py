"""A promoted model's predictions for the open tickets of its brand (docs/triage.md).

The predictions shown to agents come from the model that was active when each ticket arrived.
When training promotes a better one, the job `refresh_predictions` replaces the current
prediction of that target on the brand's open tickets: agents see what the better model says.
Only predictions change: the ticket's fields and assignee were decided on arrival and agents
may have changed them since. A prediction an agent corrected stays, as it is training data.
"""

from __future__ import annotations

from django.db import transaction

from guichet.brands.models import Brand, Category
from guichet.tickets.models import Status
from guichet.triage.models import Target, TicketPrediction
from guichet.triage.ticket_actions import prediction_rows, run_triage, triage_input

REFRESH_LIMIT = 2000  # open tickets a promotion refreshes, newest first
DONE = (Status.SOLVED, Status.CLOSED)


def do_refresh_predictions(brand_id: int, target: str, *, limit: int = REFRESH_LIMIT) -> int:
    """Predict `target` again for the brand's open tickets whose current prediction no agent
    corrected, newest first, `limit` at most; how many predictions were replaced."""
    brand = Brand.objects.filter(pk=brand_id).first()
    if brand is None or target not in Target.values:
        return 0
    current = (
        TicketPrediction.objects.filter(
            ticket__brand=brand, target=target, is_current=True, corrected_label=""
        )
        .exclude(ticket__status__in=DONE)
        .order_by("-ticket__created_at", "-pk")
    )
    category_ids = dict(Category.objects.filter(brand=brand).values_list("slug", "pk"))
    replaced = 0
    for old in current[:limit]:
        item = triage_input(old.ticket_id, None)
        if item is None:
            continue
        triage = run_triage(brand, item.text, [target])
        rows = [row for row in prediction_rows(item, triage, category_ids) if row.target == target]
        if rows and _replace(old, rows[0]):
            replaced += 1
    return replaced


@transaction.atomic
def _replace(old: TicketPrediction, new: TicketPrediction) -> bool:
    """`new` becomes current in place of `old`, unless `old` was replaced or corrected since."""
    still = TicketPrediction.objects.select_for_update().filter(
        pk=old.pk, is_current=True, corrected_label=""
    )
    if not still.update(is_current=False):
        return False
    new.message_id = old.message_id
    new.save()
    return True
