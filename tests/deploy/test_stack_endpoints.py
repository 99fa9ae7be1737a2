"""§4 VPC endpoints: S3 gateway on the private route table; interface endpoints with private DNS."""
import json

import pytest

INTERFACE = {
    "com.amazonaws.ap-southeast-1.ecr.api": "mlops-hybrid-ecr-api-endpoint",
    "com.amazonaws.ap-southeast-1.ecr.dkr": "mlops-hybrid-ecr-dkr-endpoint",
    "com.amazonaws.ap-southeast-1.logs": "mlops-hybrid-logs-endpoint",
    "com.amazonaws.ap-southeast-1.sts": "mlops-hybrid-sts-endpoint",
}


def test_s3_gateway_endpoint_on_the_private_route_table(default):
    s3 = default.one("aws_vpc_endpoint", vpc_endpoint_type="Gateway")
    assert s3["service_name"] == "com.amazonaws.ap-southeast-1.s3"
    assert s3["tags"] == {"Name": "mlops-hybrid-s3-gateway-endpoint"}
    private_rt = default.ref("aws_route_table", tags={"Name": "mlops-hybrid-private-workloads-rt"})
    assert len(s3["route_table_ids"]) == 1 and s3["route_table_ids"][0].startswith(private_rt)
    assert "subnet_ids" not in s3 and "security_group_ids" not in s3


def test_interface_endpoints_in_every_private_subnet_with_private_dns(default):
    interface = [e for e in default.resources("aws_vpc_endpoint").values() if e["vpc_endpoint_type"] == "Interface"]
    assert {e["service_name"]: e["tags"]["Name"] for e in interface} == INTERFACE
    private = sorted(default.ref("aws_subnet", tags=s["tags"]) for s in default.resources("aws_subnet").values()
                     if not s["map_public_ip_on_launch"])
    endpoints_sg = default.ref("aws_security_group", name="mlops-hybrid-vpc-endpoints-sg")
    for endpoint in interface:
        assert endpoint["private_dns_enabled"] is True
        assert sorted(ref.split(".id")[0] for ref in endpoint["subnet_ids"]) == private
        assert [g.split(".id")[0] for g in endpoint["security_group_ids"]] == [endpoints_sg]


def test_full_access_policy_by_default(default):
    assert all("policy" not in e for e in default.resources("aws_vpc_endpoint").values())
    assert not default.resources("data")


@pytest.fixture(scope="module")
def policies(stacks):
    stack = stacks["least-privilege"]
    return {e["service_name"].removeprefix("com.amazonaws.ap-southeast-1."): json.loads(e["policy"])
            for e in stack.resources("aws_vpc_endpoint").values()}


def test_least_privilege_policies_are_limited_to_this_account(policies, stacks):
    assert set(policies) == {"s3", "ecr.api", "ecr.dkr", "logs", "sts"}
    account = "${data.aws_caller_identity."
    for policy in policies.values():
        for statement in policy["Statement"]:
            assert statement["Effect"] == "Allow"
            assert "*" not in statement["Action"]
            assert statement["Condition"]["StringEquals"]["aws:PrincipalAccount"].startswith(account)
    assert stacks["least-privilege"].json["data"]["aws_caller_identity"]


def test_least_privilege_s3_allows_ecr_layers_and_configured_buckets(policies):
    statements = {s["Sid"]: s for s in policies["s3"]["Statement"]}
    assert statements["EcrImageLayers"]["Resource"] == ["arn:aws:s3:::prod-ap-southeast-1-starport-layer-bucket/*"]
    assert statements["ModelAndDataBuckets"]["Resource"] == ["arn:aws:s3:::retail-models",
                                                             "arn:aws:s3:::retail-models/*"]
    assert "ecr:BatchGetImage" in policies["ecr.dkr"]["Statement"][0]["Action"]
    assert "sts:AssumeRoleWithWebIdentity" in policies["sts"]["Statement"][0]["Action"]
