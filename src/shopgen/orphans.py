"""Worker processes that never outlive the build that started them."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """Initializer of every worker pool: on Linux the kernel kills the worker when the process that started
    it dies. A build killed outright (`kill -9`, the out-of-memory killer) would otherwise leave its workers
    waiting on their task queue forever, each holding its share of memory."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the kernel was asked to tell
        os._exit(1)


def pool_options() -> dict:
    """`initializer`/`initargs` for a multiprocessing Pool or a ProcessPoolExecutor started by this process."""
    return {"initializer": die_with_parent, "initargs": (os.getpid(),)}
