"""The key schedule's emergency rotation: the leaked key out of the JWKS at once, a new key in."""

from __future__ import annotations

from simtoken.jose.keyring import KeySchedule
from simtoken.jose.keys import KeyPurpose, derive_key


def test_the_leaked_key_is_replaced_and_unpublished_at_the_emergency() -> None:
    s = KeySchedule(7, "EdDSA", leaked_at=100.0, emergency_at=200.0)
    leaked, fresh = derive_key(7, "EdDSA", 0), derive_key(7, "EdDSA", 0, KeyPurpose.EMERGENCY)
    assert s.leaked_index == 0 and leaked.kid != fresh.kid
    assert s.signing_key(199.9).kid == leaked.kid
    assert [k.kid for k in s.published(199.9)] == [leaked.kid]
    assert s.signing_key(200.0).kid == fresh.kid
    assert [k.kid for k in s.published(200.0)] == [fresh.kid]


def test_with_rotation_only_the_leaked_key_goes_and_others_keep_their_overlap() -> None:
    s = KeySchedule(7, "EdDSA", interval=100, overlap=30, leaked_at=150.0, emergency_at=210.0)
    kids = {i: derive_key(7, "EdDSA", i).kid for i in range(3)}
    # at 205 key 2 signs, key 1 (leaked) is in its overlap until 230
    assert [k.kid for k in s.published(205.0)] == [kids[1], kids[2]]
    # at the emergency the leaked key 1 leaves the set; key 2 (not leaked) keeps signing
    assert [k.kid for k in s.published(210.0)] == [kids[2]]
    assert s.signing_key(210.0).kid == kids[2]


def test_no_emergency_no_change() -> None:
    plain, leaked = KeySchedule(7, "EdDSA", 100), KeySchedule(7, "EdDSA", 100, leaked_at=50.0)
    assert leaked.leaked_index is None
    assert [plain.published(t) for t in (0, 150, 500)] == [
        leaked.published(t) for t in (0, 150, 500)
    ]
    assert (
        KeySchedule(7, "HS256", secret=b"x" * 32, leaked_at=1.0, emergency_at=2.0).leaked_index
        is None
    )
