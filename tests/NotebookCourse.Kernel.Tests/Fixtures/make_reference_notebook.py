# Writes reference.ipynb with Jupyter's own writer (Debian python3-nbformat): the round-trip test checks that our
# writer reproduces it byte for byte. Run: /usr/bin/python3 make_reference_notebook.py
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

nb = new_notebook(metadata={
    "kernelspec": {"name": "notebookcourse", "display_name": "C# (NotebookCourse)", "language": "C#"},
    "language_info": {"name": "C#", "file_extension": ".cs"},
    "zeta_unknown": {"b": [1, 2.5, 1e-05, 1e+16, -0.0, True, None], "a": "ünïcødé ✓ 日本"},
})
nb.cells = [
    new_markdown_cell("# Title\n\nSome *text* with a tab\tand a quote \" and backslash \\", id="intro"),
    new_code_cell("bool fast = false;\nint epochs = 5;", id="params", metadata={"tags": ["parameters"]}),
    new_code_cell("", id="empty"),
    new_code_cell(
        "Console.WriteLine(\"hi\");\n1 + 1", id="run", execution_count=3,
        outputs=[
            new_output("stream", name="stdout", text="hi\nthere\r\nline\rend\x0bvt\x0cff\x1c\x85\u2028x"),
            new_output("stream", name="stderr", text="ctl \x01 \x1f \x7f"),
            new_output("display_data", data={"text/plain": "a\nb\n", "image/png": "iVBORw0KGgo=",
                                             "application/vnd.plotly.v1+json": {"data": [{"y": [1, 2]}], "layout": {}}},
                       metadata={"image/png": {"width": 200}}),
            new_output("execute_result", data={"text/plain": "2"}, execution_count=3),
            new_output("error", ename="InvalidOperationException", evalue="bad", traceback=["line 1", "line 2"]),
        ]),
    new_raw_cell("raw\ncontent\n", id="raw-1", metadata={"format": "text/plain"}),
]
nb.cells[3]["attachments"] = {}
nbformat.write(nb, "reference.ipynb")
