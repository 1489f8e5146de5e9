#!/bin/bash -eu
# ClusterFuzzLite entry point: the build lives in fuzz/oss-fuzz/build.sh (shared with OSS-Fuzz).
exec "$SRC/halcyon/fuzz/oss-fuzz/build.sh"
