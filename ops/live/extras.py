"""What the network holds that no resource of its state manages: a rule added to one of our security
groups, a route added to a route table whose routes no resource lists, an endpoint added to our VPC.
Terraform's plan cannot show them (it plans only what it manages), so the review reads them from the
live network and reports them as drift."""
from __future__ import annotations

from deploy.schema import NetworkConfig

from ..aws_clients import client
from ..state import read as state_read


def _managed_route_tables(state: dict, stack: dict) -> set[str]:
    """Route tables whose routes Terraform manages inline (the stack sets their ``route``): a route added to
    one of them is drift the plan reverts, not an unmanaged addition."""
    inline = {name for name, body in stack.get("resource", {}).get("aws_route_table", {}).items() if "route" in body}
    return {instance["attributes"]["id"] for resource in state.get("resources", [])
            if resource.get("type") == "aws_route_table" and resource.get("name") in inline
            for instance in resource.get("instances", [])}


def _route_target(route: dict) -> str:
    for key in ("GatewayId", "NatGatewayId", "NetworkInterfaceId", "TransitGatewayId", "VpcPeeringConnectionId",
                "InstanceId", "LocalGatewayId", "CarrierGatewayId", "EgressOnlyInternetGatewayId"):
        if route.get(key):
            return route[key]
    return "?"


def _managed_routes(state: dict) -> set[tuple[str, str]]:
    """(route table, destination) of every route an ``aws_route`` of the state holds."""
    return {(instance["attributes"].get("route_table_id"), instance["attributes"].get("destination_cidr_block"))
            for resource in state.get("resources", []) if resource.get("type") == "aws_route"
            for instance in resource.get("instances", [])}


def _rules(ec2, outputs: dict, known: set[str]) -> list[str]:
    groups = {group_id: key for key, group_id in outputs.get("security_group_ids", {}).items()}
    if not groups:
        return []
    found = []
    for rule in ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": list(groups)}])[
            "SecurityGroupRules"]:
        if rule["SecurityGroupRuleId"] in known:
            continue
        port = "all ports" if rule["IpProtocol"] == "-1" else f"{rule['IpProtocol']} {rule.get('FromPort')}" + (
            f"-{rule.get('ToPort')}" if rule.get("ToPort") != rule.get("FromPort") else "")
        peer = rule.get("CidrIpv4") or rule.get("CidrIpv6") or rule.get("PrefixListId") or \
            rule.get("ReferencedGroupInfo", {}).get("GroupId", "?")
        way = "outbound to" if rule["IsEgress"] else "inbound from"
        found.append(f"security group {groups[rule['GroupId']]} ({rule['GroupId']}): a rule {way} {peer} on {port} "
                     f"({rule['SecurityGroupRuleId']}) that no resource manages")
    return found


def _routes(ec2, outputs: dict, known: set[str], state: dict, stack: dict) -> list[str]:
    tables = [outputs[key] for key in ("public_route_table_id", "private_route_table_id") if outputs.get(key)]
    if not tables:
        return []
    inline, routes, found = _managed_route_tables(state, stack), _managed_routes(state), []
    for table in ec2.describe_route_tables(RouteTableIds=tables)["RouteTables"]:
        if table["RouteTableId"] in inline:
            continue
        for route in table.get("Routes", []):
            destination = route.get("DestinationCidrBlock") or route.get("DestinationIpv6CidrBlock")
            target = _route_target(route)
            if target == "local" or route.get("DestinationPrefixListId") and target in known:
                continue  # the VPC's own route; a gateway endpoint's route, made by the endpoint
            if (table["RouteTableId"], destination) not in routes:
                found.append(f"route table {table['RouteTableId']}: a route to "
                             f"{destination or route.get('DestinationPrefixListId')} via {target} that no resource "
                             "manages")
    return found


def _endpoints(ec2, outputs: dict, known: set[str]) -> list[str]:
    endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [outputs["vpc_id"]]}])
    return [f"VPC endpoint {e['VpcEndpointId']} ({e['ServiceName']}) in the VPC that no resource manages"
            for e in endpoints["VpcEndpoints"]
            if e["VpcEndpointId"] not in known and e.get("State", "").lower() not in ("deleted", "deleting")]


def unmanaged(config: NetworkConfig, state: dict, stack: dict) -> list[str]:
    """One line per addition, naming where it is and what it is; nothing for a network not deployed."""
    outputs = state_read.output_values(state)
    if "vpc_id" not in outputs:
        return []
    known, ec2 = state_read.ids(state), client(config, "ec2")
    return (_rules(ec2, outputs, known) + _routes(ec2, outputs, known, state, stack)
            + _endpoints(ec2, outputs, known))
