import os

# jsii prints a Node 20 end-of-life banner on every start; the pinned cdktf 0.21 runs fine on it.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
