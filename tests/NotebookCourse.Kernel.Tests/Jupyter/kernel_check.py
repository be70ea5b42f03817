"""Drives the real C# kernel, started from its installed kernelspec, with the real jupyter_client.

Usage: JUPYTER_PATH=PREFIX/share/jupyter python3 kernel_check.py
The kernelspec 'notebookcourse' must be installed under JUPYTER_PATH (the C# test does `kernel install --prefix`).
Prints one line per check ("ok: ..." or "FAIL: ...") plus measurements, and exits non-zero on the first failure.
"""
import time

from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

from checks import expect, fail  # noqa: F401 (next to this script)


def run(kc, code, timeout=60, **kwargs):
    outputs = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append, **kwargs)
    return reply["content"], [m for m in outputs if m["msg_type"] != "status"]


def text_of(outputs):
    """The text a notebook would show: streams, results and displays (text/plain), and error values."""
    parts = []
    for m in outputs:
        c = m["content"]
        if m["msg_type"] == "stream":
            parts.append(c["text"])
        elif m["msg_type"] in ("execute_result", "display_data", "update_display_data"):
            parts.append(c["data"]["text/plain"])
        elif m["msg_type"] == "error":
            parts.append(c["ename"] + ": " + c["evalue"])
    return "".join(parts)


def wait_idle(kc, msg_id):
    while True:
        m = kc.get_iopub_msg(timeout=30)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" \
                and m["content"]["execution_state"] == "idle":
            return


def interrupt_after(km, kc, code, delay):
    """Starts code, interrupts it after delay seconds; returns (reply content, seconds from interrupt to reply)."""
    msg_id = kc.execute(code)
    time.sleep(delay)
    start = time.perf_counter()
    km.interrupt_kernel()
    while True:
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    elapsed = time.perf_counter() - start
    wait_idle(kc, msg_id)
    return reply["content"], elapsed


def check_cells(kc):
    reply, outputs = run(kc, "var x = 6 * 7;\nConsole.WriteLine($\"x is {x}\");")
    expect(reply["status"] == "ok" and text_of(outputs) == "x is 42\n", "a cell runs and prints")
    first = reply["execution_count"]
    reply, outputs = run(kc, "x + 1")
    expect([m["msg_type"] for m in outputs] == ["execute_input", "execute_result"], "a trailing expression is the result")
    expect(outputs[1]["content"]["data"]["text/plain"] == "43", "state is kept across cells")
    expect(reply["execution_count"] == first + 1 == outputs[1]["content"]["execution_count"], "execution_count counts cells")

    reply, outputs = run(kc, "var h = display(\"step 0\");\nh.Update(\"step 1\");")
    kinds = [m["msg_type"] for m in outputs]
    expect(kinds == ["execute_input", "display_data", "update_display_data"], f"display then update in place ({kinds})")
    ids = [m["content"]["transient"].get("display_id") for m in outputs[1:]]
    expect(ids[0] and ids[0] == ids[1], "the update names the display's id")
    expect(outputs[2]["content"]["data"]["text/plain"] == "step 1", "the update carries the new content")

    reply, outputs = run(kc, "using NotebookCourse;\nusing static NotebookCourse.torch;\nvar t = torch.ones(2, 3);\nt.sum().item<float>()")
    expect(reply["status"] == "ok" and outputs[-1]["content"]["data"]["text/plain"] == "6", "the course library is usable")

    reply, outputs = run(kc, "int Twice(int v) => 2 * v;\n\nthrow new InvalidOperationException($\"boom {Twice(21)}\");")
    count = reply["execution_count"]
    expect(reply["status"] == "error" and reply["ename"] == "InvalidOperationException" and reply["evalue"] == "boom 42",
           "an exception becomes an error reply")
    errors = [m for m in outputs if m["msg_type"] == "error"]
    expect(len(errors) == 1, "exactly one error output is published")
    tb = "\n".join(errors[0]["content"]["traceback"])
    expect(f"cell {count}" in tb and "line 3" in tb, f"the traceback names In [{count}], line 3")

    reply, outputs = run(kc, "var y = undefinedName + 1;")
    expect(reply["status"] == "error" and reply["ename"] == "CompilationError" and "undefinedName" in reply["evalue"],
           "a compile error names the unknown identifier")

    answers = []

    def answer(msg):
        answers.append(msg["content"]["prompt"])
        kc.input("Ada")

    reply, outputs = run(kc, "var name = Console.ReadLine();\nConsole.WriteLine($\"hello {name}\");", allow_stdin=True,
                         stdin_hook=answer)
    expect(len(answers) == 1 and text_of(outputs) == "hello Ada\n", "Console.ReadLine asks the frontend (input_request)")


def check_completion_and_inspection(kc):
    reply = kc.complete("t.re", 4, reply=True, timeout=30)["content"]
    expect("relu" in reply["matches"] and "reshape" in reply["matches"], "completes a Tensor member after 't.'")
    expect((reply["cursor_start"], reply["cursor_end"]) == (2, 4), "cursor range covers the partial member 're'")
    code = "var z = torch.ran"
    reply = kc.complete(code, len(code), reply=True, timeout=30)["content"]
    expect("randn" in reply["matches"] and all(m.startswith("ran") for m in reply["matches"]), "completes torch.ran → randn")
    expect(reply["cursor_start"] == len(code) - 3, "cursor_start is at the start of the partial identifier")
    reply = kc.complete("Twi", 3, reply=True, timeout=30)["content"]
    expect(reply["matches"] == ["Twice"], "completes a function defined in an earlier cell")
    # Non-ASCII before the cursor: Jupyter counts code points, C# strings count UTF-16 units.
    code = "var s = \"𝛼\"; s.Leng"
    reply = kc.complete(code, len(code), reply=True, timeout=30)["content"]
    expect(reply["matches"] == ["Length"] and reply["cursor_start"] == len(code) - 4, "cursor positions are code points")

    code = "torch.randn(2, 3)"
    reply = kc.inspect(code, len("torch.ran"), reply=True, timeout=30)["content"]
    plain = reply["data"].get("text/plain", "")
    expect(reply["found"] and "randn(" in plain and "Tensor" in plain, f"inspect shows the signature ({plain.splitlines()[:1]})")
    expect(len(plain.splitlines()) >= 3, "inspect shows the XML doc summary from the library's documentation file")
    reply = kc.inspect("x", 1, reply=True, timeout=30)["content"]
    expect(reply["found"] and reply["data"]["text/plain"].startswith("int x"), "inspect names an earlier cell's variable")


def check_interrupts(km, kc):
    code = "long steps = 0;\nwhile (true) { NotebookCourse.Runtime.NotebookHost.ThrowIfCancelled(); steps++; }"
    reply, elapsed = interrupt_after(km, kc, code, 1.0)
    print(f"interrupt latency (loop calling ThrowIfCancelled): {elapsed * 1000:.0f} ms", flush=True)
    expect(reply["status"] == "error" and reply["ename"] == "OperationCanceledException", "the interrupted cell replies error")
    expect(elapsed < 1.0, "a loop calling NotebookHost.ThrowIfCancelled stops within 1 s")
    reply, outputs = run(kc, "x")
    expect(reply["status"] == "ok" and outputs[-1]["content"]["data"]["text/plain"] == "42", "the kernel works after an interrupt")

    # A loop that never looks at the token cannot be stopped inside the process (.NET has no Thread.Abort):
    # the session waits its grace period (2 s), then abandons the loop's thread and reports the interrupt.
    reply, elapsed = interrupt_after(km, kc, "while (true) { }", 0.5)
    print(f"interrupt latency (loop ignoring cancellation): {elapsed * 1000:.0f} ms", flush=True)
    expect(reply["status"] == "error" and reply["ename"] == "OperationCanceledException",
           "a loop ignoring cancellation is reported interrupted after the grace period")
    expect(elapsed < 5.0, "the frontend gets its reply within the grace period (the loop's thread runs on until a restart)")
    reply, outputs = run(kc, "x")
    expect(reply["status"] == "ok" and outputs[-1]["content"]["data"]["text/plain"] == "42", "later cells still run")


def check_wrong_key(kc):
    impostor = Session(key=b"not-the-key", username="mallory")
    bad = impostor.msg("execute_request", {"code": "var evil = 1;", "silent": False, "store_history": True,
                                           "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    impostor.send(kc.shell_channel.socket, bad)
    reply, outputs = run(kc, "evil")
    expect(reply["status"] == "error" and "evil" in reply["evalue"], "a request signed with the wrong key is not executed")


def check_restart(km, kc):
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=60)
    reply, outputs = run(kc, "x")
    expect(reply["status"] == "error" and reply["ename"] == "CompilationError", "restart forgets earlier variables")
    expect(reply["execution_count"] == 1, "restart starts counting at 1 again")
    reply, outputs = run(kc, "6 * 7")
    expect(outputs[-1]["content"]["data"]["text/plain"] == "42", "the restarted kernel runs cells")


def main():
    start = time.perf_counter()
    km = KernelManager(kernel_name="notebookcourse")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        print(f"kernel start to first kernel_info_reply: {(time.perf_counter() - start) * 1000:.0f} ms", flush=True)
        info = kc.kernel_info(reply=True, timeout=10)["content"]
        expect(info["language_info"]["name"] == "C#" and info["implementation"] == "notebookcourse", "kernel_info")
        check_cells(kc)
        check_completion_and_inspection(kc)
        check_wrong_key(kc)
        check_interrupts(km, kc)
        check_restart(km, kc)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    expect(not km.is_alive(), "the kernel process exits on shutdown")
    print("ALL CHECKS PASSED", flush=True)


if __name__ == "__main__":
    main()
