"""Settings of the multi-node fault test's web nodes and workers: the test
settings, with every matching run handed to the background worker (the path a
programme of more than ``MATCHING_INLINE_LIMIT`` people takes), so that a small
programme's run can be cut off by killing the worker that executes it."""

from mentoring.settings_test import *  # noqa: F403

MATCHING_INLINE_LIMIT = 0
