namespace NotebookCourse.Optim;

/// <summary>Multiplies the lr by <c>gamma</c> every <c>step_size</c> steps: <c>lr = base·γ^⌊t/step_size⌋</c>.</summary>
public sealed class StepLR : LRScheduler
{
    private readonly int _stepSize;
    private readonly double _gamma;

    /// <summary>Decays every <paramref name="step_size"/> steps by <paramref name="gamma"/>.</summary>
    public StepLR(Optimizer optimizer, int step_size, double gamma = 0.1, int last_epoch = -1) : base(optimizer, last_epoch)
    {
        if (step_size <= 0) throw new ArgumentException($"StepLR: step_size must be a positive number of steps, got {step_size}");
        _stepSize = step_size; _gamma = gamma;
        Start();
    }

    /// <inheritdoc/>
    protected override double LrAt(int i, ParamGroup group, int epoch) => base_lrs[i] * Math.Pow(_gamma, epoch / _stepSize);
}

/// <summary>Multiplies the lr by <c>gamma</c> at each milestone step: <c>lr = base·γ^(milestones passed)</c>.</summary>
public sealed class MultiStepLR : LRScheduler
{
    private readonly int[] _milestones;
    private readonly double _gamma;

    /// <summary>Decays by <paramref name="gamma"/> when the step count reaches each of <paramref name="milestones"/>.</summary>
    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma = 0.1, int last_epoch = -1) : base(optimizer, last_epoch)
    {
        _milestones = milestones.Order().ToArray();
        _gamma = gamma;
        Start();
    }

    /// <inheritdoc/>
    protected override double LrAt(int i, ParamGroup group, int epoch)
    {
        int passed = 0;
        foreach (var m in _milestones) if (m <= epoch) passed++;
        return base_lrs[i] * Math.Pow(_gamma, passed);
    }
}

/// <summary>lr = base·f(t) for a function of the step count you supply (one for all groups or one per group).</summary>
public sealed class LambdaLR : LRScheduler
{
    private readonly Func<int, double>[] _lambdas;

    /// <summary>The same factor function for every group. Example: <c>LambdaLR(opt, t => Math.Min(1.0, (t + 1) / 100.0))</c></summary>
    public LambdaLR(Optimizer optimizer, Func<int, double> lr_lambda, int last_epoch = -1)
        : this(optimizer, Enumerable.Repeat(lr_lambda, optimizer.param_groups.Count).ToArray(), last_epoch) { }

    /// <summary>One factor function per parameter group.</summary>
    public LambdaLR(Optimizer optimizer, Func<int, double>[] lr_lambdas, int last_epoch = -1) : base(optimizer, last_epoch)
    {
        if (lr_lambdas.Length != optimizer.param_groups.Count)
            throw new ArgumentException($"LambdaLR: got {lr_lambdas.Length} functions for {optimizer.param_groups.Count} parameter groups; pass one per group or a single one");
        _lambdas = lr_lambdas;
        Start();
    }

    /// <inheritdoc/>
    protected override double LrAt(int i, ParamGroup group, int epoch) => base_lrs[i] * _lambdas[i](epoch);
}

/// <summary>
/// Linear change of the lr factor from <c>start_factor</c> to <c>end_factor</c> over <c>total_iters</c> steps, then
/// constant: the usual linear warmup (<c>LinearLR(opt, start_factor: 0.01, total_iters: 500)</c>).
/// </summary>
public sealed class LinearLR : LRScheduler
{
    private readonly double _start, _end;
    private readonly int _total;

    /// <summary>Factor goes linearly from <paramref name="start_factor"/> to <paramref name="end_factor"/> in <paramref name="total_iters"/> steps.</summary>
    public LinearLR(Optimizer optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0, int total_iters = 5, int last_epoch = -1) : base(optimizer, last_epoch)
    {
        if (start_factor <= 0 || start_factor > 1) throw new ArgumentException($"LinearLR: start_factor must be in (0, 1], got {start_factor}");
        if (end_factor < 0 || end_factor > 1) throw new ArgumentException($"LinearLR: end_factor must be in [0, 1], got {end_factor}");
        if (total_iters <= 0) throw new ArgumentException($"LinearLR: total_iters must be positive, got {total_iters}");
        _start = start_factor; _end = end_factor; _total = total_iters;
        Start();
    }

    /// <inheritdoc/>
    protected override double LrAt(int i, ParamGroup group, int epoch) =>
        base_lrs[i] * (_start + (_end - _start) * Math.Min(_total, epoch) / _total);
}

/// <summary>Cosine decay from the base lr to <c>eta_min</c> over <c>T_max</c> steps:
/// <c>lr = η_min + (base − η_min)·(1 + cos(π·t/T_max))/2</c>.</summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    private readonly int _tMax;
    private readonly double _etaMin;

    /// <summary>Reaches <paramref name="eta_min"/> after <paramref name="T_max"/> steps.</summary>
    public CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0, int last_epoch = -1) : base(optimizer, last_epoch)
    {
        if (T_max <= 0) throw new ArgumentException($"CosineAnnealingLR: T_max must be a positive number of steps, got {T_max}");
        _tMax = T_max; _etaMin = eta_min;
        Start();
    }

    /// <inheritdoc/>
    protected override double LrAt(int i, ParamGroup group, int epoch) =>
        _etaMin + (base_lrs[i] - _etaMin) * (1 + Math.Cos(Math.PI * epoch / _tMax)) / 2;
}
