"""`terraform validate` accepts every synthesized stack (backend disabled: validation needs no state)."""
import pytest

from modules.terraform_run import environment, run
from tests.conftest import VARIANTS


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_terraform_validate(stacks, variant):
    stack = stacks[variant]
    env = environment()
    run(["terraform", "init", "-backend=false", "-input=false", "-no-color"], cwd=stack.dir, env=env)
    result = run(["terraform", "validate", "-json", "-no-color"], cwd=stack.dir, env=env, ok_codes=(0, 1))
    assert '"valid": true' in result.stdout, result.stdout
    assert '"warning_count": 0' in result.stdout, result.stdout
