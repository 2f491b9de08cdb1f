"""Shared test set-up: hypothesis profiles and paths to the bundled examples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
# Every profile suppresses too_slow: on a loaded machine the health check fails a test at random,
# and the README's test command must pass on every run.
settings.register_profile("dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

# Tables are fitted to $COLUMNS when it is set (render.terminal.terminal_width): a shell's or a test worker's
# COLUMNS would change what the CLI tests see. Tests that need a width set their own (monkeypatch.setenv).
os.environ.pop("COLUMNS", None)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "tongnan-shebao-2026.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED
