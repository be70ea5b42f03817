using NotebookCourse.Nn;
using NotebookCourse.Serialization;
using NotebookCourse.Tensors;

namespace NotebookCourse;

public static partial class torch
{
    /// <summary>Writes named tensors (e.g. <c>model.state_dict()</c>) to a safetensors file, atomically.
    /// Example: <c>torch.save(model.state_dict(), "model.safetensors");</c></summary>
    public static void save(IEnumerable<KeyValuePair<string, Tensor>> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        Safetensors.Save(tensors, path, metadata);

    /// <summary>Writes a module's state dict to a safetensors file (same as <c>model.save(path)</c>).</summary>
    public static void save(Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        Safetensors.Save(module.state_dict(), path, metadata);

    /// <summary>Reads the named tensors of a safetensors file: <c>model.load_state_dict(torch.load("model.safetensors"))</c>.</summary>
    public static OrderedDictionary<string, Tensor> load(string path) => Safetensors.Load(path);
}
