"""Provider bindings generated for exactly the types the constructs use (bin/net bindings): reproducible
(the committed hash), complete (every aws.<name> the code writes), and equal in what they synthesize to
the prebuilt package under cdktf and under CDK Terrain."""
from __future__ import annotations

import importlib
import sys

import pytest

from deploy.settings import BINDINGS_DIR, BINDINGS_HASH, CDKTN_PYTHON
from ops.terraform import bindings
from tests.conftest import synth_main


@pytest.fixture(scope="module")
def generated():
    """Generated where the app looks for them (.bindings/), once for the module: ~20 s."""
    digest, _, count = bindings.generate(BINDINGS_DIR, say=lambda text: None)
    return digest, count


def test_the_generated_bindings_are_the_committed_ones(generated):
    digest, count = generated
    assert digest == BINDINGS_HASH.read_text().strip(), "bin/net bindings writes something else now"
    assert count == len(bindings.used_names() - {"provider"}) == 24  # 22 resource and 2 data-source types


def test_every_name_the_code_uses_is_generated_and_imports_without_provider_functions(generated):
    """The provider's functions are left out of the schema: generated, the provider package imported them
    as `.functions` while the generator wrote `provider_functions`; the constructs use none."""
    sys.path.insert(0, str(BINDINGS_DIR))
    try:
        for name in sorted(bindings.used_names()):
            assert importlib.import_module(f"aws.{name}")
    finally:
        sys.path.remove(str(BINDINGS_DIR))
    assert "functions" not in (BINDINGS_DIR / "aws" / "provider" / "__init__.py").read_text().split("class ")[0]


@pytest.mark.parametrize("core", ["cdktf", "cdktn"])
def test_they_synthesize_what_the_prebuilt_package_does(generated, core, tmp_path):
    """The same JSON but two recorded facts: the provider's source as written by the generator
    (``hashicorp/aws``, which Terraform reads as the prebuilt package's ``aws``) and the core's version."""
    python = CDKTN_PYTHON if core == "cdktn" else sys.executable
    (prebuilt,) = synth_main(sys.executable, tmp_path / "prebuilt", NETWORK_DEMO_ALB="true").values()
    (ours,) = synth_main(python, tmp_path / "generated", NETWORK_DEMO_ALB="true", NETWORK_CDK_CORE=core,
                         NETWORK_PROVIDER_BINDINGS="generated", NETWORK_PROVIDER_IMPORT="plain").values()
    assert ours["terraform"]["required_providers"]["aws"]["source"] == "hashicorp/aws"
    assert prebuilt["terraform"]["required_providers"]["aws"]["source"] == "aws"
    for document in (prebuilt, ours):
        del document["terraform"]["required_providers"]["aws"]["source"]
        del document["//"]["metadata"]["version"]
    assert ours == prebuilt
