"""The README's first example runs as shown (TLS, a bearer token, the limits file) and prints what its
`# <line>` comments say. e2e/publish runs the same example from the built wheels in a clean virtualenv."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from conftest import PACKAGE_DIR


def readme_example() -> tuple[str, list[str]]:
    """The first ```python block of README.md, and the output lines its `print(...)  # <line>` comments promise."""
    readme = (PACKAGE_DIR / "README.md").read_text()
    code = re.search(r"```python\n(.*?)```", readme, re.S).group(1)
    return code, re.findall(r"print\(.*\)  # (.+)$", code, re.M)


def test_the_serve_and_call_example_runs(tmp_path, certs):
    code, expected = readme_example()
    assert expected == ["Hello, Ada", "UNAUTHENTICATED missing bearer token: send the header authorization: Bearer <token>"]
    for name, key in (("server.crt", "serverCert"), ("server.key", "serverKey"), ("ca.crt", "ca")):
        shutil.copy(certs[key], tmp_path / name)
    (tmp_path / "tokens.txt").write_text("# the tokens this server accepts\nreadme-token-7f3a\n")
    (tmp_path / "limits.json").write_text('{"maxReceiveMessageBytes": 1048576, "methodTimeoutsMs": {"Greeter": 5000}}\n')
    (tmp_path / "example.py").write_text(code)
    run = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.splitlines() == expected
