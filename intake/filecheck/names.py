"""File names a patient's upload may carry, and how we show any name safely.

A name travels into messages, pages, a Content-Disposition header and the
database. Control characters (NUL, newlines) break headers and logs;
bidirectional overrides make "report‮fdp.exe" read as "reportexe.pdf"; a name
ending in a program's or a web page's extension is opened by a desktop as that
program or page whatever its bytes are. Such names are refused outright.
"""

import unicodedata
from pathlib import PurePosixPath

from . import messages
from .base import refuse

# Bidirectional embeddings, overrides and isolates, and the marks that steer them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Programs, scripts and documents a browser or desktop runs or renders as a page.
ACTIVE_EXTENSIONS = frozenset(
    ".exe .com .bat .cmd .scr .pif .cpl .msi .msp .dll .sys .ps1 .psm1 .vbs .vbe .js .jse .mjs .wsf .wsh "
    ".hta .lnk .url .reg .inf .jar .class .sh .bash .zsh .csh .command .app .dmg .pkg .deb .rpm .apk .so "
    ".dylib .py .pl .rb .php .asp .aspx .jsp .cgi .html .htm .xhtml .shtml .mht .mhtml .svg .svgz .xml "
    ".xsl .swf .scf .appx .msix .appref-ms .library-ms .settingcontent-ms".split()
)
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


def check_name(name: str, label: str) -> None:
    """Raise Rejected if `name` carries hidden characters or names a program; `label` is how to show it."""
    if any(c in BIDI_CONTROLS or unicodedata.category(c) in _REFUSED_CATEGORIES for c in name):
        raise refuse("unsafe_name", messages.NAME_HIDDEN_CHARACTERS, name=label)
    if _final_extension(name) in ACTIVE_EXTENSIONS:
        raise refuse("unsafe_name", messages.NAME_EXECUTABLE, name=label, accepted=messages.ACCEPTED)


def _final_extension(name: str) -> str:
    # Windows drops trailing dots and spaces, so "viewer.exe. " opens as viewer.exe.
    base = name.replace("\\", "/").rsplit("/", 1)[-1].rstrip(". ")
    return PurePosixPath(base).suffix.lower()
