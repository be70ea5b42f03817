using NotebookCourse.Tensors;

namespace NotebookCourse.Optim;

/// <summary>
/// A set of parameters that share hyper-parameters (learning rate, weight decay, ...). Options left unset take the
/// optimizer's defaults when the optimizer is built, so a group only names what differs.
/// Example: <c>optim.SGD(new[] { new ParamGroup(backbone.parameters(), lr: 1e-4), new ParamGroup(head.parameters()) { lr = 1e-2 } }, lr: 1e-3)</c>
/// </summary>
public sealed class ParamGroup
{
    private readonly Dictionary<string, double> _options = new();

    /// <summary>The tensors this group updates.</summary>
    public List<Tensor> @params { get; }

    /// <summary>A group over <paramref name="parameters"/>; unset options come from the optimizer's defaults.</summary>
    public ParamGroup(IEnumerable<Tensor> parameters, double? lr = null, double? weight_decay = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        @params = parameters.ToList();
        if (lr is double l) this.lr = l;
        if (weight_decay is double wd) this.weight_decay = wd;
    }

    /// <summary>Any option by name (PyTorch's <c>group["lr"]</c>); schedulers also keep their own entries here, e.g. "initial_lr".</summary>
    public double this[string name]
    {
        get => _options.TryGetValue(name, out var v) ? v
            : throw new KeyNotFoundException($"ParamGroup: option '{name}' is not set; known options: {string.Join(", ", _options.Keys)}");
        set => _options[name] = value;
    }

    /// <summary>True when the option is set.</summary>
    public bool has(string name) => _options.ContainsKey(name);

    /// <summary>The options by name (a copy).</summary>
    public Dictionary<string, double> options() => new(_options);

    internal IReadOnlyDictionary<string, double> Options => _options;

    /// <summary>Learning rate.</summary>
    public double lr { get => this["lr"]; set => this["lr"] = value; }

    /// <summary>L2 penalty (SGD, Adam, RMSprop) or decoupled decay (AdamW).</summary>
    public double weight_decay { get => this["weight_decay"]; set => this["weight_decay"] = value; }

    /// <summary>Momentum factor (SGD, RMSprop).</summary>
    public double momentum { get => this["momentum"]; set => this["momentum"] = value; }

    /// <summary>Dampening for momentum (SGD).</summary>
    public double dampening { get => this["dampening"]; set => this["dampening"] = value; }

    /// <summary>Nesterov momentum (SGD).</summary>
    public bool nesterov { get => this["nesterov"] != 0; set => this["nesterov"] = value ? 1 : 0; }

    /// <summary>Coefficients of the running averages of the gradient and its square (Adam, AdamW).</summary>
    public (double, double) betas
    {
        get => (this["beta1"], this["beta2"]);
        set { this["beta1"] = value.Item1; this["beta2"] = value.Item2; }
    }

    /// <summary>Term added to the denominator for numerical stability.</summary>
    public double eps { get => this["eps"]; set => this["eps"] = value; }

    /// <summary>Use the maximum of past squared-gradient averages (Adam, AdamW).</summary>
    public bool amsgrad { get => this["amsgrad"] != 0; set => this["amsgrad"] = value ? 1 : 0; }

    /// <summary>Smoothing constant of the squared-gradient average (RMSprop).</summary>
    public double alpha { get => this["alpha"]; set => this["alpha"] = value; }

    /// <summary>Normalize by the estimated variance instead of the raw second moment (RMSprop).</summary>
    public bool centered { get => this["centered"] != 0; set => this["centered"] = value ? 1 : 0; }

    internal void FillDefaults(IReadOnlyDictionary<string, double> defaults)
    {
        foreach (var (k, v) in defaults) _options.TryAdd(k, v);
    }
}
