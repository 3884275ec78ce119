"""Reading inputs: only regular files (or stdin), within a size limit, never a wait or a
misread: named pipes, devices, huge files, a JSONL corpus as one article."""

from __future__ import annotations

import io
import os
import sys

import pytest

from drift.errors import ConfigError, InputError
from drift.text.read import (
    DEFAULT_MAX_BYTES,
    max_input_bytes,
    parse_size,
    read_document,
    read_documents,
    read_input_bytes,
    read_text,
)


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="is a named pipe, not a regular file"):
        read_document(fifo)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_before_a_byte_is_read(device):
    with pytest.raises(InputError, match="is a character device, not a regular file"):
        read_input_bytes(device)


def test_a_huge_sparse_file_is_refused_by_its_size(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(20 * 1024 ** 3)  # 20 GB of nothing on disk
    with pytest.raises(InputError, match=r"big.txt: 20 GB, over the 64 MB limit on one input"):
        read_document(big)


def test_the_limit_is_configurable_and_stated(tmp_path, monkeypatch):
    f = tmp_path / "a.txt"
    f.write_text("The council met on Monday. " * 10, encoding="utf-8")
    assert read_text(f, max_bytes=1000).startswith("The council")
    with pytest.raises(InputError, match="270 bytes, over the 100 bytes limit.*--max-bytes"):
        read_text(f, max_bytes=100)
    monkeypatch.setenv("DRIFT_MAX_BYTES", "100")
    with pytest.raises(InputError, match="over the 100 bytes limit"):
        read_documents(f)
    assert max_input_bytes() == 100 and max_input_bytes(5) == 5
    monkeypatch.setenv("DRIFT_MAX_BYTES", "lots")
    with pytest.raises(ConfigError, match="DRIFT_MAX_BYTES: 'lots' is not a size"):
        read_text(f)
    monkeypatch.delenv("DRIFT_MAX_BYTES")
    assert max_input_bytes() == DEFAULT_MAX_BYTES == parse_size("64M")
    assert [parse_size(s) for s in ("1", "2k", "3MB", "1G", "5 MiB")] == [
        1, 2048, 3 * 1024 ** 2, 1024 ** 3, 5 * 1024 ** 2]
    for bad in ("", "0", "-1", "1.5M", "12 apples"):
        with pytest.raises(ConfigError):
            parse_size(bad)


def test_stdin_is_read_up_to_the_limit(monkeypatch):
    """An endless stdin (``drift score - x < /dev/zero``) stops at the limit."""
    class Zeros(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, b):
            b[:] = b"\0" * len(b)
            return len(b)

    endless = io.BufferedReader(Zeros())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(endless))
    with pytest.raises(InputError, match="-: over the 1 MB limit"):
        read_input_bytes("-", max_bytes=1024 ** 2)


def test_a_file_of_tabs_is_not_called_empty(tmp_path):
    tabs = tmp_path / "tabs.tsv"
    tabs.write_bytes(b"\t\t\n\t\n")
    with pytest.raises(InputError, match="no text: the file is empty but for spaces, tabs"):
        read_text(tabs)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty.txt: file is empty$"):
        read_text(empty)


def test_a_jsonl_base_is_its_one_record_never_the_json_line(tmp_path):
    one = tmp_path / "one.jsonl"
    one.write_text('{"id": "a", "text": "The council met on Monday. It cut taxes."}\n',
                   encoding="utf-8")
    doc = read_document(one)
    assert doc.path == f"{one}#a" and doc.paragraphs == ("The council met on Monday. "
                                                         "It cut taxes.",)
    two = tmp_path / "two.jsonl"
    two.write_text('{"text": "One article here."}\n{"text": "Another one here."}\n',
                   encoding="utf-8")
    with pytest.raises(InputError, match="a JSONL corpus of 2 articles where one article is "
                                         "needed"):
        read_document(two)
    assert len(read_documents(two)) == 2


def test_a_nul_in_a_file_name_is_an_input_error():
    with pytest.raises(InputError, match="cannot hold a NUL"):
        read_input_bytes("a\0b.txt")


def test_a_link_to_a_regular_file_is_read(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("The council met on Monday.", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(real)
    assert read_text(tmp_path / "link.txt") == "The council met on Monday."
    (tmp_path / "dev.txt").symlink_to("/dev/zero")
    with pytest.raises(InputError, match="character device"):
        read_text(tmp_path / "dev.txt")
