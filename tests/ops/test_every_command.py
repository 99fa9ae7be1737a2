"""Every command of the table through its error paths, so a command added tomorrow is covered too: an
unknown flag, and (for those that read the configuration) a bad configuration, are each refused with the
command's declared refusal code, in one line on stderr, before anything is written or started."""
from __future__ import annotations

import argparse
import os

import pytest

from ops import cli
from ops.commands import TABLE, Command

# Values for what a command requires before it reads any configuration.
REQUIRED = {"--account": "123456789012", "--repo": "octo/network", "plan_file": "reviewed.tfplan"}
READS_NO_CONFIGURATION = {"help", "test", "emulator"}


def required_args(command: Command) -> list[str]:
    args = []
    for each in command.flags:
        name, options = each.names[0], each.options
        positional = not name.startswith("-") and options.get("nargs") not in ("?", argparse.REMAINDER)
        if positional:
            args.append(REQUIRED.get(name) or options["choices"][0])
        elif options.get("required"):
            args += [name, REQUIRED[name]]
    return args


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith("NETWORK_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("NETWORK_OUTDIR", str(tmp_path / "out"))
    monkeypatch.setenv("NETWORK_EMULATOR_PORT", "1")  # nothing listens: a refusal must come before the emulator
    return tmp_path


def refused(capsys, argv: list[str]) -> tuple[int, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert out == "", out
    assert err.startswith("error: ") and "Traceback" not in err, err
    return code, err


@pytest.mark.parametrize("command", [c for c in TABLE if c.name != "test"], ids=lambda c: c.name)
def test_an_unknown_flag_is_refused_in_one_line(command, isolated, capsys):
    code, err = refused(capsys, [command.name, *required_args(command), "--no-such-flag"])
    assert code == command.refused, err
    assert err.count("\n") == 1 and "unrecognized arguments: --no-such-flag" in err
    assert f"(bin/net help {command.name})" in err, err


@pytest.mark.parametrize("command", [c for c in TABLE if c.name not in READS_NO_CONFIGURATION],
                         ids=lambda c: c.name)
def test_a_bad_configuration_is_refused_before_anything_is_written(command, isolated, monkeypatch, capsys):
    monkeypatch.setenv("NETWORK_VPC_CIDR", "10.0.0.0/33")
    code, err = refused(capsys, [command.name, *required_args(command)])
    assert code == command.refused, err
    assert "vpc_cidr: '10.0.0.0/33'" in err and "fix:" in err, err
    assert not (isolated / "out").exists(), "something was synthesized"


def test_every_declared_refusal_code_is_one_of_its_exit_codes():
    for command in TABLE:
        if command.name != "test":
            assert command.refused in command.exits, command.name
