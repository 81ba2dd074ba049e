"""The generated Python stubs work in a clean virtualenv that holds only grpcio and protobuf."""

import json
import subprocess
import sys
import venv
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
STUBS = PACKAGE_ROOT / "src" / "polyrpc_stubs"
# The versions requirements.txt pins for the generator; the wheel declares ranges starting at them.
RUNTIME = ["grpcio==1.85.1", "protobuf==7.36.2"]


REPO = PACKAGE_ROOT.parents[1]


def expected_modules() -> list[str]:
    """Two modules per .proto of the tree polyrpc.json names: what the generator must have written."""
    proto_root = REPO / json.loads((REPO / "polyrpc.json").read_text())["proto"]
    modules = []
    for proto in sorted(proto_root.rglob("*.proto")):
        dotted = ".".join(proto.relative_to(proto_root).with_suffix("").parts)
        modules += [f"polyrpc_stubs.{dotted}_pb2", f"polyrpc_stubs.{dotted}_pb2_grpc"]
    return sorted(modules)


def generated_modules() -> list[str]:
    modules = []
    for path in sorted(STUBS.rglob("*_pb2*.py")):
        relative = path.relative_to(STUBS.parent).with_suffix("")
        modules.append(".".join(relative.parts))
    return modules


def test_every_module_imports_in_a_clean_venv(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *RUNTIME], check=True, timeout=300)
    # A real (non-editable) install of the wheel, with no dependency resolution beyond the two pins.
    subprocess.run([*pip, "--no-deps", str(PACKAGE_ROOT)], check=True, timeout=300)

    installed = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze"], check=True, capture_output=True, text=True, timeout=60).stdout
    names = sorted(line.split("==")[0].lower().replace("_", "-") for line in installed.splitlines())
    # typing-extensions is grpcio's own dependency; pip and setuptools come with every venv.
    assert [n for n in names if n not in ("pip", "setuptools", "typing-extensions")] == ["grpcio", "polyrpc-stubs", "protobuf"]

    modules = generated_modules()
    assert sorted(modules) == expected_modules()  # each .proto gives _pb2 and _pb2_grpc
    script = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\nprint(len(sys.argv) - 1)"
    # Run outside the source tree, so the import can only come from the installed wheel.
    result = subprocess.run([str(python), "-c", script, *modules], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(len(modules))


def test_typing_files_ship_with_the_package() -> None:
    assert (STUBS / "py.typed").exists()
    for module in STUBS.rglob("*_pb2.py"):
        assert module.with_suffix(".pyi").exists(), f"no .pyi beside {module.name}"


def test_package_is_importable_from_the_project_venv() -> None:
    from polyrpc_stubs.routeguide import route_guide_pb2

    point = route_guide_pb2.Point(latitude=409146138, longitude=-746188906)
    assert route_guide_pb2.Point.FromString(point.SerializeToString()) == point
    assert sys.version_info >= (3, 9)
