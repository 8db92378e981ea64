"""Guided flows as decision trees (pure): validation, walking, the path in words, step stats.

See docs/knowledge.md ("Guided flows"). A definition is JSON:

    {"start": "light",
     "steps": {
       "light": {"text": "Le voyant est-il vert ?",
                 "options": [{"label": "Oui", "next": "paper"}, {"label": "Non", "next": "power"}]},
       "paper": {"text": "Réglez le bac.", "end": "article", "article": 12},
       "power": {"text": "Rebranchez-la.", "end": "resolved"},
       "call":  {"text": "Nous prenons le relais.", "end": "ticket", "subject": "Imprimante"}}}

A step has options (a checkpoint) or an end (article, resolved or ticket), never both. A run's
path is a list of [step id, chosen option index]; the last pair is the current step (index None).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

ENDS = ("article", "resolved", "ticket")
STEP_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
MAX_STEPS = 200
MAX_OPTIONS = 8
MAX_TEXT = 2000


def validate(definition: Any, article_ok: Callable[[int], bool] | None = None) -> list[str]:
    """Every problem of a definition, in words; empty when it is a valid tree."""
    if not isinstance(definition, dict):
        return [_("Le parcours doit être un objet JSON avec « start » et « steps ».")]
    steps = definition.get("steps")
    start = definition.get("start")
    if not isinstance(steps, dict) or not steps:
        return [_("« steps » doit être un objet d'étapes non vide.")]
    if len(steps) > MAX_STEPS:
        return [_("Un parcours compte au plus %(max)s étapes.") % {"max": MAX_STEPS}]
    errors: list[str] = []
    if start not in steps:
        errors.append(
            _("« start » doit désigner une étape (reçu : « %(start)s »).") % {"start": start}
        )
    for step_id, step in steps.items():
        errors.extend(_step_errors(step_id, step, steps, article_ok))
    if errors:
        return errors
    cycle = find_cycle(steps)
    if cycle:
        errors.append(_("Le parcours tourne en boucle : %(cycle)s.") % {"cycle": " → ".join(cycle)})
        return errors
    unreachable = sorted(set(steps) - reachable(steps, str(start)))
    if unreachable:
        errors.append(
            _("Étapes inaccessibles depuis le début : %(steps)s.")
            % {"steps": ", ".join(unreachable)}
        )
    return errors


def _step_errors(
    step_id: str, step: Any, steps: dict[str, Any], article_ok: Callable[[int], bool] | None
) -> list[str]:
    where = _("Étape « %(step)s »") % {"step": step_id}
    if not isinstance(step_id, str) or not STEP_ID.match(step_id):
        return [
            _("%(where)s : un identifiant s'écrit en minuscules, chiffres, - et _ (40 au plus).")
            % {"where": where}
        ]
    if not isinstance(step, dict):
        return [_("%(where)s doit être un objet.") % {"where": where}]
    errors = []
    text = step.get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
        errors.append(
            _("%(where)s doit avoir un texte (%(max)s caractères au plus).")
            % {"where": where, "max": MAX_TEXT}
        )
    options, end = step.get("options"), step.get("end")
    if options and end:
        errors.append(
            _("%(where)s a à la fois des options et une fin ; gardez l'une des deux.")
            % {"where": where}
        )
    elif end:
        errors.extend(_end_errors(where, step, article_ok))
    elif not isinstance(options, list) or not options:
        errors.append(
            _("%(where)s ne mène nulle part : donnez-lui des options ou une fin.")
            % {"where": where}
        )
    else:
        errors.extend(_option_errors(where, options, steps))
    return errors


def _end_errors(where: str, step: dict[str, Any], article_ok: Any) -> list[str]:
    end = step["end"]
    if end not in ENDS:
        return [
            _("%(where)s : « end » doit valoir l'une de ces valeurs : %(choices)s.")
            % {"where": where, "choices": ", ".join(ENDS)}
        ]
    if end == "article":
        article = step.get("article")
        if not isinstance(article, int) or isinstance(article, bool):
            return [
                _(
                    "%(where)s se termine sur un article : indiquez son identifiant dans « article »."
                )
                % {"where": where}
            ]
        if article_ok is not None and not article_ok(article):
            return [
                _(
                    "%(where)s : l'article %(article)s n'est pas un article publié de cette "
                    "marque que les clients peuvent lire."
                )
                % {"where": where, "article": article}
            ]
    if end == "ticket" and not isinstance(step.get("subject", ""), str):
        return [_("%(where)s : « subject » doit être un texte.") % {"where": where}]
    return []


def _option_errors(where: str, options: list[Any], steps: dict[str, Any]) -> list[str]:
    if len(options) > MAX_OPTIONS:
        return [_("%(where)s a plus de %(max)s options.") % {"where": where, "max": MAX_OPTIONS}]
    errors = []
    labels = set()
    for index, option in enumerate(options, start=1):
        if not isinstance(option, dict):
            errors.append(
                _("%(where)s, option %(index)s : ce doit être un objet.")
                % {"where": where, "index": index}
            )
            continue
        label = option.get("label")
        if not isinstance(label, str) or not label.strip():
            errors.append(
                _("%(where)s, option %(index)s : libellé manquant.")
                % {"where": where, "index": index}
            )
        elif label in labels:
            errors.append(
                _("%(where)s : deux options portent le libellé « %(label)s ».")
                % {"where": where, "label": label}
            )
        labels.add(label)
        if option.get("next") not in steps:
            errors.append(
                _("%(where)s, option %(index)s : étape suivante inconnue (« %(next)s »).")
                % {"where": where, "index": index, "next": option.get("next")}
            )
    return errors


def children(step: dict[str, Any]) -> list[str]:
    return [option["next"] for option in step.get("options") or []]


def find_cycle(steps: dict[str, Any]) -> list[str]:
    """One cycle as a list of step ids (first id repeated at the end), or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for child in children(steps[node]):
            if state.get(child) == 1:
                return path[path.index(child) :] + [child]
            if child not in state and (found := visit(child)):
                return found
        path.pop()
        state[node] = 2
        return []

    for node in steps:
        if node not in state and (found := visit(node)):
            return found
    return []


def reachable(steps: dict[str, Any], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node in seen or node not in steps:
            continue
        seen.add(node)
        todo.extend(children(steps[node]))
    return seen


# --- Walking a flow ----------------------------------------------------------------------------


def start_path(definition: dict[str, Any]) -> list[list[Any]]:
    return [[definition["start"], None]]


def current_step(definition: dict[str, Any], path: list[list[Any]]) -> tuple[str, dict[str, Any]]:
    step_id = path[-1][0]
    return step_id, definition["steps"][step_id]


def choose(definition: dict[str, Any], path: list[list[Any]], option: int) -> list[list[Any]]:
    """The path after choosing `option` at the current step; ValueError if it is not offered."""
    step_id, step = current_step(definition, path)
    options = step.get("options") or []
    if not 0 <= option < len(options):
        raise ValueError(f"Step {step_id!r} has no option {option}.")
    return [*path[:-1], [step_id, option], [options[option]["next"], None]]


def back(path: list[list[Any]]) -> list[list[Any]]:
    """The path one step back (the start stays)."""
    if len(path) <= 1:
        return path
    return [*path[:-2], [path[-2][0], None]]


def is_valid_path(definition: dict[str, Any], path: Any) -> bool:
    """A stored path still fits the (possibly edited) definition."""
    steps = definition.get("steps", {})
    if not isinstance(path, list) or not path or path[0][0] != definition.get("start"):
        return False
    for (step_id, option), following in zip(path, path[1:], strict=False):
        options = (steps.get(step_id) or {}).get("options") or []
        if not isinstance(option, int) or not 0 <= option < len(options):
            return False
        if options[option]["next"] != following[0]:
            return False
    return path[-1][0] in steps


def path_lines(definition: dict[str, Any], path: list[list[Any]]) -> list[str]:
    """The questions asked and the answers given, in order ("Question ? → Réponse")."""
    steps = definition["steps"]
    lines = []
    for step_id, option in path:
        if option is None:
            continue
        step = steps[step_id]
        lines.append(f"{step['text'].strip()} → {step['options'][option]['label'].strip()}")
    return lines


# --- Analytics ---------------------------------------------------------------------------------


@dataclass
class StepStats:
    reached: int = 0
    dropped: int = 0
    resolved: int = 0
    ticket: int = 0


@dataclass(frozen=True)
class RunFacts:
    path: list[list[Any]]
    outcome: str  # FlowRun.Outcome value
    updated_at: dt.datetime


def step_stats(
    definition: dict[str, Any], runs: Iterable[RunFacts], now: dt.datetime, drop_after: dt.timedelta
) -> dict[str, StepStats]:
    """Per step: runs that reached it, that stopped there (no news for `drop_after`), that ended
    there resolved (a resolution or an article) and that ended there in a ticket."""
    stats = {step_id: StepStats() for step_id in definition.get("steps", {})}
    for run in runs:
        for step_id in dict.fromkeys(step_id for step_id, _option in run.path):
            if step_id in stats:
                stats[step_id].reached += 1
        last = run.path[-1][0] if run.path else None
        if last not in stats:
            continue
        if run.outcome == "in_progress" and now - run.updated_at >= drop_after:
            stats[last].dropped += 1
        elif run.outcome in ("resolved", "article"):
            stats[last].resolved += 1
        elif run.outcome == "ticket":
            stats[last].ticket += 1
    return stats
