"""Encryption of backup files: AES-256-GCM in chunks (``cryptography``).

A backup holds personal data, so it may be encrypted with a key from the
environment (``MENTORING_BACKUP_KEY``: 32 random bytes, URL-safe base64; make
one with ``manage.py backup --generate-key``). The file is

    MAGIC (8 bytes) | key check (8) | nonce prefix (8) | chunk | chunk | ...

and each chunk is ``length (4, big-endian) | ciphertext+tag``. A chunk's nonce
is the prefix and its counter; its associated data is the header, the counter
and a flag that marks the last chunk, so chunks can be neither reordered nor
cut off. The key check (a hash of the key, not the key) tells a wrong key
apart from an altered file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
import struct
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"MENTBAK1"
CHUNK = 1024 * 1024
_HEADER = len(MAGIC) + 8 + 8


class BackupKeyError(Exception):
    """The key is missing, malformed or not the one the file was encrypted with."""


class BackupCorruptError(Exception):
    """The encrypted file was altered, cut short or is not a backup."""


def generate_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def parse_key(value: str) -> bytes:
    """The 32 key bytes of ``value`` (URL-safe base64); BackupKeyError otherwise."""
    try:
        key = base64.urlsafe_b64decode(value.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError) as error:
        raise BackupKeyError("MENTORING_BACKUP_KEY is not URL-safe base64.") from error
    if len(key) != 32:
        raise BackupKeyError(
            f"MENTORING_BACKUP_KEY must decode to 32 bytes (AES-256), not {len(key)}."
        )
    return key


def _key_check(key: bytes) -> bytes:
    return hashlib.sha256(b"mentoring-backup-key-check\0" + key).digest()[:8]


def _aad(header: bytes, counter: int, last: bool) -> bytes:
    return header + struct.pack(">IB", counter, 1 if last else 0)


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(len(MAGIC)) == MAGIC


def encrypt_file(source: Path, target: Path, key: bytes) -> None:
    aes = AESGCM(key)
    header = MAGIC + _key_check(key) + secrets.token_bytes(8)
    with source.open("rb") as plain, target.open("wb") as out:
        out.write(header)
        counter = 0
        chunk = plain.read(CHUNK)
        while True:
            following = plain.read(CHUNK)
            last = not following
            nonce = header[-8:] + struct.pack(">I", counter)
            sealed = aes.encrypt(nonce, chunk, _aad(header, counter, last))
            out.write(struct.pack(">I", len(sealed)) + sealed)
            if last:
                break
            chunk = following
            counter += 1
        out.flush()
        os.fsync(out.fileno())


def _read_exact(file: BinaryIO, size: int) -> bytes:
    data = file.read(size)
    if len(data) != size:
        raise BackupCorruptError("The encrypted backup is cut short.")
    return data


def decrypt_file(source: Path, target: Path, key: bytes) -> None:
    aes = AESGCM(key)
    with source.open("rb") as sealed_file, target.open("wb") as out:
        header = sealed_file.read(_HEADER)
        if len(header) != _HEADER or not header.startswith(MAGIC):
            raise BackupCorruptError("The file is not an encrypted backup.")
        if not secrets.compare_digest(header[len(MAGIC) : len(MAGIC) + 8], _key_check(key)):
            raise BackupKeyError(
                "MENTORING_BACKUP_KEY is not the key this backup was encrypted with."
            )
        counter = 0
        while True:
            (length,) = struct.unpack(">I", _read_exact(sealed_file, 4))
            sealed = _read_exact(sealed_file, length)
            last = sealed_file.peek(1)[:1] == b""
            nonce = header[-8:] + struct.pack(">I", counter)
            try:
                out.write(aes.decrypt(nonce, sealed, _aad(header, counter, last)))
            except InvalidTag as error:
                raise BackupCorruptError(
                    "The encrypted backup was altered or is damaged (authentication failed)."
                ) from error
            if last:
                return
            counter += 1
