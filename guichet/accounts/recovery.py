"""Recovery codes as pure functions: generate, normalise, hash. See docs/accounts.md."""

from __future__ import annotations

import hashlib
import re
import secrets

# No 0/o, 1/l/i: codes are read from paper.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 10  # about 49 bits each: random enough for a fast hash
CODE_COUNT = 10


def generate_codes(count: int = CODE_COUNT) -> list[str]:
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", (code or "").lower())


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def looks_like_recovery_code(code: str) -> bool:
    return len(normalise(code)) == CODE_LENGTH and all(c in ALPHABET for c in normalise(code))
