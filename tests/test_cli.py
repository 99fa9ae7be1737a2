"""bin/net's command layer: exit codes and messages that need no deployment."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "modules.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, stdin=subprocess.DEVNULL)


def test_bad_configuration_exits_2_before_doing_anything():
    result = cli("up", NETWORK_AZS="ap-southeast-1a", NETWORK_EMULATOR_PORT="1")
    assert result.returncode == 2
    assert "azs: ['ap-southeast-1a'] has 1 zone(s)" in result.stderr and result.stdout == ""


def test_demo_needs_on_or_off():
    result = cli("demo", "maybe")
    assert result.returncode == 2 and "demo needs 'on' or 'off'" in result.stderr


def test_verify_without_a_running_emulator_says_what_to_do():
    result = cli("verify", NETWORK_EMULATOR_PORT="1")
    assert result.returncode == 1
    assert "the emulator is not running at http://127.0.0.1:1" in result.stderr and "bin/net up" in result.stderr


def test_cost_prints_the_monthly_estimate():
    result = cli("cost", "--demo-hours", "10")
    assert result.returncode == 0
    assert "interface endpoints per month" in result.stdout and "74.88" in result.stdout
