"""Interface endpoint services the Endpoints construct knows how to name and secure (no cdktf import,
so configuration checks can use it without starting jsii).

The spec's four come first; the rest are the ones a private EKS cluster without NAT commonly needs later.
Each maps to the short form used in Name tags (``{service}`` in name templates).
"""
INTERFACE_SERVICES: dict[str, str] = {
    "ecr.api": "ecr-api",
    "ecr.dkr": "ecr-dkr",
    "logs": "logs",
    "sts": "sts",
    "ec2": "ec2",
    "elasticloadbalancing": "elb",
    "autoscaling": "autoscaling",
    "eks": "eks",
    "eks-auth": "eks-auth",
    "ssm": "ssm",
    "ssmmessages": "ssmmessages",
    "ec2messages": "ec2messages",
    "kms": "kms",
    "sqs": "sqs",
    "xray": "xray",
}
POLICY_MODES = ("full", "least-privilege")


def short_name(service: str) -> str:
    return INTERFACE_SERVICES.get(service, service)
