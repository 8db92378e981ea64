import datetime as dt

from guichet.accounts import recovery, totp
from guichet.accounts.tests.helpers import T0

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_code_of_the_current_step_matches_that_step():
    code = totp.code_at(SECRET, T0)
    assert totp.match_step(SECRET, code, T0) == totp.step_at(T0)


def test_code_of_the_previous_step_is_accepted_for_clock_drift():
    code = totp.code_at(SECRET, T0 - dt.timedelta(seconds=30))
    assert totp.match_step(SECRET, code, T0) == totp.step_at(T0) - 1


def test_code_two_steps_old_is_refused():
    code = totp.code_at(SECRET, T0 - dt.timedelta(seconds=60))
    assert totp.match_step(SECRET, code, T0) is None


def test_non_numeric_or_short_codes_never_match():
    assert totp.match_step(SECRET, "abcdef", T0) is None
    assert totp.match_step(SECRET, "12345", T0) is None


def test_spaces_inside_a_typed_code_are_ignored():
    code = totp.code_at(SECRET, T0)
    assert totp.match_step(SECRET, f"{code[:3]} {code[3:]}", T0) == totp.step_at(T0)


def test_provisioning_uri_names_issuer_and_account():
    uri = totp.provisioning_uri(SECRET, "alice", "Guichet")
    assert uri.startswith("otpauth://totp/Guichet:alice?")
    assert f"secret={SECRET}" in uri


def test_recovery_codes_are_distinct_and_hash_the_same_however_typed():
    codes = recovery.generate_codes()
    assert len(set(codes)) == recovery.CODE_COUNT
    code = codes[0]
    assert recovery.hash_code(code) == recovery.hash_code(code.upper().replace("-", " "))
    assert recovery.looks_like_recovery_code(code)
