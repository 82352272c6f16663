"""The chunked AES-256-GCM file format of encrypted backups."""

from __future__ import annotations

import secrets
import struct
from pathlib import Path

import pytest

from mentoring.operations import crypto


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "CHUNK", 64)


def _chunks(path: Path) -> tuple[bytes, list[bytes]]:
    data = path.read_bytes()
    header, rest = data[:24], data[24:]
    chunks = []
    while rest:
        (length,) = struct.unpack(">I", rest[:4])
        chunks.append(rest[: 4 + length])
        rest = rest[4 + length :]
    return header, chunks


def test_round_trip_over_many_chunks(small_chunks: None, tmp_path: Path) -> None:
    key = crypto.parse_key(crypto.generate_key())
    plain = secrets.token_bytes(1000)
    (tmp_path / "plain").write_bytes(plain)
    crypto.encrypt_file(tmp_path / "plain", tmp_path / "sealed", key)
    _header, chunks = _chunks(tmp_path / "sealed")
    assert len(chunks) == 16
    assert plain[:64] not in (tmp_path / "sealed").read_bytes()
    crypto.decrypt_file(tmp_path / "sealed", tmp_path / "back", key)
    assert (tmp_path / "back").read_bytes() == plain


def test_reordered_or_truncated_chunks_fail(small_chunks: None, tmp_path: Path) -> None:
    key = crypto.parse_key(crypto.generate_key())
    (tmp_path / "plain").write_bytes(secrets.token_bytes(300))
    crypto.encrypt_file(tmp_path / "plain", tmp_path / "sealed", key)
    header, chunks = _chunks(tmp_path / "sealed")
    swapped = tmp_path / "swapped"
    swapped.write_bytes(header + chunks[1] + chunks[0] + b"".join(chunks[2:]))
    with pytest.raises(crypto.BackupCorruptError):
        crypto.decrypt_file(swapped, tmp_path / "out", key)
    # Dropping the last chunk leaves a file that decrypts chunk by chunk, but
    # the new last chunk was not sealed as the last one.
    truncated = tmp_path / "truncated"
    truncated.write_bytes(header + b"".join(chunks[:-1]))
    with pytest.raises(crypto.BackupCorruptError):
        crypto.decrypt_file(truncated, tmp_path / "out", key)


def test_a_wrong_key_is_told_apart_from_damage(tmp_path: Path) -> None:
    key = crypto.parse_key(crypto.generate_key())
    (tmp_path / "plain").write_bytes(b"x" * 10)
    crypto.encrypt_file(tmp_path / "plain", tmp_path / "sealed", key)
    with pytest.raises(crypto.BackupKeyError):
        crypto.decrypt_file(
            tmp_path / "sealed", tmp_path / "out", crypto.parse_key(crypto.generate_key())
        )


def test_keys_must_be_32_bytes_of_base64() -> None:
    with pytest.raises(crypto.BackupKeyError):
        crypto.parse_key("c2hvcnQ=")
    with pytest.raises(crypto.BackupKeyError):
        crypto.parse_key("not base64 at all!")
    assert len(crypto.parse_key(crypto.generate_key())) == 32
