"""Drives a running kernel with the real jupyter_client (Debian python3-jupyter-client).

Usage: python3 client_check.py CONNECTION_FILE
The kernel behind the connection file runs the test suite's fake backend (print/result/fail/loop/input commands).
Prints one line per check and exits non-zero on the first failure.
"""
import statistics
import sys
import time

from jupyter_client import BlockingKernelClient
from jupyter_client.session import Session

from checks import expect, fail  # noqa: F401 (next to this script)


def run(kc, code, **kwargs):
    outputs = []
    reply = kc.execute_interactive(code, timeout=30, output_hook=outputs.append, **kwargs)
    return reply, outputs


def main(connection_file):
    kc = BlockingKernelClient()
    kc.load_connection_file(connection_file)
    # jupyter_client declares a kernel dead after one unanswered 1 s heartbeat; at the start of a loaded 2-core
    # test run the in-process kernel can take longer to answer its first ping (that flaked once in CI).
    kc.hb_channel.time_to_dead = 10.0
    kc.start_channels()
    kc.wait_for_ready(timeout=30)
    expect(kc.is_alive(), "heartbeat answers")

    info = kc.kernel_info(reply=True, timeout=10)["content"]
    expect(info["protocol_version"] == "5.3" and info["language_info"]["name"] == "C#", "kernel_info names protocol 5.3 and C#")

    reply, outputs = run(kc, "print hello\nresult 42")
    expect(reply["content"]["status"] == "ok", "execute reply is ok")
    types = [m["msg_type"] for m in outputs]
    expect(types == ["status", "execute_input", "stream", "execute_result", "status"], f"iopub order {types}")
    expect(outputs[2]["content"]["text"] == "hello\n", "stream text arrives")
    expect(outputs[3]["content"]["data"]["text/plain"] == "42", "execute_result carries text/plain")
    first_count = reply["content"]["execution_count"]
    reply, _ = run(kc, "print again")
    expect(reply["content"]["execution_count"] == first_count + 1, "execution_count increments")

    reply, outputs = run(kc, "fail broken on purpose")
    expect(reply["content"]["status"] == "error" and reply["content"]["evalue"] == "broken on purpose", "error reply")
    expect(any(m["msg_type"] == "error" for m in outputs), "error output on iopub")

    reply = kc.complete("Ma", 2, reply=True, timeout=10)["content"]
    expect(reply["matches"] == ["Math", "Mathematics"] and reply["cursor_start"] == 0, "complete_reply")
    reply = kc.inspect("Math", 1, reply=True, timeout=10)["content"]
    expect(reply["found"] and "System.Math" in reply["data"]["text/plain"], "inspect_reply")
    msg_id = kc.is_complete("if (x) {")
    reply = kc.get_shell_msg(timeout=10)
    expect(reply["parent_header"]["msg_id"] == msg_id, "is_complete reply matches its request")
    reply = reply["content"]
    expect(reply["status"] == "incomplete", "is_complete_reply")
    reply = kc.comm_info(reply=True, timeout=10)["content"]
    expect(reply["comms"] == {}, "comm_info_reply is empty")
    reply = kc.history(reply=True, timeout=10)["content"]
    expect(reply["history"] == [], "history_reply is empty")

    long_line = "y" * 70000  # long frames (> 255 bytes) in both directions
    reply, outputs = run(kc, "print " + long_line)
    expect(any(m["content"].get("text") == long_line + "\n" for m in outputs), "long frames round-trip")
    reply, outputs = run(kc, "big 1500000")
    text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
    expect(text.count("x") == 1000000 and "output truncated" in text, "huge output is cut at 1,000,000 characters with a note")

    prompts = []

    def answer(msg):
        prompts.append(msg["content"]["prompt"])
        kc.input("Ada")

    reply, outputs = run(kc, "input Name?", allow_stdin=True, stdin_hook=answer)
    expect(prompts == ["Name?"], "input_request reaches the frontend")
    expect(any(m["content"].get("text") == "got: Ada\n" for m in outputs), "input_reply reaches the cell")

    # Interrupt a long loop through the control channel (interrupt_mode "message").
    msg_id = kc.execute("loop")
    # An interrupt that arrives before the cell starts finds nothing to stop (as in ipykernel): wait until it runs.
    while True:
        m = kc.get_iopub_msg(timeout=10)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_input":
            break
    time.sleep(0.1)
    start = time.perf_counter()
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    reply = kc.get_shell_msg(timeout=10)
    elapsed = time.perf_counter() - start
    expect(reply["parent_header"]["msg_id"] == msg_id and reply["content"]["status"] == "error", "interrupted cell replies error")
    print(f"interrupt latency: {elapsed * 1000:.1f} ms", flush=True)
    expect(elapsed < 1.0, "interrupt stops the loop within 1 s")
    expect(kc.get_control_msg(timeout=10)["msg_type"] == "interrupt_reply", "interrupt_reply on control")
    while True:  # let the interrupted cell's idle status pass
        m = kc.get_iopub_msg(timeout=10)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break

    # A message signed with the wrong key must never run.
    impostor = Session(key=b"not-the-key", username="mallory")
    bad = impostor.msg("execute_request", {"code": "print evil", "silent": False, "store_history": True,
                                           "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    impostor.send(kc.shell_channel.socket, bad)
    reply, outputs = run(kc, "print after impostor")
    expect(reply["parent_header"]["msg_id"] != bad["header"]["msg_id"], "badly signed request gets no reply")
    expect(not any("evil" in m["content"].get("text", "") for m in outputs), "badly signed request is not executed")

    # Round trip of a trivial cell after warm-up.
    times = []
    for _ in range(30):
        t = time.perf_counter()
        run(kc, "print x")
        times.append((time.perf_counter() - t) * 1000)
    print(f"trivial cell round trip: median {statistics.median(times[5:]):.2f} ms", flush=True)

    kc.shutdown()
    reply = kc.get_control_msg(timeout=10)
    expect(reply["msg_type"] == "shutdown_reply", "shutdown_reply")
    kc.stop_channels()
    print("ALL CHECKS PASSED", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
