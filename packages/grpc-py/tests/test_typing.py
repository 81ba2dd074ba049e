"""polyrpc ships py.typed, so its own code must pass `mypy --strict` with the grpcio and protobuf type stubs."""

from __future__ import annotations

import subprocess
import sys

from conftest import PACKAGE_DIR


def test_the_package_passes_mypy_strict(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), str(PACKAGE_DIR / "src" / "polyrpc")],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout
    assert run.stdout.startswith("Success: no issues found in "), run.stdout
