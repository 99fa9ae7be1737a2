"""The network handed to the next stack: ``bin/net outputs --format json|env|eksctl|eniconfig``.

``eksctl`` prints a ClusterConfig for a fully private cluster in this network. Every field is one the
eksctl user guide documents: existing VPC, subnets by AZ, control-plane security group and shared node
security group (https://docs.aws.amazon.com/eks/latest/eksctl/vpc-configuration.html), endpoint access
(https://docs.aws.amazon.com/eks/latest/eksctl/vpc-cluster-access.html), ``privateCluster`` with the
endpoints already present (https://docs.aws.amazon.com/eks/latest/eksctl/eks-private-cluster.html), and
a managed node group on the private subnets (https://docs.aws.amazon.com/eks/latest/eksctl/nodegroups.html).

With ``pod_cidr`` (custom networking) or ``prefix_delegation`` the VPC CNI needs settings on its
``aws-node`` daemonset (https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network-tutorial.html,
https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses-procedure.html): eksctl gets them
as the vpc-cni add-on's ``configurationValues`` with the node group's ``maxPodsPerNode`` from the
capacity plan, and ``eniconfig`` prints one ``ENIConfig`` per AZ, named as the zone, for the CNI to pick
by the node label ``topology.kubernetes.io/zone``.
"""
from __future__ import annotations

import json
import shlex

from deploy import capacity
from deploy.instance_limits import LIMITS
from deploy.schema import NetworkConfig

from ..errors import NetError

FORMATS = ("json", "env", "eksctl", "eniconfig")
ZONE_LABEL = "topology.kubernetes.io/zone"
#: What eksctl requires for a fully private cluster whose endpoints it does not create
#: (``RequiredEndpointServices`` in eksctl's pkg/apis/eksctl.io/v1alpha5).
EKSCTL_REQUIRED = ("ec2", "ecr.api", "ecr.dkr", "s3", "sts")
DEFAULT_CLUSTER = "mlops-retail-cluster"


def render(config: NetworkConfig, outputs: dict, fmt: str) -> str:
    if fmt == "env":
        return env_lines(outputs)
    if fmt == "eksctl":
        return eksctl_config(config, outputs)
    if fmt == "eniconfig":
        return eni_configs(config, outputs)
    return json.dumps(outputs, indent=2)


def env_lines(outputs: dict) -> str:
    """``export NETWORK_OUT_<NAME>=…`` lines for a shell: lists comma-joined, maps as JSON."""
    lines = []
    for name, value in sorted(outputs.items()):
        if isinstance(value, list):
            text = ",".join(str(v) for v in value)
        elif isinstance(value, dict):
            text = json.dumps(value, sort_keys=True)
        else:
            text = str(value)
        lines.append(f"export NETWORK_OUT_{name.upper()}={shlex.quote(text)}")
    return "\n".join(lines)


def cluster_config(config: NetworkConfig, outputs: dict) -> dict:
    groups, cni = outputs["security_group_ids"], cni_settings(config)
    return {
        "apiVersion": "eksctl.io/v1alpha5",
        "kind": "ClusterConfig",
        "metadata": {"name": config.cluster_name or DEFAULT_CLUSTER, "region": config.region,
                     "tags": dict(config.all_tags)},
        "vpc": {
            "id": outputs["vpc_id"],
            "subnets": {"private": {az: {"id": subnet} for az, subnet in outputs["private_subnet_ids"].items()}},
            "securityGroup": groups["eks_control_plane"],
            "sharedNodeSecurityGroup": groups["eks_nodes"],
            # Our stack owns these groups' rules; eksctl adding its own would drift from the plan.
            "manageSharedNodeSecurityGroupRules": False,
            "clusterEndpoints": {"privateAccess": True, "publicAccess": False},
        },
        # The endpoints this network created (listed in the header); eksctl must not create them again.
        "privateCluster": {"enabled": True, "skipEndpointCreation": True},
        "managedNodeGroups": [{
            "name": "api",
            "instanceTypes": list(config.node_instance_types),
            "maxSize": config.node_count,
            "privateNetworking": True,
            "subnets": list(outputs["private_subnet_ids"].values()),
            "securityGroups": {"attachIDs": [groups["eks_nodes"]]},
            **({"maxPodsPerNode": max_pods(config)} if cni else {}),
        }],
        **({"addons": [{"name": "vpc-cni", "configurationValues": json.dumps({"env": cni})}]} if cni else {}),
    }


def cni_settings(config: NetworkConfig) -> dict[str, str]:
    """The aws-node environment the configuration's pod networking needs; none for the CNI's defaults."""
    settings = {}
    if config.pod_cidr:
        settings.update(AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG="true", ENI_CONFIG_LABEL_DEF=ZONE_LABEL)
    if config.prefix_delegation:
        settings.update(ENABLE_PREFIX_DELEGATION="true", WARM_PREFIX_TARGET="1")
    return settings


def max_pods(config: NetworkConfig) -> int:
    """Max pods of the smallest configured type in this pod networking (the CNI's default is wrong under
    custom networking, which leaves the primary ENI to the node)."""
    return min(capacity.max_pods(LIMITS[t], config.prefix_delegation, bool(config.pod_cidr))
               for t in config.node_instance_types)


def eni_configs(config: NetworkConfig, outputs: dict) -> str:
    """One ENIConfig per AZ: pods of the nodes in that zone take addresses of its pod subnet, behind the
    nodes' security group (which the endpoints and the control plane admit)."""
    import yaml

    if "pod_subnet_ids" not in outputs:
        raise NetError(f"no ENIConfig for {config.stack_name}: it has no pod subnets (custom networking). Fix: "
                       "pod_cidr = \"100.64.0.0/16\" in the environment's file, bin/net up, then run this again")
    documents = [{"apiVersion": "crd.k8s.amazonaws.com/v1alpha1", "kind": "ENIConfig", "metadata": {"name": az},
                  "spec": {"subnet": subnet, "securityGroups": [outputs["security_group_ids"]["eks_nodes"]]}}
                 for az, subnet in outputs["pod_subnet_ids"].items()]
    env = " ".join(f"{k}={v}" for k, v in cni_settings(config).items())
    header = (f"# kubectl apply -f <this file>: custom networking for {config.stack_name}, before any node joins.\n"
              f"# The CNI settings (eksctl: the vpc-cni add-on in --format eksctl):\n"
              f"#   kubectl set env daemonset aws-node -n kube-system {env}\n"
              f"# Nodes then run at most {max_pods(config)} pods each (maxPodsPerNode).\n")
    return header + yaml.safe_dump_all(documents, sort_keys=False)


def eksctl_config(config: NetworkConfig, outputs: dict) -> str:
    """Refuses a network that lacks an endpoint eksctl requires of a fully private cluster: the cluster it
    would describe could not work (without ``ec2``, nodes never get pod IPs)."""
    import yaml

    missing = [service for service in EKSCTL_REQUIRED if service not in outputs["vpc_endpoint_ids"]]
    if missing:
        raise NetError(
            f"not writing an eksctl config for {config.stack_name}: a fully private cluster "
            f"(privateCluster.skipEndpointCreation) needs the {', '.join(missing)} endpoint(s), which eksctl "
            f"requires ({', '.join(EKSCTL_REQUIRED)}) and this network lacks, so its nodes could not work "
            "(no ec2: the VPC CNI cannot assign pod IPs). Fix: endpoint_profile = \"eks-fully-private\" in the "
            "environment's file, bin/net up, then run this again")
    document = cluster_config(config, outputs)
    endpoints = sorted(outputs["vpc_endpoint_ids"])
    header = (f"# eksctl create cluster -f <this file>: a fully private cluster in {config.stack_name}.\n"
              f"# VPC endpoints already present (privateCluster.skipEndpointCreation): {', '.join(endpoints)}\n")
    return header + yaml.safe_dump(document, sort_keys=False)
