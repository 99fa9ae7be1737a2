"""Instance network limits from the target's EC2 DescribeInstanceTypes, the committed table where the
target does not answer (deploy/instance_limits.py cites where its figures come from)."""
from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError

from deploy.instance_limits import LIMITS, InstanceLimits
from deploy.schema import NetworkConfig

from ..aws_clients import client

TABLE = "the committed table (deploy/instance_limits.py)"


def limits(config: NetworkConfig, ask_target: bool = True) -> tuple[dict[str, InstanceLimits], str]:
    """Limits of the configured node types and where they came from."""
    if ask_target:
        try:
            answer = client(config, "ec2").describe_instance_types(InstanceTypes=list(config.node_instance_types))
            found = {t["InstanceType"]: InstanceLimits(t["VCpuInfo"]["DefaultVCpus"],
                                                       t["NetworkInfo"]["MaximumNetworkInterfaces"],
                                                       t["NetworkInfo"]["Ipv4AddressesPerInterface"])
                     for t in answer["InstanceTypes"]}
            if set(found) == set(config.node_instance_types):
                return found, f"EC2 DescribeInstanceTypes ({config.target}, {config.region})"
        except (BotoCoreError, ClientError):
            pass
    return {t: LIMITS[t] for t in config.node_instance_types}, TABLE
