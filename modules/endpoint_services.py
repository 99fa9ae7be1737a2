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

# Interface endpoint sets a configuration can name instead of listing services. "eks-fully-private" is
# what https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html lists for a cluster
# without outbound internet (with the S3 gateway): EC2 for the VPC CNI, ECR, Elastic Load Balancing
# for the load balancer controller, CloudWatch Logs, STS for IRSA, EKS Auth for Pod Identity, EKS,
# and Auto Scaling for the cluster autoscaler. Its optional X-Ray and SSM stay opt-in.
PROFILES: dict[str, tuple[str, ...]] = {
    "spec": ("ecr.api", "ecr.dkr", "logs", "sts"),
    "eks-fully-private": ("ecr.api", "ecr.dkr", "logs", "sts", "ec2", "elasticloadbalancing", "eks",
                          "eks-auth", "autoscaling"),
}

# The account whose ECR registry serves the EKS add-on images (VPC CNI, kube-proxy, CoreDNS) in each
# region, from https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html (read 2026-11-27).
# A least-privilege ECR policy must allow it besides this account, or nodes never get a pod network.
# Regions not listed here need ``ecr_pull_accounts`` set from that page.
_CLASSIC = ("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-west-1",
            "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1",
            "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2")
EKS_ADDON_REGISTRY: dict[str, str] = {
    **{region: "602401143452" for region in _CLASSIC},
    "af-south-1": "877085696533", "ap-east-1": "800184023465", "ap-east-2": "533267051163",
    "ap-southeast-3": "296578399912", "ap-south-2": "900889452093", "ap-southeast-4": "491585149902",
    "ap-southeast-5": "151610086707", "ap-southeast-6": "333609536671", "ap-southeast-7": "121268973566",
    "cn-north-1": "918309763551", "cn-northwest-1": "961992271922",
}


def short_name(service: str) -> str:
    return INTERFACE_SERVICES.get(service, service)
