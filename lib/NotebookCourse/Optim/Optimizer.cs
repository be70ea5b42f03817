using NotebookCourse.Autograd;
using NotebookCourse.Tensors;

namespace NotebookCourse.Optim;

/// <summary>
/// Base of every optimizer: parameter groups with their own hyper-parameters, per-parameter state, zero_grad,
/// step and state_dict. Updates run in place on the parameters' contiguous float buffers, outside autograd, and
/// allocate nothing once each parameter's state exists.
/// Example: <c>opt.zero_grad(); loss.backward(); opt.step();</c>
/// </summary>
public abstract class Optimizer
{
    private readonly Dictionary<Tensor, ParamState> _state = new(ReferenceEqualityComparer.Instance);
    private float[] _scratchA = [], _scratchB = [];

    /// <summary>The parameter groups, in the order given.</summary>
    public List<ParamGroup> param_groups { get; } = new();

    /// <summary>Hyper-parameters that groups inherit when they leave them unset.</summary>
    public IReadOnlyDictionary<string, double> defaults { get; }

    /// <summary>Names of the per-parameter buffers this optimizer may keep (checked by load_state_dict).</summary>
    protected abstract string[] BufferNames { get; }

    /// <summary>Builds the optimizer over <paramref name="groups"/>, filling unset options from <paramref name="defaults"/>.</summary>
    protected Optimizer(IEnumerable<ParamGroup> groups, Dictionary<string, double> defaults)
    {
        this.defaults = defaults;
        foreach (var g in groups) add_param_group(g);
        if (param_groups.Count == 0 || param_groups.All(g => g.@params.Count == 0))
            throw new ArgumentException($"{GetType().Name}: got an empty parameter list; pass model.parameters() (did the model register its layers?)");
    }

    /// <summary>Wraps a flat parameter list into one group.</summary>
    protected static IEnumerable<ParamGroup> OneGroup(IEnumerable<Tensor> parameters) => [new ParamGroup(parameters)];

    /// <summary>Adds a group (e.g. unfrozen layers during fine-tuning); unset options take the defaults.</summary>
    public void add_param_group(ParamGroup group)
    {
        var name = GetType().Name;
        for (int i = 0; i < group.@params.Count; i++)
        {
            var p = group.@params[i];
            if (p.dtype != DType.float32)
                throw new ArgumentException($"{name}: parameter {i} of group {param_groups.Count} is {p.dtype}; only float32 tensors can be optimized");
            if (!p.is_leaf)
                throw new ArgumentException($"{name}: parameter {i} of group {param_groups.Count} is not a leaf (made by '{p.grad_fn!.Name}'); optimize the leaf tensors (model.parameters()), not results of ops");
            if (!p.is_contiguous())
                throw new ArgumentException($"{name}: parameter {i} of group {param_groups.Count} with shape {ShapeUtil.Format(p._shape)} is not contiguous; optimize a contiguous tensor (.contiguous() before requires_grad_)");
            foreach (var other in param_groups)
                if (other.@params.Any(q => ReferenceEquals(q, p)))
                    throw new ArgumentException($"{name}: a parameter with shape {ShapeUtil.Format(p._shape)} appears in more than one parameter group; give each tensor to exactly one group");
            for (int j = 0; j < i; j++)
                if (ReferenceEquals(group.@params[j], p))
                    throw new ArgumentException($"{name}: parameter {i} of group {param_groups.Count} repeats parameter {j}; list each tensor once");
        }
        group.FillDefaults(defaults);
        if (group.lr < 0) throw new ArgumentException($"{name}: learning rate must be >= 0, got {group.lr}");
        param_groups.Add(group);
    }

    /// <summary>The state kept for <paramref name="p"/> (empty until its first step).</summary>
    public ParamState state(Tensor p)
    {
        if (!_state.TryGetValue(p, out var s)) _state[p] = s = new ParamState();
        return s;
    }

    /// <summary>Clears the gradients: <c>grad = null</c> (default, saves memory and work) or zero-filled in place.</summary>
    public void zero_grad(bool set_to_none = true)
    {
        foreach (var g in param_groups)
            foreach (var p in g.@params)
            {
                if (p.grad is null) continue;
                if (set_to_none) { p.grad = null; continue; }
                using (GradMode.Disable()) p.grad.zero_();
            }
    }

    /// <summary>One update of every parameter that has a gradient. A <paramref name="closure"/> that recomputes and
    /// back-propagates the loss is called first and its loss returned.</summary>
    public Tensor? step(Func<Tensor>? closure = null)
    {
        Tensor? loss = null;
        if (closure != null) using (GradMode.Set(true)) loss = closure();
        foreach (var g in param_groups)
            foreach (var p in g.@params)
            {
                var grad = p.grad;
                if (grad is null) continue;
                if (!ShapeUtil.SameShape(grad._shape, p._shape))
                    throw new InvalidOperationException($"{GetType().Name}.step: parameter of shape {ShapeUtil.Format(p._shape)} has a gradient of shape {ShapeUtil.Format(grad._shape)}; a gradient must match its parameter");
                int n = p.numel();
                var s = state(p);
                s.step++;
                Update(g, p._shape, p.F.AsSpan(p.offset, n), grad.SpanF(), s);
                p.storage.Version++;
            }
        return loss;
    }

    /// <summary>Updates one parameter in place (<paramref name="param"/> is its storage) from its gradient.</summary>
    protected abstract void Update(ParamGroup group, int[] shape, Span<float> param, ReadOnlySpan<float> grad, ParamState state);

    /// <summary>A reusable work buffer of <paramref name="n"/> floats (two independent ones: 0 and 1).</summary>
    protected Span<float> Scratch(int which, int n)
    {
        ref var buf = ref which == 0 ? ref _scratchA : ref _scratchB;
        if (buf.Length < n) buf = new float[n];
        return buf.AsSpan(0, n);
    }

    /// <summary>The optimizer and each group's options, as PyTorch prints them (parameter counts instead of tensors).</summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder(GetType().Name).Append(" (\n");
        for (int i = 0; i < param_groups.Count; i++)
        {
            var g = param_groups[i];
            sb.Append($"Parameter Group {i} ({g.@params.Count} tensors, {g.@params.Sum(p => (long)p.numel())} values)\n");
            foreach (var (k, v) in g.Options.OrderBy(o => o.Key, StringComparer.Ordinal))
                sb.Append($"    {k}: {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n");
        }
        return sb.Append(')').ToString();
    }

    /// <summary>A snapshot of the per-parameter state and the groups' hyper-parameters.</summary>
    public OptimizerStateDict state_dict()
    {
        var st = new Dictionary<int, Dictionary<string, Tensor>>();
        var groups = new List<GroupState>();
        int index = 0;
        foreach (var g in param_groups)
        {
            var ids = new int[g.@params.Count];
            for (int i = 0; i < ids.Length; i++, index++)
            {
                ids[i] = index;
                if (!_state.TryGetValue(g.@params[i], out var s) || s.step == 0 && s.buffers.Count == 0) continue;
                var d = new Dictionary<string, Tensor> { ["step"] = torch.tensor((float)s.step) };
                foreach (var (k, t) in s.buffers) d[k] = t.detach().clone();
                st[index] = d;
            }
            groups.Add(new GroupState(g.options(), ids));
        }
        return new OptimizerStateDict { type = GetType().Name, state = st, param_groups = groups };
    }

    /// <summary>Restores a snapshot taken from an optimizer of the same type over parameters of the same shapes.
    /// Everything is checked before anything changes, so a failed load leaves this optimizer as it was.</summary>
    public void load_state_dict(OptimizerStateDict sd)
    {
        var name = GetType().Name;
        if (sd.type != name)
            throw new ArgumentException($"{name}.load_state_dict: the state dict was saved from optimizer type {sd.type}; load it into a {sd.type} (or start this {name} fresh)");
        if (sd.param_groups.Count != param_groups.Count)
            throw new ArgumentException($"{name}.load_state_dict: the state dict has {sd.param_groups.Count} parameter groups, this optimizer has {param_groups.Count}; build the optimizer with the same groups");
        var byIndex = new Dictionary<int, Tensor>();
        int index = 0;
        for (int gi = 0; gi < param_groups.Count; gi++)
        {
            var mine = param_groups[gi].@params;
            var saved = sd.param_groups[gi].@params;
            if (saved.Length != mine.Count)
                throw new ArgumentException($"{name}.load_state_dict: group {gi} has {saved.Length} parameters in the state dict but {mine.Count} here; the model or the grouping differs");
            for (int i = 0; i < mine.Count; i++) byIndex[saved[i]] = mine[i];
            index += mine.Count;
        }
        foreach (var (idx, entries) in sd.state)
        {
            if (!byIndex.TryGetValue(idx, out var p))
                throw new ArgumentException($"{name}.load_state_dict: state for parameter {idx}, but the groups only list parameters 0..{index - 1}");
            foreach (var (k, t) in entries)
            {
                if (k == "step")
                {
                    if (t.numel() != 1) throw new ArgumentException($"{name}.load_state_dict: state.{idx}.step must hold one number, got shape {ShapeUtil.Format(t._shape)}");
                    continue;
                }
                if (Array.IndexOf(BufferNames, k) < 0)
                    throw new ArgumentException($"{name}.load_state_dict: unknown state 'state.{idx}.{k}'; {name} keeps {string.Join(", ", BufferNames)}");
                if (t.dtype != DType.float32 || !ShapeUtil.SameShape(t._shape, p._shape))
                    throw new ArgumentException($"{name}.load_state_dict: state.{idx}.{k} is {t.dtype} {ShapeUtil.Format(t._shape)} but its parameter is float32 {ShapeUtil.Format(p._shape)}; the model differs from the one that was saved");
            }
        }
        // All checks passed: now replace.
        for (int gi = 0; gi < param_groups.Count; gi++)
            foreach (var (k, v) in sd.param_groups[gi].options) param_groups[gi][k] = v;
        foreach (var g in param_groups) foreach (var p in g.@params) _state.Remove(p);
        foreach (var (idx, entries) in sd.state)
        {
            var s = state(byIndex[idx]);
            foreach (var (k, t) in entries)
            {
                if (k == "step") s.step = (long)Math.Round(t.item<double>());
                else s.buffers[k] = t.detach().clone();
            }
        }
    }
}
