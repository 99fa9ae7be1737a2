"""The spec's defaults are stated once: the default configuration builds exactly the constructs' default
props, part by part, so a default changed on one side only fails here."""
import dataclasses

import pytest

from deploy import part_props
from deploy.schema import NetworkConfig

PARTS = {name: part for name, part in vars(part_props).items() if isinstance(part, part_props.Part)}


def test_every_part_is_here():
    assert sorted(PARTS) == ["DEMO_ALB", "ENDPOINTS", "FLOW_LOGS", "HANDOFF", "NETWORK", "PRODUCTION_NETWORK",
                             "SECURITY_GROUPS"]


@pytest.mark.parametrize("name", sorted(PARTS))
def test_the_default_configuration_builds_the_props_defaults(name):
    part = PARTS[name]
    # An optional part is compared switched on: its props' defaults are the spec's too.
    config = dataclasses.replace(NetworkConfig(), **({part.switch: True} if part.switch else {}))
    built = part.build(config)
    assert built == part.props(), f"{name}: the configuration's defaults and {part.props.__name__}'s differ"


def test_a_switched_off_part_builds_nothing():
    assert part_props.DEMO_ALB.build(NetworkConfig()) is None
    assert part_props.FLOW_LOGS.build(NetworkConfig(flow_logs=False)) is None
