"""A SHA-256 that can be stopped after one request and continued in the next, in any process.

A resumable upload's checksum is taken while its bytes arrive, so its last request does not read the whole
file again (issue 16: hashing 1 GB a second time was a third of the upload). hashlib's objects cannot be saved,
so this uses OpenSSL's SHA256_CTX through ctypes (the library hashlib itself uses): a plain 112-byte struct of
the running state (eight words, the bit count, the partial block), stored between requests
(UploadSession.sha256_state) and restored in whichever web process takes the next chunk.

The saved state says how many bytes it covers, and a state is used only when that is exactly the upload's
offset (and, at the end, its length); anything else, a damaged state, or a libcrypto without these functions
(`available()` is False) means the caller hashes the file itself, as before. A self-test against hashlib runs
before the first use.
"""

import ctypes
import ctypes.util
import functools
import hashlib
import struct

# typedef struct { uint32 h[8]; uint32 Nl, Nh; uint32 data[16]; unsigned int num, md_len; } SHA256_CTX;
CTX_SIZE = 112
_COUNT = struct.Struct("<II")  # Nl, Nh: the bit count, at byte 32
_TAIL = struct.Struct("<II")  # num (bytes in the partial block), md_len, at byte 104
BLOCK = 64


@functools.cache
def _library():
    """libcrypto's SHA256_Init/Update/Final, checked against hashlib; None when unavailable or not matching."""
    name = ctypes.util.find_library("crypto")
    if not name:
        return None
    try:
        lib = ctypes.CDLL(name)  # CDLL releases the GIL during each call: hashing overlaps the request's I/O
        for function in (lib.SHA256_Init, lib.SHA256_Update, lib.SHA256_Final):
            function.restype = ctypes.c_int
        lib.SHA256_Update.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    except (OSError, AttributeError):
        return None
    if not _self_test(lib):
        return None
    return lib


def _self_test(lib) -> bool:
    data = bytes(range(256)) * 5  # 1280 bytes: whole blocks and a partial one, saved and restored in between
    for cut in (0, 1, 63, 64, 65, 700, 1280):
        hasher = _Hasher(lib, None)
        hasher.update(data[:cut])
        resumed = _Hasher.restore(lib, hasher.state())
        if resumed is None or resumed.count != cut:
            return False
        resumed.update(data[cut:])
        if resumed.hexdigest() != hashlib.sha256(data).hexdigest():
            return False
    return True


def available() -> bool:
    return _library() is not None


class _Hasher:
    def __init__(self, lib, ctx):
        self._lib = lib
        if ctx is None:
            ctx = ctypes.create_string_buffer(CTX_SIZE)
            lib.SHA256_Init(ctx)
        self._ctx = ctx

    @classmethod
    def restore(cls, lib, state: bytes) -> "_Hasher | None":
        if len(state) != CTX_SIZE:
            return None
        low, high = _COUNT.unpack_from(state, 32)
        num, md_len = _TAIL.unpack_from(state, 104)
        bits = (high << 32) | low
        # A damaged state must never reach OpenSSL: `num` indexes its block buffer.
        if md_len != 32 or bits % 8 or num != (bits // 8) % BLOCK:
            return None
        return cls(lib, ctypes.create_string_buffer(bytes(state), CTX_SIZE))

    @property
    def count(self) -> int:
        """How many bytes have gone in."""
        low, high = _COUNT.unpack_from(self._ctx.raw, 32)
        return ((high << 32) | low) // 8

    def update(self, data: bytes) -> None:
        if data:
            self._lib.SHA256_Update(self._ctx, data, len(data))

    def state(self) -> bytes:
        return self._ctx.raw

    def hexdigest(self) -> str:
        out = ctypes.create_string_buffer(32)
        ctx = ctypes.create_string_buffer(self._ctx.raw, CTX_SIZE)  # Final spoils the state it is given
        self._lib.SHA256_Final(out, ctx)
        return out.raw.hex()


def start() -> _Hasher | None:
    """A new running SHA-256, or None where OpenSSL's is not available."""
    lib = _library()
    return _Hasher(lib, None) if lib else None


def resume(state: bytes, count: int) -> _Hasher | None:
    """The running SHA-256 saved as `state`, if it covers exactly the first `count` bytes; else None.

    `count` 0 with no state starts afresh.
    """
    lib = _library()
    if lib is None:
        return None
    if not state:
        return _Hasher(lib, None) if count == 0 else None
    hasher = _Hasher.restore(lib, state)
    return hasher if hasher is not None and hasher.count == count else None
