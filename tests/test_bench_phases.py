"""benchmarks/bench_phases.py marks each phase of a real command (a command line that no longer calls the api
functions or output.emit it wraps would give too few marks and stop it)."""

from __future__ import annotations

import importlib.util

from .conftest import EXAMPLES, ROOT, SEED


def test_the_phases_of_scoring_the_seed():
    spec = importlib.util.spec_from_file_location("bench_phases", ROOT / "benchmarks" / "bench_phases.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    phases, total = bench.run(["score", str(SEED), str(EXAMPLES / "tongnan-shebao-2026.actuals.yaml")])
    assert len(phases) == len(bench.PHASES) == 6
    assert all(phase >= 0 for phase in phases) and abs(sum(phases) - total) < 1e-6
    start_up, command_line, imports, work, output, exit_ = phases
    assert command_line > 0 and imports > 0 and work > 0 and output > 0  # each mark taken where it belongs
