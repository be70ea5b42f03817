using System.Text.Json.Nodes;
using NotebookCourse.Kernel.Ipynb;
using NotebookCourse.Kernel.Session;
using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Runner;

/// <summary>
/// Turns a notebook's cell events into nbformat outputs: consecutive writes to one stream are merged, and a display
/// updated by id keeps only its final content, wherever in the notebook it was first shown.
/// </summary>
internal sealed class OutputCollector
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<JsonObject>> _displays = new(StringComparer.Ordinal);
    private bool _sealed;

    /// <summary>
    /// Stops recording: output from background work that outlives the notebook (an abandoned cell) must not change
    /// the cells while they are being written.
    /// </summary>
    public void Seal()
    {
        lock (_gate) _sealed = true;
    }

    /// <summary>An observer that appends to <paramref name="cell"/>'s outputs.</summary>
    public ICellObserver For(NotebookCell cell, int executionCount) => new CellObserver(this, cell, executionCount);

    private sealed class CellObserver(OutputCollector owner, NotebookCell cell, int executionCount) : ICellObserver
    {
        public void Stream(string name, string text)
        {
            lock (owner._gate)
            {
                if (owner._sealed) return;
                var outputs = cell.Outputs;
                if (outputs.Count > 0 && outputs[^1]["output_type"]?.GetValue<string>() == "stream"
                    && outputs[^1]["name"]?.GetValue<string>() == name)
                    outputs[^1]["text"] = outputs[^1]["text"]!.GetValue<string>() + text;
                else
                    outputs.Add(NotebookOutputs.Stream(name, text));
            }
        }

        public void Display(MimeBundle bundle, string? displayId)
        {
            lock (owner._gate)
            {
                if (owner._sealed) return;
                var output = NotebookOutputs.DisplayData(bundle);
                cell.Outputs.Add(output);
                if (displayId is null) return;
                if (!owner._displays.TryGetValue(displayId, out var shown)) owner._displays[displayId] = shown = [];
                shown.Add(output);
            }
        }

        public void UpdateDisplay(MimeBundle bundle, string displayId)
        {
            lock (owner._gate)
            {
                // Jupyter ignores updates of ids never displayed; so do we.
                if (owner._sealed || !owner._displays.TryGetValue(displayId, out var shown)) return;
                foreach (var output in shown)
                {
                    output["data"] = NotebookOutputs.Data(bundle);
                    output["metadata"] = bundle.Metadata.DeepClone();
                }
            }
        }

        public void Result(MimeBundle bundle)
        {
            lock (owner._gate)
                if (!owner._sealed) cell.Outputs.Add(NotebookOutputs.ExecuteResult(bundle, executionCount));
        }

        public void Error(string ename, string evalue, IReadOnlyList<string> traceback)
        {
            lock (owner._gate)
                if (!owner._sealed) cell.Outputs.Add(NotebookOutputs.Error(ename, evalue, traceback));
        }
    }
}
