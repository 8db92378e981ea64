"""Editor and admin forms: they parse and bound input; the actions decide and write."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guichet.brands.models import Brand
from guichet.knowledge.actions.articles import ArticleInput
from guichet.knowledge.labels import SHAPE_LABELS, VISIBILITY_LABELS
from guichet.knowledge.languages import language_choices
from guichet.knowledge.models import Article, Flow, Section


def sections_of(brand: Brand) -> Any:
    return (
        Section.objects.filter(category__brand=brand)
        .select_related("category")
        .order_by("category__position", "category__name", "position", "name")
    )


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.category.name} › {obj.name}"


class NewArticleForm(forms.Form):
    brand = forms.ModelChoiceField(label=_("Marque"), queryset=Brand.objects.none())
    language = forms.ChoiceField(label=_("Langue"), choices=[("fr", "Français"), ("en", "English")])
    shape = forms.ChoiceField(label=_("Modèle"), choices=SHAPE_LABELS, initial="free")

    def __init__(self, brands: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["brand"].queryset = brands  # type: ignore[attr-defined]


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    slug = forms.SlugField(label=_("Adresse (slug)"), max_length=120, required=False,
                           help_text=_("Laissez vide pour la déduire du titre."))  # fmt: skip
    summary = forms.CharField(label=_("Résumé"), max_length=300, required=False,
                              help_text=_("Une phrase : description pour les moteurs de "
                                          "recherche et les listes."))  # fmt: skip
    body = forms.CharField(label=_("Contenu (Markdown)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 18, "class": "mono"}))  # fmt: skip
    section = SectionChoiceField(label=_("Section"), queryset=Section.objects.none(),
                                 required=False, empty_label=_("Aucune"))  # fmt: skip
    visibility = forms.ChoiceField(label=_("Visibilité"), choices=VISIBILITY_LABELS)
    shape = forms.ChoiceField(label=_("Modèle"), choices=SHAPE_LABELS)
    review_by = forms.DateField(label=_("À relire avant le"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))  # fmt: skip
    tags = forms.CharField(label=_("Tags"), required=False,
                           help_text=_("Séparés par des virgules."))  # fmt: skip
    note = forms.CharField(label=_("Note de version"), max_length=200, required=False)

    def __init__(self, brand: Brand, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections_of(brand)  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, article: Article) -> dict[str, Any]:
        return {
            "title": article.title, "slug": article.slug, "summary": article.summary,
            "body": article.body, "section": article.section_id,
            "visibility": article.visibility, "shape": article.shape,
            "review_by": article.review_by,
            "tags": ", ".join(tag.name for tag in article.tags.all()),
        }  # fmt: skip

    def to_input(self) -> ArticleInput:
        data = self.cleaned_data
        return ArticleInput(
            title=data["title"], slug=data.get("slug") or "", summary=data.get("summary") or "",
            body=data.get("body") or "", section=data.get("section"),
            visibility=data["visibility"], shape=data["shape"],
            review_by=data.get("review_by"),
            tags=[t.strip() for t in (data.get("tags") or "").split(",") if t.strip()],
        )  # fmt: skip


class FlowForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("Langue"))
    state = forms.ChoiceField(label=_("État"), choices=[("draft", _("Brouillon")),
                                                        ("published", _("Publié"))])  # fmt: skip
    definition = forms.CharField(
        label=_("Arbre (JSON)"), widget=forms.Textarea(attrs={"rows": 24, "class": "mono"}),
        help_text=_('{"start": "id", "steps": {"id": {"text": "…", "options": [{"label": "Oui", '
                    '"next": "autre"}]} ou {"text": "…", "end": "resolved" | "article" | '
                    '"ticket"}}}'),
    )  # fmt: skip

    def __init__(self, brand: Brand, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(brand)  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, flow: Flow) -> dict[str, Any]:
        return {"title": flow.title, "description": flow.description, "language": flow.language,
                "state": flow.state,
                "definition": json.dumps(flow.definition, ensure_ascii=False, indent=2)}  # fmt: skip


class WidgetConfigForm(forms.Form):
    enabled = forms.BooleanField(label=_("Widget activé"), required=False)
    allowed_origins = forms.CharField(
        label=_("Origines autorisées"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une par ligne, par exemple https://app.example.com"),
    )  # fmt: skip

    def origins(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["allowed_origins"].splitlines()]


class WidgetRuleForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=120)
    url_pattern = forms.CharField(label=_("Motif d'URL"), max_length=300, required=False,
                                  help_text=_("* remplace n'importe quels caractères : "
                                              "/facturation/*"))  # fmt: skip
    context_key = forms.SlugField(label=_("Clé de contexte"), max_length=80, required=False)
    articles = forms.ModelMultipleChoiceField(label=_("Articles"), queryset=Article.objects.none(),
                                              widget=forms.SelectMultiple(attrs={"size": 8}))  # fmt: skip
    position = forms.IntegerField(label=_("Ordre"), min_value=0, initial=0, required=False)

    def __init__(self, articles: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["articles"].queryset = articles  # type: ignore[attr-defined]


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=120)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    name_en = forms.CharField(label=_("Nom en anglais"), max_length=120, required=False)


class SectionForm(forms.Form):
    category = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Nom de la section"), max_length=120)
    name_en = forms.CharField(label=_("Nom en anglais"), max_length=120, required=False)


class TaxonomyEditForm(forms.Form):
    """Rename or describe a category or a section, with its English name and description."""

    name = forms.CharField(label=_("Nom"), max_length=120)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    name_en = forms.CharField(label=_("Nom en anglais"), max_length=120, required=False)
    description_en = forms.CharField(
        label=_("Description en anglais"), max_length=300, required=False
    )

    @staticmethod
    def initial_from(node: Any) -> dict[str, str]:
        english = node.translations.get("en", {})
        return {"name": node.name, "description": node.description,
                "name_en": english.get("name", ""),
                "description_en": english.get("description", "")}  # fmt: skip

    def translations(self, current: dict[str, Any]) -> dict[str, Any]:
        """`current` with the English name and description replaced (blank: removed); other
        languages and keys are kept as they are."""
        merged = {language: dict(values) for language, values in (current or {}).items()}
        english = merged.pop("en", {})
        for key in ("name", "description"):
            value = self.cleaned_data[f"{key}_en"].strip()
            if value:
                english[key] = value
            else:
                english.pop(key, None)
        return {**merged, "en": english} if english else merged
