"""Production refuses what only tests may use: the fast password hasher and silenced
security checks (the settings module raises before the app starts)."""

import os
import subprocess
import sys

import pytest

BASE = {
    "MITWIRKEN_ENV": "production",
    "SECRET_KEY": "k" * 60,
    "ALLOWED_HOSTS": "example.org",
    "DEBUG": "false",
}


def _load(**extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("FAST_PASSWORD_HASHER", "DEBUG")}
    env.update(BASE, **extra)
    return subprocess.run(
        [sys.executable, "-c", "import mitwirken.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_production_settings_load():
    result = _load()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"FAST_PASSWORD_HASHER": "1"}, "FAST_PASSWORD_HASHER is for tests only"),
        ({"SILENCED_SYSTEM_CHECKS": "security.W004"}, "cannot be silenced in production"),
        ({"DEBUG": "true"}, "DEBUG must be off in production"),
    ],
)
def test_production_refuses(extra, message):
    result = _load(**extra)
    assert result.returncode != 0 and message in result.stderr
