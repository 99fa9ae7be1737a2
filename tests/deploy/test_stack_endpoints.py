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


def test_full_access_policy_by_default_written_out(default):
    """AWS's default document, as AWS returns it for an endpoint created without a policy
    (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html#default-endpoint-policy):
    written, so a change back from least-privilege is planned and reverts."""
    for endpoint in default.resources("aws_vpc_endpoint").values():
        assert json.loads(endpoint["policy"]) == {"Version": "2008-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}


@pytest.fixture(scope="module")
def policies(stacks):
    stack = stacks["least-privilege"]
    return {e["service_name"].removeprefix("com.amazonaws.ap-southeast-1."): json.loads(e["policy"])
            for e in stack.resources("aws_vpc_endpoint").values()}


ACCOUNT = "${data.aws_caller_identity.endpoints_account_"
ACCOUNT_ONLY = "aws:PrincipalAccount"


def statements(policy: dict) -> dict[str, dict]:
    for statement in policy["Statement"]:
        assert statement["Effect"] == "Allow" and statement["Principal"] == "*"
        assert "*" not in statement["Action"]
    return {s["Sid"]: s for s in policy["Statement"]}


def account_condition(statement: dict) -> str | None:
    return statement.get("Condition", {}).get("StringEquals", {}).get(ACCOUNT_ONLY)


def test_least_privilege_covers_every_endpoint(policies, stacks):
    assert set(policies) == {"s3", "ecr.api", "ecr.dkr", "logs", "sts"}
    assert stacks["least-privilege"].json["data"]["aws_caller_identity"]


def test_ecr_pulls_from_this_account_and_the_eks_addon_registry(policies):
    """AWS ECR VPC endpoint guide: a token (no resource-level permission) and the pull actions; EKS
    add-on images come from 602401143452 in ap-southeast-1 (EKS user guide, add-ons-images)."""
    for service in ("ecr.api", "ecr.dkr"):
        found = statements(policies[service])
        assert found["AuthorizationToken"]["Action"] == ["ecr:GetAuthorizationToken"]
        assert found["AuthorizationToken"]["Resource"] == ["*"]
        pull = found["PullImages"]
        assert pull["Action"] == ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
                                  "ecr:BatchCheckLayerAvailability"]
        assert pull["Resource"][0].startswith("arn:aws:ecr:ap-southeast-1:${data.aws_caller_identity.")
        assert pull["Resource"][0].endswith(":repository/*")
        assert pull["Resource"][1] == "arn:aws:ecr:ap-southeast-1:602401143452:repository/*"
        assert all(account_condition(s).startswith(ACCOUNT) for s in found.values())


def test_sts_web_identity_is_limited_by_the_role_not_the_principal(policies):
    """AssumeRoleWithWebIdentity is unsigned, so it carries no aws:PrincipalAccount (IAM condition keys)."""
    found = statements(policies["sts"])
    web = found["WebIdentityToThisAccountsRoles"]
    assert web["Action"] == ["sts:AssumeRoleWithWebIdentity"] and "Condition" not in web
    assert len(web["Resource"]) == 1 and web["Resource"][0].startswith("arn:aws:iam::${data.aws_caller_identity.")
    assert web["Resource"][0].endswith(":role/*")
    assert found["AssumeThisAccountsRoles"]["Action"] == ["sts:AssumeRole", "sts:TagSession"]
    assert found["AssumeThisAccountsRoles"]["Resource"] == web["Resource"]
    assert account_condition(found["AssumeThisAccountsRoles"]).startswith(ACCOUNT)
    assert account_condition(found["CallerIdentity"]).startswith(ACCOUNT)


def test_logs_write_only_to_this_accounts_log_groups(policies):
    write = statements(policies["logs"])["WriteThisAccountsLogGroups"]
    assert {"logs:CreateLogStream", "logs:PutLogEvents"} <= set(write["Action"])
    assert all(r.startswith("arn:aws:logs:ap-southeast-1:${data.aws_caller_identity.") for r in write["Resource"])
    assert account_condition(write).startswith(ACCOUNT)


def test_least_privilege_s3_allows_ecr_layers_and_configured_buckets(policies):
    """ECR layers come through URLs ECR signs for its own bucket: no account condition there."""
    found = statements(policies["s3"])
    assert found["EcrImageLayers"]["Resource"] == ["arn:aws:s3:::prod-ap-southeast-1-starport-layer-bucket/*"]
    assert found["EcrImageLayers"]["Action"] == ["s3:GetObject"] and "Condition" not in found["EcrImageLayers"]
    assert found["ModelAndDataBuckets"]["Resource"] == ["arn:aws:s3:::retail-models", "arn:aws:s3:::retail-models/*"]
    assert account_condition(found["ModelAndDataBuckets"]).startswith(ACCOUNT)
