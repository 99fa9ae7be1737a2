"""AWS regions and their Availability Zone letters, for validating ``region`` and ``azs``.

Source: AWS documentation, "Regions and Availability Zones" (docs.aws.amazon.com/global-infrastructure
and the EC2 user guide's region table), zone names as `aws ec2 describe-availability-zones` lists them;
compiled 2026-11-27. Commercial regions, AWS GovCloud and China. In a few older regions the letters an
account sees depend on its age (e.g. us-west-1, ap-northeast-1, ca-central-1); the table lists the
letters that exist in any account there. A region missing here is refused with this file as the fix.
"""
ZONES: dict[str, str] = {
    "us-east-1": "abcdef",
    "us-east-2": "abc",
    "us-west-1": "abc",
    "us-west-2": "abcd",
    "af-south-1": "abc",
    "ap-east-1": "abc",
    "ap-east-2": "abc",
    "ap-south-1": "abc",
    "ap-south-2": "abc",
    "ap-southeast-1": "abc",
    "ap-southeast-2": "abc",
    "ap-southeast-3": "abc",
    "ap-southeast-4": "abc",
    "ap-southeast-5": "abc",
    "ap-southeast-7": "abc",
    "ap-northeast-1": "acd",
    "ap-northeast-2": "abcd",
    "ap-northeast-3": "abc",
    "ca-central-1": "abd",
    "ca-west-1": "abc",
    "eu-central-1": "abc",
    "eu-central-2": "abc",
    "eu-west-1": "abc",
    "eu-west-2": "abc",
    "eu-west-3": "abc",
    "eu-south-1": "abc",
    "eu-south-2": "abc",
    "eu-north-1": "abc",
    "il-central-1": "abc",
    "me-south-1": "abc",
    "me-central-1": "abc",
    "mx-central-1": "abc",
    "sa-east-1": "abc",
    "us-gov-east-1": "abc",
    "us-gov-west-1": "abc",
    "cn-north-1": "abd",
    "cn-northwest-1": "abc",
}


def zones(region: str) -> list[str]:
    return [f"{region}{letter}" for letter in ZONES.get(region, "")]
