"""Check reporting shared by the kernel test scripts: one line per check, exit 1 on the first failure."""
import sys


def fail(message):
    print("FAIL:", message, flush=True)
    sys.exit(1)


def expect(condition, message):
    if not condition:
        fail(message)
    print("ok:", message, flush=True)
