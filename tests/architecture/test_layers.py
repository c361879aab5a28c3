"""The import contracts of pyproject.toml ([tool.importlinter]) hold, and they can fail:
a copy of the code with one planted upward import breaks the layers contract."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(src: Path, config: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
        cwd=config.parent,
        timeout=120,
        check=False,
    )


def _copy_code(tmp_path: Path) -> Path:
    """The Python files of the package and the configuration, in a scratch folder."""
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "mitwirken",
        src / "mitwirken",
        ignore=shutil.ignore_patterns("templates", "static", "locale*", "data", "__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return src


def test_the_layers_hold():
    result = _lint(ROOT / "src", ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Apps import only from their own layer or below KEPT" in result.stdout
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("where", "line", "broken"),
    [
        # A domain app reaching up into the web layer, as a view helper in a service might.
        (
            "contributions",
            "from mitwirken.web import access",
            "Apps import only from their own layer or below BROKEN",
        ),
        # A page acting as the operator, past every rule.
        (
            "web",
            "from mitwirken.core.actors import OPERATOR",
            "Only management commands act as the operator BROKEN",
        ),
    ],
)
def test_a_planted_import_breaks_its_contract(tmp_path, where, line, broken):
    src = _copy_code(tmp_path)
    planted = src / "mitwirken" / where / "planted.py"
    planted.write_text(f"{line}  # noqa\n", encoding="utf-8")
    result = _lint(src, tmp_path / "pyproject.toml")
    assert result.returncode != 0
    assert broken in result.stdout
    assert f"mitwirken.{where}.planted -> {line.split()[1]}" in result.stdout
