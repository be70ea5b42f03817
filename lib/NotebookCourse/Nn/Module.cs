using NotebookCourse.Runtime;
using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// Base class of every layer and model. Parameters, buffers and submodules are registered explicitly (no reflection),
/// in the order they are registered; that order gives <see cref="named_parameters"/>, the state-dict keys and the
/// printed tree. Subclasses override <see cref="forward(Tensor)"/> and are called through <see cref="call(Tensor)"/>.
/// Example:
/// <code>
/// class Net : Module
/// {
///     private readonly Linear fc1, fc2;
///     public Net() { fc1 = register_module("fc1", nn.Linear(784, 100)); fc2 = register_module("fc2", nn.Linear(100, 10)); }
///     public override Tensor forward(Tensor x) => fc2.call(fc1.call(x).relu());
/// }
/// </code>
/// </summary>
public abstract partial class Module : IRichDisplay
{
    // Three separate tables, as in PyTorch, because each kind behaves differently (grads, persistence, recursion);
    // a name may live in only one of them.
    private readonly OrderedDictionary<string, Tensor?> _parameters = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, Tensor?> _buffers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nonPersistent = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, Module?> _modules = new(StringComparer.Ordinal);

    /// <summary>True in training mode (dropout active, batch norm uses batch statistics); see <see cref="train"/>/<see cref="eval"/>.</summary>
    public bool training { get; private set; } = true;

    /// <summary>The computation of this module; override it. Call the module through <see cref="call(Tensor)"/>.</summary>
    public virtual Tensor forward(Tensor x) =>
        throw new InvalidOperationException($"{GetType().Name}.forward(Tensor) is not implemented; override `public override Tensor forward(Tensor x)` in {GetType().Name}, or call the module's own forward overload");

    /// <summary>Runs the module on <paramref name="x"/> (the same as <see cref="forward(Tensor)"/>, except while an ONNX export traces the model).</summary>
    public Tensor call(Tensor x) => Autograd.OpTrace.Current is { } tracer ? tracer.Call(this, x) : forward(x);

    // ---- registration ----

    /// <summary>
    /// Registers a trainable tensor under <paramref name="name"/> (sets <c>requires_grad</c>) and returns it; null
    /// registers an absent parameter (e.g. bias: false), which is skipped by parameters() and the state dict.
    /// </summary>
    public Tensor? register_parameter(string name, Tensor? param)
    {
        CheckName(name, "register_parameter", _parameters.ContainsKey(name));
        if (param != null)
        {
            if (!param.is_leaf)
                throw new ArgumentException($"register_parameter: '{name}' is the result of an operation ('{param.grad_fn!.Name}'), but a parameter must be a leaf tensor; pass tensor.detach() (and set requires_grad) instead");
            if (param.dtype != DType.float32)
                throw new ArgumentException($"register_parameter: '{name}' must be a float32 tensor to be trained, got {param.dtype}; register it as a buffer instead");
            param.requires_grad = true;
        }
        _parameters[name] = param;
        return param;
    }

    /// <summary>
    /// Registers a non-trainable tensor (running statistics, masks). Persistent buffers are saved in the state dict;
    /// non-persistent ones are not. Returns the tensor.
    /// </summary>
    public Tensor? register_buffer(string name, Tensor? tensor, bool persistent = true)
    {
        CheckName(name, "register_buffer", _buffers.ContainsKey(name));
        _buffers[name] = tensor;
        if (persistent) _nonPersistent.Remove(name); else _nonPersistent.Add(name);
        return tensor;
    }

    /// <summary>Registers a submodule and returns it, so <c>conv1 = register_module("conv1", nn.Conv2d(1, 6, 5));</c> reads well.</summary>
    public T register_module<T>(string name, T module) where T : Module?
    {
        CheckName(name, "register_module", _modules.ContainsKey(name));
        if (module != null && ReferenceEquals(module, this))
            throw new ArgumentException($"register_module: a module cannot be its own child ('{name}' in {GetType().Name})");
        _modules[name] = module;
        return module;
    }

    private void CheckName(string name, string op, bool sameKindExists)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"{op}: the name must be non-empty in {GetType().Name}");
        if (name.Contains('.')) throw new ArgumentException($"{op}: name '{name}' must not contain '.', because dots separate the levels of state-dict keys");
        if (sameKindExists) return; // re-registering under the same kind replaces, as in PyTorch
        string? other = _parameters.ContainsKey(name) ? "parameter" : _buffers.ContainsKey(name) ? "buffer" : _modules.ContainsKey(name) ? "submodule" : null;
        if (other != null) throw new ArgumentException($"{op}: {GetType().Name} already has a {other} named '{name}'; choose another name");
    }

    /// <summary>The parameter registered directly on this module under <paramref name="name"/> (null when absent or registered as null).</summary>
    protected Tensor? param(string name) => _parameters.TryGetValue(name, out var p) ? p : null;

    /// <summary>The buffer registered directly on this module under <paramref name="name"/>.</summary>
    protected Tensor? buffer(string name) => _buffers.TryGetValue(name, out var b) ? b : null;

    /// <summary>The parameter, buffer or submodule at a dotted path, e.g. <c>get_parameter("features.0.weight")</c>.</summary>
    public Tensor get_parameter(string target)
    {
        var (owner, leaf) = Resolve(target, "get_parameter");
        return owner._parameters.TryGetValue(leaf, out var p) && p != null ? p
            : throw new ArgumentException($"get_parameter: {owner.GetType().Name} has no parameter '{leaf}' (path '{target}'); its parameters are: {string.Join(", ", owner._parameters.Keys)}");
    }

    /// <summary>The buffer at a dotted path, e.g. <c>get_buffer("bn1.running_mean")</c>.</summary>
    public Tensor get_buffer(string target)
    {
        var (owner, leaf) = Resolve(target, "get_buffer");
        return owner._buffers.TryGetValue(leaf, out var b) && b != null ? b
            : throw new ArgumentException($"get_buffer: {owner.GetType().Name} has no buffer '{leaf}' (path '{target}'); its buffers are: {string.Join(", ", owner._buffers.Keys)}");
    }

    /// <summary>The submodule at a dotted path ("" is this module), e.g. <c>get_submodule("features.0")</c>.</summary>
    public Module get_submodule(string target)
    {
        Module m = this;
        if (target.Length == 0) return m;
        foreach (var part in target.Split('.'))
        {
            if (!m._modules.TryGetValue(part, out var child) || child == null)
                throw new ArgumentException($"get_submodule: {m.GetType().Name} has no submodule '{part}' (path '{target}'); its children are: {string.Join(", ", m._modules.Keys)}");
            m = child;
        }
        return m;
    }

    private (Module owner, string leaf) Resolve(string target, string op)
    {
        int dot = target.LastIndexOf('.');
        return dot < 0 ? (this, target) : (get_submodule(target[..dot]), target[(dot + 1)..]);
    }

    // ---- enumeration ----

    /// <summary>Direct children with their names, in registration order.</summary>
    public IEnumerable<(string name, Module module)> named_children()
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        foreach (var (n, m) in _modules)
            if (m != null && seen.Add(m)) yield return (n, m);
    }

    /// <summary>Direct children, in registration order.</summary>
    public IEnumerable<Module> children() { foreach (var (_, m) in named_children()) yield return m; }

    /// <summary>This module and every descendant (depth first, each once) with dotted names; this module's name is <paramref name="prefix"/>.</summary>
    public IEnumerable<(string name, Module module)> named_modules(string prefix = "")
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        // Explicit stack instead of recursion: deep models must not overflow, and order stays pre-order.
        var stack = new Stack<(string, Module)>();
        stack.Push((prefix, this));
        while (stack.Count > 0)
        {
            var (name, m) = stack.Pop();
            if (!seen.Add(m)) continue;
            yield return (name, m);
            var kids = new List<(string, Module)>();
            foreach (var (n, c) in m._modules) if (c != null) kids.Add((Join(name, n), c));
            for (int i = kids.Count - 1; i >= 0; i--) stack.Push(kids[i]);
        }
    }

    /// <summary>This module and every descendant, each once.</summary>
    public IEnumerable<Module> modules() { foreach (var (_, m) in named_modules()) yield return m; }

    /// <summary>
    /// Parameters with dotted names ("features.0.weight"), in registration order; a tensor shared by two modules is
    /// listed once. With <paramref name="recurse"/> false only this module's own parameters.
    /// </summary>
    public IEnumerable<(string name, Tensor param)> named_parameters(string prefix = "", bool recurse = true) =>
        NamedTensors(prefix, recurse, m => m._parameters, persistentOnly: false);

    /// <summary>All trainable tensors (what an optimizer updates).</summary>
    public IEnumerable<Tensor> parameters(bool recurse = true) { foreach (var (_, p) in named_parameters(recurse: recurse)) yield return p; }

    /// <summary>Buffers (running statistics and the like) with dotted names.</summary>
    public IEnumerable<(string name, Tensor buffer)> named_buffers(string prefix = "", bool recurse = true) =>
        NamedTensors(prefix, recurse, m => m._buffers, persistentOnly: false);

    /// <summary>All buffers.</summary>
    public IEnumerable<Tensor> buffers(bool recurse = true) { foreach (var (_, b) in named_buffers(recurse: recurse)) yield return b; }

    private IEnumerable<(string, Tensor)> NamedTensors(string prefix, bool recurse, Func<Module, OrderedDictionary<string, Tensor?>> table, bool persistentOnly)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        IEnumerable<(string, Module)> owners = recurse ? named_modules(prefix) : new[] { (prefix, this) };
        foreach (var (mname, m) in owners)
            foreach (var (n, t) in table(m))
                if (t != null && (!persistentOnly || !m._nonPersistent.Contains(n)) && seen.Add(t))
                    yield return (Join(mname, n), t);
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    // ---- modes and bulk operations ----

    /// <summary>Sets training mode on this module and all descendants; returns this module.</summary>
    public Module train(bool mode = true)
    {
        foreach (var m in modules()) m.training = mode;
        return this;
    }

    /// <summary>Evaluation mode (same as <c>train(false)</c>): dropout off, batch norm uses running statistics.</summary>
    public Module eval() => train(false);

    /// <summary>Clears every parameter's gradient: sets it to null (default) or zeroes it in place.</summary>
    public void zero_grad(bool set_to_none = true)
    {
        foreach (var p in parameters())
        {
            if (p.grad == null) continue;
            if (set_to_none) p.grad = null;
            else using (torch.no_grad()) p.grad.zero_();
        }
    }

    /// <summary>Turns gradient tracking of every parameter on or off (freezing a pretrained backbone); returns this module.</summary>
    public Module requires_grad_(bool requires_grad = true)
    {
        foreach (var p in parameters()) p.requires_grad = requires_grad;
        return this;
    }

    /// <summary>Calls <paramref name="fn"/> on every submodule (children first) and then on this module; returns this module.</summary>
    public Module apply(Action<Module> fn)
    {
        foreach (var c in children()) c.apply(fn);
        fn(this);
        return this;
    }

    /// <summary>Number of scalar parameters (all, or only those with requires_grad).</summary>
    public long num_parameters(bool only_trainable = false)
    {
        long n = 0;
        foreach (var p in parameters()) if (!only_trainable || p.requires_grad) n += p.numel();
        return n;
    }
}
