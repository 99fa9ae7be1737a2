"""The spec's defaults are stated once: the default configuration builds exactly the constructs' default
props, part by part, so a default changed on one side only fails here."""
import pytest

from deploy import part_props as props
from deploy.schema import NetworkConfig

BUILDERS = sorted(name for name in dir(props) if name.endswith("_props") and callable(getattr(props, name)))


def test_every_part_has_a_builder():
    assert BUILDERS == ["demo_alb_props", "endpoints_props", "flow_logs_props", "handoff_props", "network_props",
                        "production_network_props", "security_groups_props"]


@pytest.mark.parametrize("builder", BUILDERS)
def test_the_default_configuration_builds_the_props_defaults(builder):
    built = getattr(props, builder)(NetworkConfig())
    assert built == type(built)(), f"{builder}: the configuration's defaults and {type(built).__name__}'s differ"
