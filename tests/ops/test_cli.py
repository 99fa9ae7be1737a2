"""bin/net's command layer: exit codes and messages that need no deployment."""
import os
import re
import subprocess
import sys

from deploy.settings import ROOT
from ops.commands import BY_NAME as COMMANDS
from ops.commands import markdown
from ops.errors import EXIT_CODES


def cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ops", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, stdin=subprocess.DEVNULL, timeout=600)


def test_bad_configuration_exits_2_before_doing_anything():
    result = cli("up", NETWORK_AZS="ap-southeast-1a", NETWORK_EMULATOR_PORT="1")
    assert result.returncode == 2
    assert "azs: ['ap-southeast-1a'] has 1 zone(s)" in result.stderr and result.stdout == ""


def test_demo_needs_on_or_off():
    result = cli("demo", "maybe")
    assert result.returncode == 2
    assert result.stderr == ("error: bin/net demo: argument switch: invalid choice: 'maybe' (choose from 'on', "
                             "'off') (bin/net help demo)\n")


def test_help_lists_every_command_and_the_exit_codes_once():
    result = cli("help")
    assert result.returncode == 0 and result.stdout.startswith("usage: bin/net ")
    for command in COMMANDS:
        assert re.search(rf"^    {command}\b", result.stdout, re.MULTILINE), command
    for code, meaning in EXIT_CODES.items():
        assert f"  {code}  {meaning}" in result.stdout
    assert "modules" not in result.stdout and "python -m" not in result.stdout


def test_each_command_has_its_own_help():
    for command in ("up", "demo", "emulator", "cost"):
        for args in (("help", command), (command, "--help")):
            result = cli(*args)
            assert result.returncode == 0, args
            assert result.stdout.startswith(f"usage: bin/net {command}") and COMMANDS[command].summary in result.stdout


def test_env_carries_the_network_variables_in_effect():
    result = cli("env", NETWORK_EMULATOR_PORT="5123", NETWORK_DEMO_HEALTH_CHECK_PATH="/ok&x")
    assert result.returncode == 0
    assert "export NETWORK_EMULATOR_PORT=5123\n" in result.stdout and "export NETWORK_DEMO_HEALTH_CHECK_PATH='/ok&x'" in result.stdout
    assert "export TF_CLI_CONFIG_FILE=" in result.stdout


def test_verify_without_a_running_emulator_says_what_to_do():
    result = cli("verify", NETWORK_EMULATOR_PORT="1")
    assert result.returncode == 1
    assert "the emulator is not running at http://127.0.0.1:1" in result.stderr and "bin/net up" in result.stderr


def test_cost_prints_the_monthly_estimate():
    result = cli("cost", "--demo-hours", "10")
    assert result.returncode == 0
    assert "interface endpoints (4 × 2 AZ × $0.013/h)" in result.stdout and "75.92" in result.stdout


def test_real_aws_changes_need_an_answer_or_yes():
    """Where nobody can answer (no terminal), up, demo and down on real AWS refuse before anything
    starts: no bootstrap, no plan, no credentials needed to find out."""
    for command in (["up"], ["demo", "on"], ["down"]):
        result = cli(*command, NETWORK_TARGET="aws", AWS_ACCESS_KEY_ID="", AWS_PROFILE="nobody")
        assert result.returncode == 2, result.stderr
        assert "shows the plan and asks before it changes anything" in result.stderr
        assert "pass --yes to apply unattended" in result.stderr and result.stdout == ""


def test_outputs_and_diagram_options_are_documented():
    help_text = cli("outputs", "--help").stdout
    assert "{json,env,eksctl,eniconfig}" in help_text
    assert "--mermaid" in cli("diagram", "--help").stdout
    assert "--yes" in cli("up", "--help").stdout and "--json" in cli("verify", "--help").stdout


def test_the_readme_and_operations_tables_are_the_command_tables_made_from_the_code():
    """One declaration per command (ops/commands): the docs show what `bin/net help --markdown` prints."""
    assert markdown(False) in (ROOT / "README.md").read_text()
    assert markdown(True) in (ROOT / "docs" / "operations.md").read_text()
    printed = cli("help", "--markdown")
    assert printed.returncode == 0 and printed.stdout == markdown(False) + "\n"


def test_each_commands_help_lists_the_exit_codes_it_can_exit_with():
    review = cli("review", "--help").stdout
    assert "  2  the plan has changes" in review and "invalid configuration" not in review
    emulator = cli("emulator", "--help").stdout
    assert "  3  `emulator status` only" in emulator and "  130  " not in emulator
    up = cli("up", "--help").stdout
    assert "  2  invalid configuration or usage" in up and "  3  " not in up
