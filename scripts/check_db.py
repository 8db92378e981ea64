"""Exit 0 when the PostgreSQL URL given answers, 1 with the reason otherwise."""

import sys

import psycopg

try:
    with psycopg.connect(
        sys.argv[1].replace("postgresql+psycopg", "postgresql"), connect_timeout=5
    ):
        pass
except Exception as error:  # noqa: BLE001
    print(f"cannot connect: {error}", file=sys.stderr)
    sys.exit(1)
