"""Over a hundred bad configurations, each through `bin/net up` as a user would run it: exit 2, one line
naming the field, the value and the fix, and nothing written, started or deployed."""
from __future__ import annotations

import os

import pytest

from ops import cli
from ops.emulator import process as emulator

CERT_ELSEWHERE = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8899-aabbccddeeff"
MANY_TAGS = ",".join(f"T{i}=v" for i in range(47))
LONG = "x" * 300

# name: (NETWORK_* variables without the prefix, environment file text or None, expected text)
CASES: dict[str, tuple[dict[str, str], str | None, str]] = {
    # pod capacity and pod networking (docs/capacity.md) and the CDK core (docs/leaving-cdktf.md)
    "too many nodes": ({"NODE_COUNT": "17"}, None, "node_count: 17 puts 9 full m5.large node(s)"),
    "unknown node type": ({"NODE_INSTANCE_TYPES": "m5.larg"}, None, "e.g. m5.large"),
    "pod cidr in another private range": ({"POD_CIDR": "172.16.0.0/16"}, None, "pod_cidr: '172.16.0.0/16' is in "
                                          "172.16.0.0/12"),
    "pod cidr overlapping the vpc": ({"POD_CIDR": "10.0.0.0/16"}, None, "overlaps the VPC 10.0.0.0/16"),
    "prefix delegation in /24s": ({"PREFIX_DELEGATION": "true"}, None, "prefix_delegation: True needs 8 /28"),
    "unknown cdk core": ({"CDK_CORE": "cdk8s"}, None, "$NETWORK_CDK_CORE: 'cdk8s' is not a CDK core"),
    # regions and zones
    "unknown region": ({"REGION": "ap-southeast-9"}, None, "region: 'ap-southeast-9' is not an AWS region we know"),
    "region typo": ({"REGION": "ap-southaest-1"}, None, "use 'ap-southeast-1'"),
    "region not a name": ({"REGION": "apsoutheast1"}, None, "region: 'apsoutheast1' is not an AWS region name"),
    "region in capitals": ({"REGION": "AP-SOUTHEAST-1"}, None, "is not an AWS region name"),
    "zone that does not exist": ({"AZS": "ap-southeast-1a,ap-southeast-1z"}, None,
                                 "azs: 'ap-southeast-1z' does not exist in ap-southeast-1"),
    "zone letter of another region": ({"REGION": "eu-west-1", "AZS": "eu-west-1a,eu-west-1d"}, None,
                                      "'eu-west-1d' does not exist in eu-west-1"),
    "one zone": ({"AZS": "ap-southeast-1a"}, None, "has 1 zone(s); the design needs 2 or 3"),
    "four zones": ({"AZS": "us-east-1a,us-east-1b,us-east-1c,us-east-1d", "REGION": "us-east-1"}, None,
                   "has 4 zone(s)"),
    "no zones": ({"AZS": ""}, None, "has 0 zone(s)"),
    "repeated zone": ({"AZS": "ap-southeast-1a,ap-southeast-1a"}, None, "repeats a zone"),
    "zones of another region": ({"AZS": "us-east-1a,us-east-1b"}, None,
                                "'us-east-1a' is not an availability zone of region 'ap-southeast-1'"),
    "state region not a region": ({"STATE_REGION": "mars-1"}, None, "state_region: 'mars-1'"),
    # CIDRs
    "prefix over 32": ({"VPC_CIDR": "10.0.0.0/33"}, None, "vpc_cidr: '10.0.0.0/33' is not a valid IPv4 CIDR"),
    "host bits": ({"VPC_CIDR": "10.0.0.1/16"}, None, "use '10.0.0.0/16' (host bits must be zero)"),
    "VPC too large": ({"VPC_CIDR": "10.0.0.0/8", "PUBLIC_SUBNET_CIDRS": "10.0.1.0/24,10.0.2.0/24"}, None,
                      "prefix outside /16-/28"),
    "VPC too small": ({"VPC_CIDR": "10.0.0.0/29"}, None, "vpc_cidr: '10.0.0.0/29' has a prefix outside /16-/28"),
    "VPC not a CIDR": ({"VPC_CIDR": "banana"}, None, "vpc_cidr: 'banana' is not a valid IPv4 CIDR"),
    "VPC without a prefix": ({"VPC_CIDR": "10.0.0.0"}, None, "vpc_cidr: '10.0.0.0' has a prefix outside"),
    "VPC in IPv6": ({"VPC_CIDR": "fd00::/48"}, None, "vpc_cidr: 'fd00::/48' is not a valid IPv4 CIDR"),
    "public subnet outside the VPC": ({"PUBLIC_SUBNET_CIDRS": "10.1.1.0/24,10.0.2.0/24"}, None,
                                      "public_subnet_cidrs: '10.1.1.0/24' is outside the VPC 10.0.0.0/16"),
    "one public subnet for two zones": ({"PUBLIC_SUBNET_CIDRS": "10.0.1.0/24"}, None, "has 1 entries for 2 AZs"),
    "three public subnets for two zones": ({"PUBLIC_SUBNET_CIDRS": "10.0.1.0/24,10.0.2.0/24,10.0.3.0/24"}, None,
                                           "has 3 entries for 2 AZs"),
    "private overlaps public": ({"PRIVATE_SUBNET_CIDRS": "10.0.1.0/24,10.0.102.0/24"}, None, "overlap"),
    "private host bits": ({"PRIVATE_SUBNET_CIDRS": "10.0.101.1/24,10.0.102.0/24"}, None,
                          "private_subnet_cidrs: '10.0.101.1/24'"),
    "private subnet /29": ({"PRIVATE_SUBNET_CIDRS": "10.0.101.0/29,10.0.102.0/24"}, None,
                           "'10.0.101.0/29' has a prefix outside /16-/28"),
    "subnet larger than the VPC": ({"PUBLIC_SUBNET_CIDRS": "10.0.0.0/15,10.0.2.0/24"}, None, "outside the VPC"),
    "subnet not a CIDR": ({"PUBLIC_SUBNET_CIDRS": "10.0.1.0/24,banana"}, None, "'banana' is not a valid IPv4 CIDR"),
    "same public subnet twice": ({"PUBLIC_SUBNET_CIDRS": "10.0.1.0/24,10.0.1.0/24"}, None, "overlap"),
    "no private subnets": ({"PRIVATE_SUBNET_CIDRS": ""}, None, "has 0 entries for 2 AZs"),
    # DNS and routes
    "DNS hostnames off": ({"ENABLE_DNS_HOSTNAMES": "false"}, None, "enable_dns_hostnames: False is off"),
    "DNS support off": ({"ENABLE_DNS_SUPPORT": "false"}, None, "enable_dns_support: False is off"),
    "DNS support not a boolean": ({"ENABLE_DNS_SUPPORT": "maybe"}, None, "'maybe' in $NETWORK_ENABLE_DNS_SUPPORT "
                                                                        "is not a boolean"),
    "private default route": ({"PRIVATE_DEFAULT_ROUTE": "true"}, None, "the design has no NAT"),
    # endpoints
    "unknown endpoint": ({"INTERFACE_ENDPOINTS": "ecr.api,ecr.dockr"}, None, "'ecr.dockr' is not a known endpoint"),
    "endpoint twice": ({"INTERFACE_ENDPOINTS": "sts,sts"}, None, "lists a service twice"),
    "unknown policy mode": ({"ENDPOINT_POLICY": "strict"}, None, "endpoint_policy: 'strict' is not a policy mode"),
    "bucket name, not ARN": ({"S3_BUCKET_ARNS": "my-bucket"}, None, "'my-bucket' is not an S3 bucket or object ARN"),
    "bucket ARN in capitals": ({"S3_BUCKET_ARNS": "arn:aws:s3:::Models"}, None, "is not an S3 bucket or object ARN"),
    "S3 gateway not a boolean": ({"S3_GATEWAY_ENDPOINT": "2"}, None, "is not a boolean"),
    # names
    "prefix with braces": ({"NAME_PREFIX": "{x}"}, None, "name_prefix: '{x}' is not a usable name prefix"),
    "empty prefix": ({"NAME_PREFIX": ""}, None, "name_prefix: '' is not a usable name prefix"),
    "prefix with underscore": ({"NAME_PREFIX": "ml_ops"}, None, "name_prefix: 'ml_ops'"),
    "prefix too long": ({"NAME_PREFIX": "m" * 60}, None, "is not a usable name prefix"),
    "names from the environment": ({"NAMES": "x"}, None, "$NETWORK_NAMES: names cannot be set from the environment"),
    "subnet name without zone": ({}, '[names]\npublic_subnet = "{prefix}-public"\n', "names.public_subnet"),
    "unknown placeholder in a name": ({}, '[names]\nvpc = "{prefix}-{az}"\n', "uses unknown placeholder(s) ['az']"),
    "unbalanced brace in a name": ({}, '[names]\nvpc = "{prefix"\n', "names.vpc: '{prefix' has an unbalanced"),
    "empty name": ({}, '[names]\nvpc = ""\n', "names.vpc: '' renders an empty name"),
    "duplicate names": ({}, '[names]\nprivate_route_table = "{prefix}-public-alb-rt"\n', "duplicates the name"),
    "security group name sg-": ({}, '[names]\nalb_sg = "sg-edge"\n', "is not a valid security group name"),
    "load balancer named internal-": ({}, '[names]\ndemo_alb = "internal-demo"\n', "not a valid load balancer"),
    "target group name too long": ({}, f'[names]\ndemo_target_group = "{"t" * 33}"\n', "not a valid load balancer"),
    "endpoint name without service": ({}, '[names]\ninterface_endpoint = "{prefix}-endpoint"\n', "has no {service}"),
    "Name tag over 256": ({}, f'[names]\nvpc = "{LONG}"\n', "AWS allows 256"),
    "unknown placeholder in a group name": ({}, '[names]\nalb_sg = "{foo}"\n', "names.alb_sg: '{foo}' uses unknown"),
    "unbalanced brace in the ALB name": ({}, '[names]\ndemo_alb = "{x"\n', "names.demo_alb: '{x' has an unbalanced"),
    "unknown name": ({}, '[names]\nsubnet = "x"\n', "names.subnet: unknown field"),
    "names not a table": ({}, 'names = "x"\n', "names: 'x' in"),
    # tags
    "tag without value": ({"TAGS": "Team"}, None, "$NETWORK_TAGS: 'Team' is not Key=Value"),
    "Environment tag": ({"TAGS": "Environment=prod"}, None, "tags.Environment: 'prod' is set by the tool"),
    "Name tag": ({"TAGS": "Name=net"}, None, "tags.Name: 'net' is set by the tool"),
    "aws: tag": ({"TAGS": "aws:team=ml"}, None, "tags.aws:team: 'ml' is not a valid AWS tag"),
    "tag twice": ({"TAGS": "Team=ml,Team=ai"}, None, "'Team' is given twice"),
    "too many tags": ({"TAGS": MANY_TAGS}, None, "leave no room within AWS's 50 tags"),
    "tag value too long": ({"TAGS": f"Team={LONG}"}, None, "tags.Team"),
    "tag with #": ({"TAGS": "Team=a#b"}, None, "tags.Team: 'a#b' is not a valid AWS tag"),
    "tag key empty": ({"TAGS": "=x"}, None, "'=x' is not Key=Value"),
    "tags not strings": ({}, "tags = { Team = 5 }\n", "is not a table of strings"),
    "tags not a table": ({}, 'tags = "Team=ml"\n', "is not a table of strings"),
    # §3 cluster
    "cluster name starts with -": ({"CLUSTER_NAME": "-retail"}, None, "not a valid EKS cluster name"),
    "cluster name with space": ({"CLUSTER_NAME": "retail cluster"}, None, "not a valid EKS cluster name"),
    "cluster name too long": ({"CLUSTER_NAME": "c" * 101}, None, "not a valid EKS cluster name"),
    # §5 demo
    "HTTPS without certificate": ({"DEMO_HTTPS": "true"}, None, "asks for an HTTPS listener without a certificate"),
    "certificate not an ARN": ({"DEMO_CERTIFICATE_ARN": "arn:aws:acm:cert"}, None, "is not an ACM certificate ARN"),
    "certificate in another region": ({"DEMO_CERTIFICATE_ARN": CERT_ELSEWHERE}, None,
                                      "is in us-east-1, but an ALB needs a certificate in ap-southeast-1"),
    "health check without slash": ({"DEMO_HEALTH_CHECK_PATH": "health"}, None, "is not an HTTP path"),
    "health check with space": ({"DEMO_HEALTH_CHECK_PATH": "/he alth"}, None, "is not an HTTP path"),
    "old TLS policy": ({"DEMO_SSL_POLICY": "ELBSecurityPolicy-2016-08"}, None, "is not a current TLS 1.2/1.3"),
    "demo switch not a boolean": ({"DEMO_ALB": "maybe"}, None, "'maybe' in $NETWORK_DEMO_ALB is not a boolean"),
    # target and emulator
    "unknown target": ({"TARGET": "localstack"}, None, "use 'emulator' or 'aws'"),
    "port 0": ({"EMULATOR_PORT": "0"}, None, "emulator_port: 0 is not a TCP port"),
    "port too high": ({"EMULATOR_PORT": "70000"}, None, "emulator_port: 70000 is not a TCP port"),
    "port not a number": ({"EMULATOR_PORT": "abc"}, None, "is not an integer"),
    "emulator on a LAN address": ({"EMULATOR_HOST": "10.1.2.3"}, None, "is not a loopback address"),
    "emulator on a host name": ({"EMULATOR_HOST": "example.com"}, None, "is not a loopback address"),
    # backend and state
    "unknown backend": ({"BACKEND": "consul"}, None, "backend: 'consul' is not a state backend"),
    "HCP without organization": ({"BACKEND": "hcp"}, None, "hcp_organization: ''"),
    "HCP workspace with a slash": ({"BACKEND": "hcp", "HCP_ORGANIZATION": "acme", "HCP_WORKSPACE": "a/b"}, None,
                                   "is not a workspace name"),
    "HCP workspace placeholder": ({"BACKEND": "hcp", "HCP_ORGANIZATION": "acme", "HCP_WORKSPACE": "net-{env}"}, None,
                                  "hcp_workspace: 'net-{env}' uses unknown placeholder(s) ['env']"),
    "bucket with capitals": ({"STATE_BUCKET": "My_Bucket"}, None, "state_bucket: 'My_Bucket' is not a valid S3"),
    "bucket too short": ({"STATE_BUCKET": "ab"}, None, "(2 characters)"),
    "bucket too long": ({"STATE_BUCKET": "b" * 64}, None, "(64 characters)"),
    "bucket like an IP": ({"STATE_BUCKET": "192.168.1.1"}, None, "formatted as an IP address"),
    "bucket xn--": ({"STATE_BUCKET": "xn--state"}, None, "starts with the reserved 'xn--'"),
    "bucket sthree-": ({"STATE_BUCKET": "sthree-state"}, None, "starts with the reserved 'sthree-'"),
    "bucket -s3alias": ({"STATE_BUCKET": "state-s3alias"}, None, "ends with the reserved '-s3alias'"),
    "bucket --ol-s3": ({"STATE_BUCKET": "state--ol-s3"}, None, "ends with the reserved '--ol-s3'"),
    "bucket double dot": ({"STATE_BUCKET": "a..b"}, None, "adjacent '.' and '-'"),
    "bucket dot dash": ({"STATE_BUCKET": "a.-b"}, None, "adjacent '.' and '-'"),
    "bucket ends with dash": ({"STATE_BUCKET": "state-"}, None, "state_bucket: 'state-'"),
    "absolute state key": ({"STATE_KEY": "/abs/key"}, None, "state_key: '/abs/key' starts or ends with '/', which the S3 backend refuses"),
    "state key placeholder": ({"STATE_KEY": "net/{env}/tfstate"}, None, "uses unknown placeholder(s) ['env']"),
    "state key brace": ({"STATE_KEY": "net/{environment/tfstate"}, None, "has an unbalanced"),
    "empty state key": ({"STATE_KEY": ""}, None, "state_key: '' is empty, which the S3 backend refuses"),
    "state key with a trailing slash": ({"STATE_KEY": "net/{environment}/"}, None,
                                        "starts or ends with '/', which the S3 backend refuses"),
    "state key with a double slash": ({"STATE_KEY": "net//{environment}/tfstate"}, None,
                                      "contains '//', which the S3 backend refuses"),
    "state key too long for its lock": ({"STATE_KEY": "k" * 1020}, None, "with the lock's '.tflock' S3 allows 1017"),
    "state key with a conversion": ({"STATE_KEY": "net/{environment!x}/tfstate"}, None,
                                    "state_key: 'net/{environment!x}/tfstate' formats a placeholder"),
    "state region unknown": ({"STATE_REGION": "eu-wset-1"}, None, "state_region: 'eu-wset-1' is not an AWS region we know"),
    # name templates are rendered, so whatever str.format would refuse is a configuration error
    "name with a conversion": ({}, '[names]\nvpc = "{prefix!x}-vpc"\n', "names.vpc: '{prefix!x}-vpc' formats a placeholder"),
    "name with a format spec": ({}, '[names]\nvpc = "{prefix:>50}"\n', "names.vpc: '{prefix:>50}' formats a placeholder"),
    "name with a positional field": ({}, '[names]\nvpc = "{}-vpc"\n', "names.vpc: '{}-vpc' uses unknown placeholder(s)"),
    "name with an attribute": ({}, '[names]\nvpc = "{prefix.upper}"\n', "names.vpc: '{prefix.upper}' uses unknown placeholder(s)"),
    "name with an index": ({}, '[names]\ninternet_gateway = "{prefix[0]}-igw"\n',
                           "names.internet_gateway: '{prefix[0]}-igw' uses unknown placeholder(s)"),
    "SSM path with a conversion": ({"SSM_PARAMETER_PATH": "/{prefix!s}/net"}, None,
                                   "ssm_parameter_path: '/{prefix!s}/net' formats a placeholder"),
    "SSM path AWS reserves": ({"SSM_PARAMETER_PATH": "/aws/{prefix}"}, None,
                              "ssm_parameter_path: '/aws/mlops-hybrid' begins with 'aws' or 'ssm'"),
    "HCP workspace with a spec": ({"BACKEND": "hcp", "HCP_ORGANIZATION": "acme", "HCP_WORKSPACE": "n-{environment:5}"},
                                  None, "hcp_workspace: 'n-{environment:5}' formats a placeholder"),
    # the HTTPS listener's policy must be one AWS has
    "SSL policy typo": ({"DEMO_SSL_POLICY": "ELBSecurityPolicy-TLS13-1-2-2021-6"}, None,
                        "demo_ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-6' is not an ELB security policy"),
    "SSL policy typo suggests the name": ({"DEMO_SSL_POLICY": "ELBSecurityPolicy-TLS13-1-2-Res-2021-60"}, None,
                                          "use 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06'"),
    "SSL policy of another product": ({"DEMO_SSL_POLICY": "ELBSecurityPolicy-TLS13-1-2-Res-2099-01"}, None,
                                      "is not an ELB security policy"),
    "SSL policy allowing TLS 1.0 under TLS 1.3": ({"DEMO_SSL_POLICY": "ELBSecurityPolicy-TLS13-1-0-2021-06"}, None,
                                                  "'ELBSecurityPolicy-TLS13-1-0-2021-06' is not a current TLS 1.2/1.3"),
    "security group name AWS reserves": ({}, '[names]\nalb_sg = "sg-{prefix}"\n',
                                         "names.alb_sg: 'sg-mlops-hybrid' is not a valid security group name"),
    # variables and files
    "variable typo": ({"VPC_CDIR": "10.0.0.0/16"}, None, "$NETWORK_VPC_CDIR: not a configuration variable — fix: "
                                                          "unset it; did you mean $NETWORK_VPC_CIDR?"),
    "switch typo": ({"DEMOALB": "true"}, None, "did you mean $NETWORK_DEMO_ALB?"),
    "unknown variable": ({"FOO": "1"}, None, "$NETWORK_FOO: not a configuration variable"),
    "environment variable typo": ({"ENVIRONMENT": "prod"}, None, "$NETWORK_ENVIRONMENT: not a configuration"),
    "invalid TOML": ({}, "vpc_cidr = \n", "invalid TOML"),
    "unterminated TOML string": ({}, 'vpc_cidr = "10.0.0.0/16\n', "invalid TOML"),
    "non-UTF-8 file": ({}, b"name_prefix = \"caf\xe9\"\n", "is not UTF-8"),
    "unknown key in file": ({}, 'vpc_cdir = "10.0.0.0/16"\n', "vpc_cdir: unknown field in"),
    "environment set in its file": ({}, 'environment = "x"\n', "environment: unknown field"),
    "zones as a string": ({}, 'azs = "ap-southeast-1a"\n', "is not a list of strings"),
    "port as a string": ({}, 'emulator_port = "5000"\n', "is not an integer"),
    "boolean as a string": ({}, 'enable_dns_support = "yes"\n', "is not a boolean"),
    "CIDR as a number": ({}, "vpc_cidr = 10\n", "is not a string"),
    "list of numbers": ({}, "interface_endpoints = [1, 2]\n", "is not a list of strings"),
    # security baseline
    "flow logs to kinesis": ({"FLOW_LOGS_DESTINATION": "kinesis"}, None,
                             "flow_logs_destination: 'kinesis' is not a flow-logs destination"),
    "flow logs traffic in lowercase": ({"FLOW_LOGS_TRAFFIC_TYPE": "all"}, None,
                                       "flow_logs_traffic_type: 'all' is not a traffic type"),
    "flow logs retention CloudWatch refuses": ({"FLOW_LOGS_RETENTION_DAYS": "100"}, None,
                                               "flow_logs_retention_days: 100 is not a retention"),
    "flow logs to S3 without a bucket": ({"FLOW_LOGS_DESTINATION": "s3"}, None,
                                         "flow_logs_s3_bucket_arn: '' is not an S3 bucket ARN"),
    "flow logs bucket ignored": ({"FLOW_LOGS_S3_BUCKET_ARN": "arn:aws:s3:::acme-logs"}, None,
                                 "but the flow logs go to CloudWatch Logs"),
    "flow logs key in another region": (
        {"FLOW_LOGS_KMS_KEY_ARN": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
        None, "is not a KMS key ARN in ap-southeast-1"),
    "flow logs role name too long": (
        {}, '[names]\nflow_logs = "{prefix}-' + "r" * 70 + '"\n', "is not a valid IAM role name"),
    "unknown endpoint profile": ({"ENDPOINT_PROFILE": "private"}, None,
                                 "endpoint_profile: 'private' is not an endpoint profile"),
    "profile with too short a list": ({"ENDPOINT_PROFILE": "eks-fully-private", "INTERFACE_ENDPOINTS": "ecr.api"},
                                      None, "lacks ecr.dkr, logs, sts, ec2"),
    "ECR pull account not an account": ({"ECR_PULL_ACCOUNTS": "60240114345"}, None,
                                        "ecr_pull_accounts: '60240114345' is not an AWS account id"),
    "ALB log bucket name AWS forbids": ({"DEMO_ACCESS_LOGS_BUCKET": "Logs_Bucket"}, None,
                                        "demo_access_logs_bucket: 'Logs_Bucket' is not a valid S3 bucket name"),
    "state key not a KMS key": ({"STATE_KMS_KEY_ID": "my-key"}, None,
                                "state_kms_key_id: 'my-key' is not a KMS key ARN, key id or alias"),
    "state access logs into the state bucket": ({"STATE_ACCESS_LOG_BUCKET": "mlops-retail-forecast-tfstate"},
                                                None, "is the state bucket itself"),
}


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """No NETWORK_* from the caller; outputs and environment files in a scratch folder."""
    for name in [n for n in os.environ if n.startswith("NETWORK_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("NETWORK_OUTDIR", str(tmp_path / "out"))
    monkeypatch.setenv("NETWORK_ENVIRONMENTS_DIR", str(tmp_path / "environments"))
    (tmp_path / "environments").mkdir()
    return tmp_path


def test_there_are_over_a_hundred_distinct_cases():
    assert len(CASES) >= 100
    assert len({(tuple(sorted(v.items())), f) for v, f, _ in CASES.values()}) == len(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_stops_before_anything_happens(case, isolated, monkeypatch, capsys):
    variables, file_text, expected = CASES[case]
    for name, value in variables.items():
        monkeypatch.setenv(f"NETWORK_{name}", value)
    if file_text is not None:
        data = file_text if isinstance(file_text, bytes) else file_text.encode()
        (isolated / "environments" / "case.toml").write_bytes(data)
        monkeypatch.setenv("NETWORK_ENV", "case")
    port = int(variables.get("EMULATOR_PORT", "5000")) if variables.get("EMULATOR_PORT", "").isdigit() else 5000
    started_before = emulator.pid_file(port).exists()

    code = cli.main(["up"])

    out, err = capsys.readouterr()
    assert code == 2, err
    assert out == ""
    line = next((line for line in err.splitlines() if expected in line), None)
    assert line is not None, f"{expected!r} not in:\n{err}"
    assert "fix:" in line, line
    assert not (isolated / "out").exists(), "something was synthesized"
    assert emulator.pid_file(port).exists() == started_before, "the emulator was started"
