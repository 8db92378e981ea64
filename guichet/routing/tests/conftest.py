from guichet.core.tests.fixtures import committed, media_root  # noqa: F401
