from guichet.core.tests.fixtures import committed, fast_passwords, media_root  # noqa: F401
