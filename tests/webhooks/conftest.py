"""Fixtures of the webhook tests: one real receiver on loopback per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.webhooks.receiver import Receiver, running_receiver


@pytest.fixture(scope="module")
def _module_receiver() -> Iterator[Receiver]:
    with running_receiver() as receiver:
        yield receiver


@pytest.fixture
def receiver(_module_receiver: Receiver) -> Iterator[Receiver]:
    _module_receiver.reset()
    yield _module_receiver
    _module_receiver.reset()
