"""Bad flag values through bin/net, as a user types them: each is refused before anything is read,
written or started, naming the flag, the value and the fix (one line; a configuration error lists its
problems one a line), with the documented exit code
(2 for usage; review and plan 1, as their 2 means "changes"), and never a traceback."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deploy.settings import ROOT

ENV = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_")}
# A port nothing listens on: a refusal that got as far as the emulator would fail differently.
ENV["NETWORK_EMULATOR_PORT"] = "1"

CASES = [
    # (arguments, extra environment, exit code, words the one-line message must hold)
    (["review", "--env", "default,,staging"], {}, 1, "has an empty name"),
    (["review", "--env", ",default"], {}, 1, "has an empty name"),
    (["review", "--env", "default,"], {}, 1, "has an empty name"),
    (["review", "--env", ""], {}, 1, "has an empty name"),
    (["review", "--env", " , "], {}, 1, "has an empty name"),
    (["review", "--env", "default,default"], {}, 1, "names default more than once"),
    (["review", "--env", "staging,production,staging"], {}, 1, "names staging more than once"),
    (["review", "--env", "default,nope"], {}, 1, "no environment 'nope'"),
    (["review", "--env", "nope"], {}, 1, "no environment 'nope'"),
    (["review", "--all", "--env", "default"], {}, 1, "--all and --env 'default' were both given"),
    (["review", "--all", "--env", "default,staging"], {}, 1, "--all and --env"),
    (["plan", "--all", "--env", "staging"], {}, 1, "--all and --env"),
    (["plan", "--env", "a,,b"], {}, 1, "has an empty name"),
    (["review", "--all", "--plan-file", "x.tfplan"], {}, 1, "--plan-file and --seal are for one environment"),
    (["review", "--all", "--seal"], {}, 1, "--plan-file and --seal are for one environment"),
    (["review", "--seal"], {}, 1, "--seal needs --plan-file"),
    (["review", "--seal", "--plan-file", "x.tfplan"], {}, 1, "NETWORK_PLAN_KEY is empty"),
    (["apply", "nowhere.tfplan.enc"], {"NETWORK_PLAN_KEY": "k", "NETWORK_TARGET": "aws"}, 1, "no sealed plan at nowhere.tfplan.enc"),
    (["review", "--bogus"], {}, 1, "unrecognized arguments: --bogus"),
    (["plan", "--changes-ok=yes"], {}, 1, "ignored explicit argument"),
    (["up", "--env", "nope"], {}, 2, "no environment 'nope'"),
    (["up", "--env", ""], {}, 2, "has an empty name"),
    (["up", "--env", "default,staging"], {}, 2, "works on one environment"),
    (["verify", "--env", "staging,staging"], {}, 2, "works on one environment"),
    (["outputs", "--env", "prod"], {}, 2, "no environment 'prod'"),
    (["outputs", "--format", "yaml"], {}, 2, "invalid choice: 'yaml'"),
    (["down", "--env", "nope"], {}, 2, "no environment 'nope'"),
    (["cost", "--gb", "lots"], {}, 2, "invalid float value: 'lots'"),
    (["demo", "maybe"], {}, 2, "invalid choice: 'maybe'"),
    (["emulator", "restart"], {}, 2, "invalid choice: 'restart'"),
    (["state", "rewind"], {}, 2, "invalid choice: 'rewind'"),
    (["nosuchcommand"], {}, 2, "invalid choice: 'nosuchcommand'"),
    (["environments", "--changed-since=--output=/tmp/network-flags-test"], {}, 2,
     "'--output=/tmp/network-flags-test' is not a commit git knows"),
    (["environments", "--changed-since=-p"], {}, 2, "'-p' is not a commit git knows"),
    (["environments", "--changed-since", "-p"], {}, 2, "argument --changed-since: expected one argument"),
    (["environments", "--changed-since", "no-such-branch-anywhere"], {}, 2, "is not a commit git knows"),
    (["environments", "--changed-since", "HEAD~100000"], {}, 2, "is not a commit git knows"),
    (["environments", "--changed-since", ""], {}, 2, "is not a commit git knows"),
    (["environments"], {"NETWORK_ENVIRONMENTS_DIR": "/nonexistent-environments"}, 2, "is not a folder"),
    (["review", "--all"], {"NETWORK_ENVIRONMENTS_DIR": "/nonexistent-environments"}, 1, "is not a folder"),
    (["ci-roles", "--env", "staging", "--account", "12", "--repo", "acme/net"], {}, 2, "--account '12'"),
    (["ci-roles", "--env", "staging", "--account", "1234567890123", "--repo", "acme/net"], {}, 2,
     "is not an AWS account id"),
    (["ci-roles", "--env", "staging", "--account", "12345678901a", "--repo", "acme/net"], {}, 2,
     "is not an AWS account id"),
    (["ci-roles", "--env", "staging", "--account", "123456789012", "--repo", "acme"], {}, 2,
     "is not a GitHub repository"),
    (["ci-roles", "--env", "staging", "--account", "123456789012", "--repo=-acme/net"], {}, 2,
     "is not a GitHub repository"),
    (["ci-roles", "--env", "staging", "--account", "123456789012", "--repo", "acme/net/extra"], {}, 2,
     "is not a GitHub repository"),
    (["ci-roles", "--env", "staging", "--account", "123456789012", "--repo", "acme/.."], {}, 2,
     "is not a GitHub repository"),
    (["ci-roles", "--env", "staging", "--account", "123456789012", "--repo", "ac--me/net"], {}, 2,
     "is not a GitHub repository"),
    (["ci-roles", "--env", "staging", "--account", "123456789012", "--repo", "acme/net*"], {}, 2,
     "is not a GitHub repository"),
    (["ci-roles", "--env", "nope", "--account", "123456789012", "--repo", "acme/net"], {}, 2, "no environment"),
    (["up"], {"NETWORK_STALL_SECONDS": "soon"}, 2, "NETWORK_STALL_SECONDS='soon' is not a number of seconds"),
    (["up"], {"NETWORK_WAIT_NOTE_SECONDS": "-5"}, 2, "NETWORK_WAIT_NOTE_SECONDS='-5'"),
    (["review"], {"NETWORK_STALL_SECONDS": "1e9"}, 1, "NETWORK_STALL_SECONDS='1e9'"),
]


@pytest.mark.parametrize("args, extra, code, words", CASES, ids=[" ".join(c[0]) + (" " + " ".join(
    f"{k}={v}" for k, v in c[1].items()) if c[1] else "") for c in CASES])
def test_a_bad_flag_value_is_refused_in_one_line_before_anything_runs(args, extra, code, words):
    result = subprocess.run([sys.executable, "-m", "ops", *args], cwd=ROOT, capture_output=True, text=True,
                            env={**ENV, **extra}, stdin=subprocess.DEVNULL, timeout=120)
    assert result.returncode == code, result.stderr
    assert result.stderr.startswith("error: ") and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "usage:" not in result.stderr
    assert result.stdout == ""


def test_a_ref_that_looks_like_an_option_never_reaches_git_as_one():
    written = Path("/tmp/network-flags-test")
    written.unlink(missing_ok=True)
    subprocess.run([sys.executable, "-m", "ops", "environments", f"--changed-since=--output={written}"], cwd=ROOT,
                   capture_output=True, env=ENV, stdin=subprocess.DEVNULL, timeout=120)
    assert not written.exists()


def test_a_known_ref_lists_the_environments_it_affects():
    result = subprocess.run([sys.executable, "-m", "ops", "environments", "--json", "--changed-since", "HEAD"],
                            cwd=ROOT, capture_output=True, text=True, env=ENV, stdin=subprocess.DEVNULL, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"  # nothing changed since HEAD itself
