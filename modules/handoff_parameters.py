"""The network's ids as SSM parameters, so any tool (a Helm chart, a script, another IaC tool) can find
the VPC without reading Terraform state. Off unless asked for."""
from __future__ import annotations

from typing import Mapping

from constructs import Construct

from .aws import aws
from .props.handoff_parameters import SSM_PATH, HandoffParametersProps  # noqa: F401


class HandoffParameters(Construct):
    """One ``String`` parameter per id, a ``StringList`` per list (subnets in AZ order)."""

    def __init__(self, scope: Construct, id_: str, *, values: Mapping[str, str | list[str]],
                 props: HandoffParametersProps = HandoffParametersProps()) -> None:
        super().__init__(scope, id_)
        self.parameters = {
            name: aws.ssm_parameter.SsmParameter(
                self, name,
                name=f"{props.path}/{name}",
                type="StringList" if isinstance(value, list) else "String",
                value=",".join(value) if isinstance(value, list) else value,
                description=f"The production network's {name.replace('_', ' ')}",
            )
            for name, value in values.items()
        }
