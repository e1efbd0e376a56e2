"""A parser that misbehaves on purpose, for the worker-isolation tests.

Workers import it by name (convert(parser=fakes.parse)), so it must be a plain module-level function.
The file's stem says what to do: segv → a segfault in native code, hang → sleep past any timeout,
alloc → allocate 6 GB (more than the test's cap), exit3 → os._exit(3); anything else is parsed.
"""

from __future__ import annotations

import ctypes
import faulthandler
import os
import time
from pathlib import Path

import gkparse


def parse(path: Path, engine: str = "auto"):
    stem = path.stem
    if stem == "segv":
        faulthandler.disable()  # pytest enables it: no traceback dump in the test output
        ctypes.string_at(0)
    elif stem == "hang":
        time.sleep(3600)
    elif stem == "alloc":
        return bytearray(6 << 30)
    elif stem == "exit3":
        os._exit(3)
    return gkparse.parse(path, engine=engine)
