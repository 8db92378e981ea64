"""The agents' knowledge-base editor and settings: /agent/kb/... (see docs/knowledge.md)."""

from django.urls import path

from guichet.knowledge.views import dashboard, editor, editor_actions, manage, ticket_panel

app_name = "kb"
A = "articles/<int:pk>/"
T = "tickets/<int:pk>/articles/"
urlpatterns = [
    path("", editor.article_list, name="list"),
    path("new/", editor.article_new, name="new"),
    path("new/from-ticket/<int:ticket_id>/", editor.article_from_ticket, name="from-ticket"),
    path(A, editor.article_detail, name="article"),
    path(A + "edit/", editor.article_edit, name="edit"),
    path(A + "transition/", editor_actions.transition, name="transition"),
    path(A + "versions/<int:number>/", editor_actions.version_diff, name="diff"),
    path(A + "versions/<int:number>/restore/", editor_actions.restore, name="restore"),
    path(A + "translate/", editor_actions.translate, name="translate"),
    path(A + "link-translation/", editor_actions.link_translation, name="link-translation"),
    path(A + "tickets/", editor_actions.link_ticket, name="link-ticket"),
    path(A + "tickets/<int:ticket_id>/unlink/", editor_actions.unlink_ticket, name="unlink-ticket"),
    path(T, ticket_panel.panel, name="ticket-articles"),
    path(T + "search/", ticket_panel.search, name="ticket-articles-search"),
    path(T + "link/", ticket_panel.link, name="ticket-article-link"),
    path(T + "<int:article_id>/unlink/", ticket_panel.unlink, name="ticket-article-unlink"),
    path("preview/", editor_actions.preview, name="preview"),
    path("images/", editor_actions.upload_image, name="upload-image"),
    path("categories/", manage.categories, name="categories"),
    path("categories/<int:pk>/edit/", manage.category_edit, name="category-edit"),
    path("sections/<int:pk>/edit/", manage.section_edit, name="section-edit"),
    path("flows/", manage.flow_list, name="flows"),
    path("flows/new/", manage.flow_edit, name="flow-new"),
    path("flows/<int:pk>/", manage.flow_edit, name="flow"),
    path("widget/", manage.widget_settings, name="widget"),
    path("widget/rules/<int:pk>/delete/", manage.widget_rule_delete, name="widget-rule-delete"),
    path("analytics/", dashboard.dashboard, name="analytics"),
]
