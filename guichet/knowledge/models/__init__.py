"""Knowledge base models. See docs/knowledge.md."""

from guichet.knowledge.models.analytics import (
    ArticleFeedback,
    ArticleView,
    Outcome,
    SearchEvent,
    Source,
    SuggestionSession,
)
from guichet.knowledge.models.articles import (
    Article,
    ArticleImage,
    ArticleTicketLink,
    ArticleVersion,
    Category,
    Section,
    Shape,
    State,
    Visibility,
)
from guichet.knowledge.models.flows import Flow, FlowRun
from guichet.knowledge.models.widget import WidgetConfig, WidgetRule

__all__ = [
    "Article",
    "ArticleFeedback",
    "ArticleImage",
    "ArticleTicketLink",
    "ArticleVersion",
    "ArticleView",
    "Category",
    "Flow",
    "FlowRun",
    "Outcome",
    "SearchEvent",
    "Section",
    "Shape",
    "Source",
    "State",
    "SuggestionSession",
    "Visibility",
    "WidgetConfig",
    "WidgetRule",
]
