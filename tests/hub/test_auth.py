"""PIN hashing and the lockout after repeated wrong PINs (no hub needed)."""

import pytest

from himoya.hub.auth import Lockout, check_secret, hash_secret, make_logins


def test_a_stored_pin_is_a_salted_hash_that_checks_only_the_right_pin():
    stored = hash_secret("482913")
    assert "482913" not in str(stored)
    assert check_secret("482913", stored)
    assert not check_secret("482914", stored)
    assert hash_secret("482913")["hash"] != stored["hash"]  # new salt, new hash


def test_logins_file_keeps_id_and_kind_but_no_pin():
    logins = make_logins([("KUL-07", "kul-07", "trainee", "123456")])
    entry = logins["users"]["kul-07"]
    assert entry["id"] == "KUL-07"
    assert entry["kind"] == "trainee"
    assert "123456" not in repr(logins)


def test_five_wrong_pins_lock_the_login_for_the_lockout_time():
    lock = Lockout(max_failures=5, minutes=5, per_address=100)
    for second in range(4):
        lock.failed("kul-07", "10.0.0.5", now=second)
    assert lock.wait("kul-07", "10.0.0.5", now=4) == 0
    lock.failed("kul-07", "10.0.0.5", now=4)
    assert lock.wait("kul-07", "10.0.0.5", now=5) == pytest.approx(299)
    assert lock.wait("kul-07", "10.0.0.6", now=5) == pytest.approx(299)  # any device
    assert lock.wait("kul-08", "10.0.0.5", now=5) == 0  # others are not locked
    assert lock.wait("kul-07", "10.0.0.5", now=305) == 0  # it ends


def test_a_right_pin_resets_the_count_of_wrong_ones():
    lock = Lockout(max_failures=3, minutes=5, per_address=100)
    lock.failed("kul-07", "a", now=0)
    lock.failed("kul-07", "a", now=1)
    lock.succeeded("kul-07")
    lock.failed("kul-07", "a", now=2)
    assert lock.wait("kul-07", "a", now=3) == 0


def test_one_address_trying_many_names_is_locked_out():
    lock = Lockout(max_failures=5, minutes=10, per_address=20)
    for number in range(20):
        lock.failed(f"t{number:02d}", "192.168.8.23", now=number)
    assert lock.wait("t99", "192.168.8.23", now=20) > 0
    assert lock.wait("t99", "192.168.8.24", now=20) == 0
    assert lock.wait("t99", "192.168.8.23", now=601) == 0  # the oldest fell out of the window
