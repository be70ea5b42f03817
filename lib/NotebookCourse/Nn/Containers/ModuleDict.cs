using System.Collections;
using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// Submodules by name (registered in insertion order, so they are found by parameters() and saved as
/// "heads.cls.weight"). Example: <c>heads = register_module("heads", nn.ModuleDict(("cls", nn.Linear(64, 10)), ("box", nn.Linear(64, 4))));</c>
/// then <c>heads["cls"].call(h)</c>.
/// </summary>
public sealed class ModuleDict : Module, IEnumerable<KeyValuePair<string, Module>>
{
    private readonly OrderedDictionary<string, Module> _items = new(StringComparer.Ordinal);

    /// <summary>A dict holding the given named modules in order.</summary>
    public ModuleDict(params (string name, Module module)[] modules) { foreach (var (n, m) in modules) Add(n, m); }

    /// <summary>Adds or replaces a module under a key.</summary>
    public void Add(string key, Module module)
    {
        ArgumentNullException.ThrowIfNull(module, key);
        register_module(key, module);
        _items[key] = module;
    }

    /// <summary>The module under a key (set replaces it).</summary>
    public Module this[string key]
    {
        get => _items.TryGetValue(key, out var m) ? m
            : throw new ArgumentException($"ModuleDict: no module under key '{key}'; the keys are: {string.Join(", ", _items.Keys)}");
        set => Add(key, value);
    }

    /// <summary>True when a module is stored under the key.</summary>
    public bool ContainsKey(string key) => _items.ContainsKey(key);

    /// <summary>Keys in insertion order.</summary>
    public IEnumerable<string> keys() => _items.Keys;

    /// <summary>Modules in insertion order.</summary>
    public IEnumerable<Module> values() => _items.Values;

    /// <summary>Number of modules.</summary>
    public int Count => _items.Count;

    /// <summary>A ModuleDict is a container, not a layer: pick modules from it in your own forward.</summary>
    public override Tensor forward(Tensor x) =>
        throw new InvalidOperationException("ModuleDict has no forward: pick a module by key in your module's forward (heads[\"cls\"].call(h))");

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, Module>> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
