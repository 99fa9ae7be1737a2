"""§9 Clean-up check: after a destroy, nothing tagged as this environment's network may remain."""
from __future__ import annotations

from deploy.schema import NetworkConfig

from .aws_clients import client


def leftovers(config: NetworkConfig) -> list[str]:
    """Resources still carrying this environment's tags: VPCs, subnets, SGs, route tables, endpoints,
    gateways, load balancers and target groups. An empty list means the clean-up is complete."""
    ec2 = client(config, "ec2")
    tag_filter = [{"Name": f"tag:{k}", "Values": [v]} for k, v in config.all_tags.items()]
    found = []
    for call, key, ident in (
            (ec2.describe_vpcs, "Vpcs", "VpcId"),
            (ec2.describe_subnets, "Subnets", "SubnetId"),
            (ec2.describe_security_groups, "SecurityGroups", "GroupId"),
            (ec2.describe_route_tables, "RouteTables", "RouteTableId"),
            (ec2.describe_vpc_endpoints, "VpcEndpoints", "VpcEndpointId"),
            (ec2.describe_internet_gateways, "InternetGateways", "InternetGatewayId"),
            (ec2.describe_nat_gateways, "NatGateways", "NatGatewayId")):
        for item in call(Filters=tag_filter)[key]:
            if str(item.get("State", "")).lower() not in ("deleted", "deleting"):
                found.append(f"{key[:-1]} {item[ident]}")
    elbv2 = client(config, "elbv2")
    for lb in elbv2.describe_load_balancers()["LoadBalancers"]:
        if lb["LoadBalancerName"] == config.name("demo_alb"):
            found.append(f"LoadBalancer {lb['LoadBalancerArn']}")
    for group in elbv2.describe_target_groups()["TargetGroups"]:
        if group["TargetGroupName"] == config.name("demo_target_group"):
            found.append(f"TargetGroup {group['TargetGroupArn']}")
    return found
