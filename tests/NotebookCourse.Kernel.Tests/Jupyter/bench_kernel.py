"""Kernel benchmark (not part of the test suite): start-up and trivial-cell round trip through jupyter_client.

Usage: python3 bench_kernel.py [--starts N] [--cells N]
Uses the installed 'notebookcourse' kernelspec (./environment/course kernel install, or JUPYTER_PATH for another
prefix). Prints start -> first kernel_info_reply per start, first cell latency, and the median/p90 round trip of a
trivial cell after warm-up. Targets (issue 7): <= 2 s to kernel_info_reply, <= 30 ms median round trip.
"""
import argparse
import statistics
import time

from jupyter_client.manager import KernelManager


def start(km_holder):
    t0 = time.perf_counter()
    km = KernelManager(kernel_name="notebookcourse")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)  # sends kernel_info_request until the first reply arrives
    km_holder.append((km, kc))
    return time.perf_counter() - t0


def round_trip(kc, code):
    t0 = time.perf_counter()
    reply = kc.execute_interactive(code, timeout=60, output_hook=lambda m: None)
    if reply["content"]["status"] != "ok":
        raise SystemExit(f"cell failed: {reply['content']}")
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--starts", type=int, default=3)
    ap.add_argument("--cells", type=int, default=60)
    args = ap.parse_args()

    starts = []
    for i in range(args.starts):
        held = []
        starts.append(start(held))
        km, kc = held[0]
        if i < args.starts - 1:
            kc.stop_channels()
            km.shutdown_kernel(now=False)
    print(f"start -> first kernel_info_reply: " + ", ".join(f"{s * 1000:.0f} ms" for s in starts)
          + f" (median {statistics.median(starts) * 1000:.0f} ms)")

    first = round_trip(kc, "var x = 1;")
    print(f"first cell right after kernel_info_reply (waits for the background warm-up): {first * 1000:.0f} ms")
    times = [round_trip(kc, "x + 1") for _ in range(args.cells)]
    warm = sorted(times[10:])
    print(f"trivial cell 'x + 1' round trip after 10 warm-up cells: median {statistics.median(warm) * 1000:.1f} ms, "
          f"p90 {warm[int(len(warm) * 0.9)] * 1000:.1f} ms, min {warm[0] * 1000:.1f} ms (n={len(warm)})")
    times = [round_trip(kc, "x = x + 1;") for _ in range(30)]
    print(f"trivial statement 'x = x + 1;': median {statistics.median(times[5:]) * 1000:.1f} ms")
    kc.stop_channels()
    km.shutdown_kernel(now=False)


if __name__ == "__main__":
    main()
