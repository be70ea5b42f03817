using System.Collections;
using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// A list of submodules that are registered (so their parameters are found and saved as "layers.0.weight", …) but
/// not called automatically: your forward decides how to use them.
/// Example: <c>blocks = register_module("blocks", nn.ModuleList(Enumerable.Range(0, 4).Select(_ => new Block())));</c>
/// then <c>foreach (var b in blocks) x = b.call(x);</c>
/// </summary>
public sealed class ModuleList : Module, IEnumerable<Module>
{
    private readonly List<Module> _items = new();

    /// <summary>A list holding the given modules in order.</summary>
    public ModuleList(params Module[] modules) { foreach (var m in modules) append(m); }

    /// <summary>A list holding the given modules in order.</summary>
    public ModuleList(IEnumerable<Module> modules) { foreach (var m in modules) append(m); }

    /// <summary>Appends a module (named by its position); returns this list.</summary>
    public ModuleList append(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        register_module(_items.Count.ToString(), module);
        _items.Add(module);
        return this;
    }

    /// <summary>Appends several modules; returns this list.</summary>
    public ModuleList extend(IEnumerable<Module> modules) { foreach (var m in modules) append(m); return this; }

    /// <summary>Appends (for collection initializers).</summary>
    public void Add(Module module) => append(module);

    /// <summary>Number of modules.</summary>
    public int Count => _items.Count;

    /// <summary>The module at a position (negative counts from the end).</summary>
    public Module this[int index] => _items[ListIndex.Norm(index, _items.Count, "ModuleList")];

    /// <summary>A ModuleList is a container, not a layer: iterate it in your own forward.</summary>
    public override Tensor forward(Tensor x) =>
        throw new InvalidOperationException("ModuleList has no forward: loop over it in your module's forward (foreach (var layer in layers) x = layer.call(x);), or use nn.Sequential to chain modules automatically");

    /// <inheritdoc/>
    public IEnumerator<Module> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
