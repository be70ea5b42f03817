using NotebookCourse.Nn;
using NotebookCourse.Tensors;

namespace NotebookCourse.Serialization;

/// <summary>
/// <c>model.save(path)</c> / <c>model.load(path)</c>: a module's state dict as a safetensors file with PyTorch's key
/// names, so the same file loads into the PyTorch twin of the model (<c>load_file</c> + <c>load_state_dict</c>).
/// </summary>
public static class ModuleSafetensors
{
    /// <summary>Writes the module's parameters and persistent buffers to <paramref name="path"/> atomically.
    /// Example: <c>model.save("mlp.safetensors");</c></summary>
    public static void save(this Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        Safetensors.Save(module.state_dict(), path, metadata);

    /// <summary>
    /// Loads <paramref name="path"/> into the module. The file is read and checked completely first, and the module's
    /// own check runs before any copy, so a damaged file, a missing or unexpected key (with <paramref name="strict"/>)
    /// or a shape mismatch leaves the module unchanged. Errors name the file and the key.
    /// Example: <c>model.load("mlp.safetensors");</c>
    /// </summary>
    public static LoadStateDictResult load(this Module module, string path, bool strict = true)
    {
        var tensors = Safetensors.Load(path);
        return LoadInto(module, tensors, Path.GetFullPath(path), strict);
    }

    internal static LoadStateDictResult LoadInto(Module module, IEnumerable<KeyValuePair<string, Tensor>> tensors, string path, bool strict)
    {
        try { return module.load_state_dict(tensors, strict); }
        catch (ArgumentException e) { throw new ArgumentException($"{path}: {e.Message}", e); }
    }
}
