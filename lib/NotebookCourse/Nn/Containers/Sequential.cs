using System.Collections;
using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// Runs its modules one after another, each output feeding the next. Children are named "0", "1", … or by the names
/// you give, and those names appear in the state-dict keys ("features.0.weight" or "features.conv1.weight").
/// Example: <c>var net = nn.Sequential(("conv1", nn.Conv2d(1, 6, 5)), ("relu1", nn.ReLU()), ("flat", nn.Flatten()));</c>
/// Shape: whatever the first module takes → whatever the last one returns.
/// </summary>
public sealed class Sequential : Module, IEnumerable<Module>
{
    private readonly List<Module> _items = new();
    private readonly List<string> _names = new();

    /// <summary>Modules named by position.</summary>
    public Sequential(params Module[] modules) { foreach (var m in modules) append(m); }

    /// <summary>Modules with explicit names.</summary>
    public Sequential(params (string name, Module module)[] modules) { foreach (var (n, m) in modules) Add(n, m); }

    /// <summary>Appends a module named by its position; returns this Sequential.</summary>
    public Sequential append(Module module) => Add(_items.Count.ToString(), module);

    /// <summary>Appends a module under a name; returns this Sequential.</summary>
    public Sequential Add(string name, Module module)
    {
        ArgumentNullException.ThrowIfNull(module, name);
        register_module(name, module);
        _items.Add(module);
        _names.Add(name);
        return this;
    }

    /// <summary>Appends (for collection initializers).</summary>
    public void Add(Module module) => append(module);

    /// <summary>Number of modules.</summary>
    public int Count => _items.Count;

    /// <summary>The module at a position (negative counts from the end).</summary>
    public Module this[int index] => _items[ListIndex.Norm(index, _items.Count, "Sequential")];

    /// <summary>The module registered under a name.</summary>
    public Module this[string name] => get_submodule(name);

    /// <summary>Feeds x through every module in order; a shape error says which layer of the chain raised it.</summary>
    public override Tensor forward(Tensor x)
    {
        for (int i = 0; i < _items.Count; i++)
        {
            try { x = _items[i].call(x); }
            catch (ArgumentException e)
            {
                // One line per enclosing Sequential, so nested models read like a stack: innermost first.
                throw new ArgumentException($"{e.Message}\n  in Sequential layer ({_names[i]}): {_items[i].GetType().Name}, input {ShapeUtil.Format(x._shape)}", e);
            }
        }
        return x;
    }

    /// <inheritdoc/>
    public IEnumerator<Module> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

internal static class ListIndex
{
    public static int Norm(int index, int count, string who)
    {
        if (index < -count || index >= count)
            throw new ArgumentException($"{who}: index {index} is out of range for {count} module(s) (use {-count}..{count - 1})");
        return index < 0 ? index + count : index;
    }
}
