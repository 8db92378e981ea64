"""The public help centre: /help/<brand>/... (see docs/knowledge.md)."""

from django.urls import path, register_converter

from guichet.knowledge.views import endpoints, flows, help, widget


class LanguageConverter:
    regex = "[a-z]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LanguageConverter, "lang")

app_name = "help"
B = "<slug:brand_slug>/"
L = B + "<lang:language>/"
urlpatterns = [
    path(B, help.brand_root, name="root"),
    path(B + "sitemap.xml", endpoints.sitemap, name="sitemap"),
    path(B + "suggest/", endpoints.suggest, name="suggest"),
    path(B + "images/<int:pk>-<str:sha>", endpoints.image, name="image"),
    path(B + "widget/context.json", widget.context, name="widget-context"),
    path(B + "widget/search.json", widget.search, name="widget-search"),
    path(B + "widget/sample/", widget.sample, name="widget-sample"),
    path(L, help.home, name="home"),
    path(L + "search/", help.search, name="search"),
    path(L + "search/live/", help.search_live, name="search-live"),
    path(L + "contact/", help.contact, name="contact"),
    path(L + "categories/<int:pk>-<slug:slug>/", help.category, name="category"),
    path(L + "articles/<int:pk>-<str:slug>", help.article, name="article"),
    path(L + "articles/<int:pk>", help.article, {"slug": ""}, name="article-short"),
    path(L + "articles/<int:pk>/feedback/", help.feedback, name="feedback"),
    path(L + "flows/<int:pk>-<slug:slug>/", flows.flow_start, name="flow"),
    path(L + "flows/<int:pk>-<slug:slug>/start/", flows.flow_begin, name="flow-begin"),
    path(L + "flows/<int:pk>-<slug:slug>/<str:token>/", flows.flow_run, name="flow-run"),
]
