from tests.accounts.helpers import totp


def test_the_test_oracle_gives_the_codes_of_rfc_6238():
    # RFC 6238, Appendix B: SHA-1 key "12345678901234567890", 8-digit codes 94287082 at
    # 59 s and 07081804 at 1111111109 s; an app shows their last six digits.
    secret = b"12345678901234567890"
    assert totp(secret, at=59) == "287082"
    assert totp(secret, at=1111111109) == "081804"
