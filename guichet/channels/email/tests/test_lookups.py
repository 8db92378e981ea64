"""The batch's organisation lookup finds what `organisation_for` finds, from one query."""

import pytest

from guichet.channels.email import contact_actions, lookups
from guichet.core.tests import factories
from guichet.people.models import Organisation


def test_domain_suffixes_stop_before_the_top_level_domain():
    assert lookups.domain_suffixes("a.b.example") == ["a.b.example", "b.example"]
    assert lookups.domain_suffixes("localhost") == []


def test_the_most_specific_domain_wins_then_a_parent_domain():
    parent = Organisation(name="Parent", domains=["example.com"])
    child = Organisation(name="Child", domains=[" @Sales.Example.com "])
    assert lookups.organisation_among([parent, child], "sales.example.com") is child
    assert lookups.organisation_among([parent, child], "eu.example.com") is parent
    assert lookups.organisation_among([parent, child], "other.org") is None


@pytest.mark.django_db
def test_the_batch_prefetch_agrees_with_the_one_by_one_lookup():
    brand = factories.brand()
    factories.organisation(brand, name="Acme", domains=["acme.example"])
    factories.organisation(brand, name="Acme EU", domains=["eu.acme.example"])
    factories.organisation(brand, name="Notacme", domains=["notacme.example"])
    memo = lookups.IntakeMemo()
    domains = {"eu.acme.example", "us.acme.example", "notacme.example", "nobody.example"}
    lookups._prefetch_organisations(memo, brand.pk, domains)
    for domain in domains:
        expected = contact_actions.organisation_for(brand, f"someone@{domain}")
        assert memo.organisations[(brand.pk, domain)] == expected, domain
