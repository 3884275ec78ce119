"""The text of an input: the bytes of a file or stdin, checked, within a size limit, and decoded.

**Encodings.** A file is read as UTF-8 when it is valid UTF-8 (a UTF-8 byte-order mark is
dropped); a UTF-16 or UTF-32 file with a byte-order mark is read as such. Otherwise the
encoding is detected with charset-normalizer, preferring Windows-1252 (the usual legacy
encoding of Western text) whenever it decodes the bytes as cleanly as the detector's best
guess; the encoding used is recorded in :attr:`drift.text.read.Document.encoding` and logged
as a warning. ``encoding=`` forces one. Files that are not text (images, PDFs, archives, NUL
bytes without a byte-order mark, mostly control characters) are refused with one line.

**What is opened.** Only a regular file (or a link to one) or ``-`` (stdin) is read: a named
pipe, a device such as ``/dev/zero``, a socket or a folder is refused before anything is read,
and so is a file larger than the limit (:data:`DEFAULT_MAX_BYTES`, 64 MiB; ``--max-bytes`` or
``DRIFT_MAX_BYTES`` change it); stdin is read up to the limit. No input makes drift wait
forever or fill the memory.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from drift.errors import ConfigError, InputError

log = logging.getLogger("drift")

__all__ = ["decode_bytes", "read_input_bytes", "read_text", "max_input_bytes", "parse_size",
           "DEFAULT_MAX_BYTES"]

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (  # file signatures of common non-text formats
    (b"%PDF-", "a PDF"), (b"PK\x03\x04", "a zip archive (or .docx/.odt)"),
    (b"PK\x05\x06", "a zip archive"), (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"), (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"), (b"\xd0\xcf\x11\xe0", "an Office document"),
    (b"7z\xbc\xaf", "a 7-zip archive"), (b"Rar!", "a RAR archive"),
    (b"\xfd7zXZ", "an xz archive"), (b"BZh91AY&SY", "a bzip2 archive"),
)
#: Windows-1252 is preferred over the detector's guess when its chaos is at most this much more
_CP1252_MARGIN = 0.05
#: share of control characters (other than whitespace) above which decoded bytes are binary
_MAX_CONTROL = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def _line_of(data: bytes, offset: int) -> int:
    """1-based line number of byte ``offset`` (lines end at ``\\n``)."""
    return data.count(b"\n", 0, offset) + 1


def _codec(encoding: str) -> str:
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise ConfigError(f"unknown encoding {encoding!r}; use a Python codec name such as "
                          "utf-8, cp1252, latin-1, utf-16, gb18030, shift_jis") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ConfigError(f"{encoding!r} is not a text encoding")
    return info.name


def _detect(data: bytes) -> str | None:
    """The encoding of bytes that are not UTF-8: Windows-1252 if it decodes them as cleanly as
    charset-normalizer's best guess, else that guess; None when nothing fits."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return None if best is None else str(best.encoding)
    cp = from_bytes(data, cp_isolation=["cp1252"]).best()
    if cp is not None and (best is None or cp.chaos <= best.chaos + _CP1252_MARGIN):
        return "cp1252"
    return None if best is None else str(best.encoding)


def _empty(name: str, data: bytes | str) -> str:
    """The message for input without text: empty, or only whitespace (said so: a file of
    tabs is not empty to the person who wrote it)."""
    if not data or data in ("\ufeff", codecs.BOM_UTF8):
        return f"{name}: file is empty"
    return f"{name}: no text: the file is empty but for spaces, tabs or line breaks"


def decode_bytes(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes: ``(text, encoding used)`` (see the module docstring).

    Args:
        data: the file's content.
        name: the file's name, for messages.
        encoding: a Python codec name to force, or None to detect.

    Raises:
        InputError: empty, binary, or not decodable (the message gives the line).
        ConfigError: ``encoding`` is not a known text encoding.

    >>> decode_bytes("caf\\u00e9 \\u2013 na\\u00efve".encode("cp1252"), "a.txt")
    ('café – naïve', 'cp1252')
    """
    if not data.strip():
        raise InputError(_empty(name, data))
    if encoding is not None:
        codec = _codec(encoding)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: line {_line_of(data, exc.start)}: not valid {codec} text "
                             f"(byte 0x{data[exc.start]:02x})") from None
        used = codec
    else:
        bom = next((enc for mark, enc in _BOMS if data.startswith(mark)), None)
        kind = next((what for magic, what in _MAGIC if data.startswith(magic)), None)
        if bom is None and kind is not None:
            raise InputError(f"{name}: looks like {kind} (binary), not text")
        if bom is None and b"\x00" in data[:8192]:
            raise InputError(f"{name}: looks like a binary file, not text (NUL bytes; for "
                             "UTF-16 without a byte-order mark give --encoding utf-16)")
        try:
            text, used = data.decode(bom or "utf-8"), bom or "utf-8"
        except UnicodeDecodeError as exc:
            if bom is not None:
                raise InputError(f"{name}: line {_line_of(data, exc.start)}: not valid "
                                 f"{bom} text despite its byte-order mark") from None
            detected = _detect(data)
            if detected is None:
                raise InputError(
                    f"{name}: line {_line_of(data, exc.start)}: not UTF-8, and no other text "
                    "encoding fits; give one with --encoding") from None
            used = _codec(detected)
            text = data.decode(used)
        used = "utf-8" if used == "utf-8-sig" else used
        controls = len(_CONTROL.findall(text[:65536]))
        if controls > _MAX_CONTROL * min(len(text), 65536):
            raise InputError(f"{name}: looks like a binary file, not text "
                             f"({controls} control characters)")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(_empty(name, text))
    if used != "utf-8":
        log.warning("%s: read as %s, not UTF-8%s", name, used,
                    "" if encoding else " (detected; --encoding forces one)")
    return text, used


# --- what is opened ------------------------------------------------------------------------

#: the largest input drift reads, in bytes (64 MiB: far beyond any article, small enough
#: for any machine); ``DRIFT_MAX_BYTES`` or a command's ``--max-bytes`` change it
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_SIZE = re.compile(r"^\s*(\d+)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a directory"))


def parse_size(text: str) -> int:
    """Bytes from ``64M``, ``500k``, ``1G`` (powers of 1024) or a plain number of bytes.

    Raises:
        ConfigError: not a positive size.

    >>> parse_size("64M"), parse_size("1000")
    (67108864, 1000)
    """
    m = _SIZE.match(str(text))
    if not m or int(m.group(1)) < 1:
        raise ConfigError(f"{text!r} is not a size; give bytes, or a number with k, M or G "
                          "(e.g. 64M)")
    unit = (m.group(2) or "b")[0].lower()
    return int(m.group(1)) * {"b": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}[unit]


def _human(n: int) -> str:
    for unit, size in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("kB", 1024)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


def max_input_bytes(limit: int | None = None) -> int:
    """The size limit on one input: ``limit`` if given, else ``$DRIFT_MAX_BYTES``, else
    :data:`DEFAULT_MAX_BYTES`.

    Raises:
        ConfigError: ``DRIFT_MAX_BYTES`` is not a size.
    """
    if limit is not None:
        if limit < 1:
            raise ConfigError(f"the input size limit must be at least 1 byte, got {limit}")
        return int(limit)
    env = os.environ.get("DRIFT_MAX_BYTES")
    if env is None or not env.strip():
        return DEFAULT_MAX_BYTES
    try:
        return parse_size(env)
    except ConfigError as exc:
        raise ConfigError(f"DRIFT_MAX_BYTES: {exc}") from None


def _too_big(name: str, limit: int, size: int | None) -> InputError:
    what = f"{_human(size)}, over" if size is not None else "over"
    return InputError(f"{name}: {what} the {_human(limit)} limit on one input; raise it with "
                      "--max-bytes or DRIFT_MAX_BYTES if this is really one article or corpus")


def _read_limited(read: Callable[[int], bytes], name: str, limit: int) -> bytes:
    """Read until end of file, never more than ``limit`` bytes (one more tells it is over)."""
    buf = bytearray()
    while True:
        chunk = read(min(1 << 20, limit + 1 - len(buf)))
        if not chunk:
            return bytes(buf)
        buf += chunk
        if len(buf) > limit:
            raise _too_big(name, limit, None)


def read_input_bytes(source: str | os.PathLike[str], max_bytes: int | None = None) -> bytes:
    """The bytes of an input: a regular file (a link to one is followed) or ``-`` (stdin).

    Nothing else is opened for reading: a named pipe, a device (``/dev/zero``), a socket or a
    folder is refused at once, and so is a file over the size limit
    (:func:`max_input_bytes`) before a byte of it is read; stdin is read up to the limit.

    Raises:
        InputError: missing, not a regular file, too large or unreadable (one line).
    """
    name = str(source)
    limit = max_input_bytes(max_bytes)
    if name == "-":
        return _read_limited(sys.stdin.buffer.read, "-", limit)
    if "\0" in name:
        raise InputError(f"{name!r}: a file name cannot hold a NUL character")
    try:
        # O_NONBLOCK: opening a named pipe does not wait for a writer (it is refused below)
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{name}: is a directory, not a file")
        if not stat.S_ISREG(st.st_mode):
            kind = next((k for test, k in _KINDS if test(st.st_mode)), "not a regular file")
            raise InputError(f"{name}: is {kind}, not a regular file; drift reads files, "
                             "or - for stdin")
        if st.st_size > limit:
            raise _too_big(name, limit, st.st_size)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return _read_limited(fh.read, name, limit)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    finally:
        os.close(fd)


def read_text(source: str | Path, *, encoding: str | None = None,
              max_bytes: int | None = None) -> str:
    """The text of a file or ``-`` (stdin), checked: a regular file within the size limit
    (:func:`read_input_bytes`), not empty or binary, and decoded (UTF-8, a byte-order mark, or
    a detected encoding; ``encoding`` forces one).

    Raises:
        InputError: with a one-line message naming the file (and the line, for bad bytes).
    """
    return decode_bytes(read_input_bytes(source, max_bytes), str(source), encoding)[0]
