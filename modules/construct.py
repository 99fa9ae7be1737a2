"""``Construct``, the base of every construct here, imported so that jsii's Node kernel starts the fast
way: whichever of our modules is imported first (a construct, or only its props or rules, as ``verify``
does) starts the kernel with the AWS provider's JavaScript loaded on first use (``aws.start_kernel``)."""
from .aws import start_kernel

start_kernel()

from constructs import Construct  # noqa: E402  the kernel starts with this import

__all__ = ["Construct"]
