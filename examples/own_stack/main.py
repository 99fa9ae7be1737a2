"""The network modules in someone else's cdktf app: ``ProductionNetwork`` in your own stack, next to
your own resources, with your own provider and backend. Run from the repository root:

    PYTHONPATH=. python examples/own_stack/main.py      # writes examples/own_stack/cdktf.out

The one call to ``accelerator.enable()`` before cdktf is imported makes the AWS provider load in ~1.5 s
instead of ~5 s (docs/performance.md); the app works the same without it.
"""
from deploy import accelerator

accelerator.enable()

from cdktf import App, LocalBackend, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from constructs import Construct

from modules import ProductionNetwork, ProductionNetworkProps
from modules.endpoints import EndpointsProps
from modules.network import NetworkProps


class MlPlatformStack(TerraformStack):
    def __init__(self, scope: Construct, id_: str) -> None:
        super().__init__(scope, id_)
        AwsProvider(self, "aws", region="eu-west-1")
        LocalBackend(self, path="ml-platform.tfstate")
        models = S3Bucket(self, "models", bucket_prefix="ml-models-")
        network = ProductionNetwork(self, "network", props=ProductionNetworkProps(
            network=NetworkProps(azs=("eu-west-1a", "eu-west-1b"), vpc_cidr="10.20.0.0/16",
                                 public_subnet_cidrs=("10.20.1.0/24", "10.20.2.0/24"),
                                 private_subnet_cidrs=("10.20.101.0/24", "10.20.102.0/24"),
                                 vpc_name="ml-platform-vpc"),
            endpoints=EndpointsProps(region="eu-west-1", interface_services=("ecr.api", "ecr.dkr", "sts", "ec2")),
            cluster_name="ml-platform",
        ))
        TerraformOutput(self, "vpc_id", value=network.vpc.id)
        TerraformOutput(self, "private_subnet_ids", value=network.network.private_subnet_ids)
        TerraformOutput(self, "models_bucket", value=models.bucket)


def build(app: App) -> MlPlatformStack:
    return MlPlatformStack(app, "ml-platform")


if __name__ == "__main__":
    app = App(outdir="examples/own_stack/cdktf.out")
    build(app)
    app.synth()
