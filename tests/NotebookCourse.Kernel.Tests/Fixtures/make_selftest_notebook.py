# Writes selftest.ipynb, the tiny notebook the runner tests execute. Run: /usr/bin/python3 make_selftest_notebook.py
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

nb = new_notebook(metadata={
    "kernelspec": {"name": "notebookcourse", "display_name": "C# (NotebookCourse)", "language": "C#"},
    "language_info": {"name": "C#", "file_extension": ".cs"},
})
nb.cells = [
    new_markdown_cell("# Runner self-test\nExercises parameters, state, streams, display updates and results.", id="title"),
    new_code_cell("using NotebookCourse.Runtime;", id="usings"),
    new_code_cell("bool fast = false;\nint epochs = 5;\ndouble lr = 0.1;\nstring label = \"full\";",
                  id="params", metadata={"tags": ["parameters"]}),
    new_code_cell("if (fast) epochs = 2;", id="fast-mode"),
    new_code_cell(
        "var progress = display(\"epoch 0\");\n"
        "double loss = 1.0;\n"
        "for (int e = 1; e <= epochs; e++)\n"
        "{\n"
        "    NotebookHost.ThrowIfCancelled();\n"
        "    loss *= 1 - lr;\n"
        "    progress.Update($\"epoch {e}/{epochs}\");\n"
        "}\n"
        "Console.WriteLine($\"{label}: {epochs} epochs\");", id="train"),
    new_code_cell("Math.Round(loss, 4)", id="result"),
]
nbformat.write(nb, "selftest.ipynb")
