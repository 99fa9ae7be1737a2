"""`terraform validate` accepts every synthesized stack (backend disabled: validation needs no state)."""
import pytest

from ops.terraform import run as terraform_run
from tests.conftest import VARIANTS


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_terraform_validate(stacks, variant):
    stack = stacks[variant]
    outdir = stack.dir.parent.parent
    terraform_run.init(stack.config, backend=False, outdir=outdir)
    result = terraform_run.terraform(stack.config, "validate", "-json", outdir=outdir, ok_codes=(0, 1), timeout=300)
    assert '"valid": true' in result.stdout, result.stdout
    assert '"warning_count": 0' in result.stdout, result.stdout
