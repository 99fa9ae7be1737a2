"""The next stack: an EKS cluster that reads the network from its remote state and runs in its private
subnets. Nothing is wired by hand: subnet and security group ids come from the network stack's outputs
(``private_subnets``, ``cluster_security_group_id``, ``node_security_group_id``) in the S3 state.
Run from the repository root (deploying EKS is up to you; this example synthesizes and validates):

    PYTHONPATH=. python examples/eks_remote_state/main.py   # writes examples/eks_remote_state/cdktf.out

``NETWORK_STATE_BUCKET``, ``NETWORK_STATE_KEY`` and ``NETWORK_REGION`` say where the network's state is
(our defaults otherwise).
"""
import json
import os

from cdktf import App, DataTerraformRemoteStateS3, Fn, S3Backend, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws import eks_cluster, eks_node_group, iam_role, iam_role_policy_attachment, launch_template
from cdktf_cdktf_provider_aws.provider import AwsProvider
from constructs import Construct

REGION = os.environ.get("NETWORK_REGION", "ap-southeast-1")
STATE_BUCKET = os.environ.get("NETWORK_STATE_BUCKET", "mlops-retail-forecast-tfstate")
NETWORK_STATE_KEY = os.environ.get("NETWORK_STATE_KEY", "production-network/default/terraform.tfstate")
CLUSTER = "mlops-retail-cluster"


def _trust(service: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]})


def _role(scope: Construct, id_: str, service: str, policies: list[str]) -> iam_role.IamRole:
    role = iam_role.IamRole(scope, id_, name=f"{CLUSTER}-{id_}", assume_role_policy=_trust(service))
    for policy in policies:
        iam_role_policy_attachment.IamRolePolicyAttachment(
            scope, f"{id_}-{policy}", role=role.name, policy_arn=f"arn:aws:iam::aws:policy/{policy}")
    return role


class EksStack(TerraformStack):
    def __init__(self, scope: Construct, id_: str) -> None:
        super().__init__(scope, id_)
        AwsProvider(self, "aws", region=REGION)
        S3Backend(self, bucket=STATE_BUCKET, key=f"ml-api-eks/{CLUSTER}.tfstate", region=REGION, encrypt=True)
        network = DataTerraformRemoteStateS3(self, "network", bucket=STATE_BUCKET, key=NETWORK_STATE_KEY,
                                             region=REGION)
        private_subnets = Fn.tolist(network.get("private_subnets"))
        cluster_role = _role(self, "cluster-role", "eks.amazonaws.com", ["AmazonEKSClusterPolicy"])
        cluster = eks_cluster.EksCluster(
            self, "cluster",
            name=CLUSTER,
            role_arn=cluster_role.arn,
            vpc_config=eks_cluster.EksClusterVpcConfig(
                subnet_ids=private_subnets,
                security_group_ids=[network.get_string("cluster_security_group_id")],
                # No NAT and no public endpoint: nodes register through the private endpoint.
                endpoint_private_access=True,
                endpoint_public_access=False,
            ),
            depends_on=[cluster_role],
        )
        node_role = _role(self, "node-role", "ec2.amazonaws.com", [
            "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"])
        # The network's node group rides on the instances through a launch template.
        nodes_template = launch_template.LaunchTemplate(
            self, "nodes-template",
            name_prefix=f"{CLUSTER}-nodes-",
            vpc_security_group_ids=[network.get_string("node_security_group_id")],
        )
        eks_node_group.EksNodeGroup(
            self, "api-nodes",
            cluster_name=cluster.name,
            node_group_name="api",
            node_role_arn=node_role.arn,
            subnet_ids=private_subnets,
            scaling_config=eks_node_group.EksNodeGroupScalingConfig(desired_size=2, min_size=2, max_size=4),
            launch_template=eks_node_group.EksNodeGroupLaunchTemplate(id=nodes_template.id,
                                                                      version=Fn.tostring(nodes_template.latest_version)),
        )
        TerraformOutput(self, "cluster_endpoint", value=cluster.endpoint)


def build(app: App) -> EksStack:
    return EksStack(app, "ml-api-eks")


if __name__ == "__main__":
    app = App(outdir="examples/eks_remote_state/cdktf.out")
    build(app)
    app.synth()
