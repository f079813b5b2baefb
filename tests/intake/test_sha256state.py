"""The running SHA-256 a resumable upload keeps between its chunks (intake.sha256state)."""

import hashlib
import os
import struct

import pytest

from intake import sha256state

pytestmark = pytest.mark.skipif(not sha256state.available(), reason="no libcrypto with SHA256_Init")


@pytest.mark.parametrize("cuts", [[], [1], [63, 64, 65], [1000, 4096, 70000], [5, 5, 5]])
def test_stopped_and_resumed_at_any_byte_it_gives_the_checksum_of_the_whole(cuts):
    data = os.urandom(100_000)
    state, done = b"", 0
    for cut in [*cuts, len(data)]:
        hasher = sha256state.resume(state, done)
        assert hasher is not None
        hasher.update(data[done:cut])
        state, done = hasher.state(), cut
    assert sha256state.resume(state, len(data)).hexdigest() == hashlib.sha256(data).hexdigest()


def test_a_state_is_only_used_for_the_exact_number_of_bytes_it_covers():
    hasher = sha256state.start()
    hasher.update(b"x" * 1000)
    assert sha256state.resume(hasher.state(), 1000) is not None
    assert sha256state.resume(hasher.state(), 999) is None  # the file was cut back: hash it again
    assert sha256state.resume(hasher.state(), 1001) is None
    assert sha256state.resume(b"", 1000) is None  # nothing kept for bytes already received


@pytest.mark.parametrize(
    "damage",
    [
        lambda s: s[:-1],  # short
        lambda s: s[:104] + struct.pack("<II", 200, 32),  # a partial-block length past the buffer
        lambda s: s[:104] + struct.pack("<II", 8, 20),  # not SHA-256's digest length
        lambda s: s[:32] + struct.pack("<II", 8001, 0) + s[40:],  # a bit count that is not whole bytes
    ],
)
def test_a_damaged_state_is_refused_before_it_reaches_openssl(damage):
    hasher = sha256state.start()
    hasher.update(b"y" * 1000)
    assert sha256state.resume(damage(hasher.state()), 1000) is None
