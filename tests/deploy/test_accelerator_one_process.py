"""deploy/accelerator/one_process_kernel.js: the kernel program's channel becomes stdin and stdout, and whatever its JavaScript
prints reaches Python as jsii's relay would send it. Run in plain Node with a stand-in for the kernel
program, and checked against the pinned jsii's real one."""
from __future__ import annotations

import base64
import json
import os
import subprocess
from pathlib import Path

from deploy import accelerator as aws

STAND_IN = """
const fs = require('fs');
const channel = {readFD:3,writeFD:3};
console.log('printed by the kernel');
process.stderr.write('warned by the kernel\\n');
const buffer = Buffer.alloc(64);
const read = fs.readSync(channel.readFD, buffer);
fs.writeSync(channel.writeFD, 'answer to ' + buffer.subarray(0, read).toString());
"""


def run(program: Path, request: str) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(aws.ONE_PROCESS)], input=request, capture_output=True, text=True,
                          env={**os.environ, "NETWORK_JSII_PROGRAM": str(program)}, timeout=30)


def test_requests_come_from_stdin_answers_go_to_stdout_and_prints_reach_python_as_the_relay_sends_them(tmp_path):
    program = tmp_path / "program.js"
    program.write_text(STAND_IN)
    result = run(program, "hello\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "answer to hello\n"
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(name, base64.b64decode(text).decode()) for line in lines for name, text in line.items()] == [
        ("stdout", "printed by the kernel\n"), ("stderr", "warned by the kernel\n")]


def test_a_program_with_another_channel_is_refused_by_name(tmp_path):
    program = tmp_path / "program.js"
    program.write_text(STAND_IN.replace("readFD:3,writeFD:3", "readFD:4,writeFD:4"))
    result = run(program, "hello\n")
    assert result.returncode != 0 and result.stdout == ""
    assert "does not open its channel as readFD:3,writeFD:3" in result.stderr


def test_the_pinned_jsii_kernel_is_one_this_script_runs(monkeypatch):
    monkeypatch.delenv("JSII_RUNTIME", raising=False)
    program = aws._kernel_program()
    assert program is not None and program.name == "program.js"
    assert program.resolve().read_text(encoding="utf-8").count(aws.KERNEL_CHANNEL) == 1
    assert (program.parent / "runtime-index-worker.js").resolve().is_file()


def test_a_runtime_of_the_users_own_is_left_alone(monkeypatch):
    monkeypatch.setenv("JSII_RUNTIME", "/opt/their/jsii-runtime.js")
    assert aws._kernel_program() is None
