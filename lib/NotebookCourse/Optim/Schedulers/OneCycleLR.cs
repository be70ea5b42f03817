namespace NotebookCourse.Optim;

/// <summary>
/// The 1cycle policy (Smith): the lr rises from <c>max_lr/div_factor</c> to <c>max_lr</c> during the first
/// <c>pct_start</c> of the run, then falls to <c>initial_lr/final_div_factor</c>; momentum (or Adam's β₁) moves the
/// opposite way between <c>max_momentum</c> and <c>base_momentum</c>. Step once per batch, <c>total_steps</c> times.
/// Same phase boundaries as PyTorch. Example: <c>optim.lr_scheduler.OneCycleLR(opt, max_lr: 0.1, total_steps: epochs * batches)</c>
/// </summary>
public sealed class OneCycleLR : LRScheduler
{
    private readonly int _total;
    private readonly bool _cos, _cycleMomentum, _useBeta1;
    private readonly (double end, string startLr, string endLr, string startMom, string endMom)[] _phases;

    /// <summary>Total number of steps the schedule covers.</summary>
    public int total_steps => _total;

    /// <summary>Same <paramref name="max_lr"/> for all groups.</summary>
    public OneCycleLR(Optimizer optimizer, double max_lr, int total_steps, double pct_start = 0.3, string anneal_strategy = "cos",
        bool cycle_momentum = true, double base_momentum = 0.85, double max_momentum = 0.95, double div_factor = 25, double final_div_factor = 1e4,
        bool three_phase = false, int last_epoch = -1)
        : this(optimizer, Enumerable.Repeat(max_lr, optimizer.param_groups.Count).ToArray(), total_steps, pct_start, anneal_strategy,
               cycle_momentum, base_momentum, max_momentum, div_factor, final_div_factor, three_phase, last_epoch) { }

    /// <summary>One max lr per parameter group.</summary>
    public OneCycleLR(Optimizer optimizer, double[] max_lr, int total_steps, double pct_start = 0.3, string anneal_strategy = "cos",
        bool cycle_momentum = true, double base_momentum = 0.85, double max_momentum = 0.95, double div_factor = 25, double final_div_factor = 1e4,
        bool three_phase = false, int last_epoch = -1)
        : base(optimizer, last_epoch)
    {
        var groups = optimizer.param_groups;
        if (total_steps <= 0) throw new ArgumentException($"OneCycleLR: total_steps must be positive, got {total_steps}");
        if (pct_start < 0 || pct_start > 1) throw new ArgumentException($"OneCycleLR: pct_start must be between 0 and 1, got {pct_start}");
        if (anneal_strategy is not ("cos" or "linear")) throw new ArgumentException($"OneCycleLR: anneal_strategy must be \"cos\" or \"linear\", got \"{anneal_strategy}\"");
        if (max_lr.Length != groups.Count) throw new ArgumentException($"OneCycleLR: got {max_lr.Length} max_lr values for {groups.Count} parameter groups");
        _total = total_steps;
        _cos = anneal_strategy == "cos";
        _phases = three_phase
            ? [(pct_start * total_steps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
               (2 * pct_start * total_steps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
               (total_steps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")]
            : [(pct_start * total_steps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
               (total_steps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum")];
        _cycleMomentum = cycle_momentum;
        if (cycle_momentum)
        {
            _useBeta1 = optimizer.defaults.ContainsKey("beta1");
            if (!_useBeta1 && !optimizer.defaults.ContainsKey("momentum"))
                throw new ArgumentException($"OneCycleLR: {optimizer.GetType().Name} has no momentum to cycle; pass cycle_momentum: false");
        }
        if (last_epoch == -1)
            for (int i = 0; i < groups.Count; i++)
            {
                var g = groups[i];
                g["initial_lr"] = max_lr[i] / div_factor;
                g["max_lr"] = max_lr[i];
                g["min_lr"] = g["initial_lr"] / final_div_factor;
                if (cycle_momentum)
                {
                    g[_useBeta1 ? "beta1" : "momentum"] = max_momentum;
                    g["max_momentum"] = max_momentum;
                    g["base_momentum"] = base_momentum;
                }
            }
        ReadBaseLrs();
        Start();
    }

    private double Anneal(double start, double end, double pct) =>
        _cos ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1) : (end - start) * pct + start;

    /// <inheritdoc/>
    protected override double LrAt(int i, ParamGroup group, int epoch)
    {
        if (epoch > _total)
            throw new InvalidOperationException($"OneCycleLR: step {epoch + 1} requested but total_steps is {_total}; build the scheduler with total_steps = epochs × batches per epoch");
        double start = 0;
        for (int k = 0; k < _phases.Length; k++)
        {
            var ph = _phases[k];
            if (epoch <= ph.end || k == _phases.Length - 1)
            {
                double pct = (epoch - start) / (ph.end - start);
                if (_cycleMomentum) group[_useBeta1 ? "beta1" : "momentum"] = Anneal(group[ph.startMom], group[ph.endMom], pct);
                return Anneal(group[ph.startLr], group[ph.endLr], pct);
            }
            start = ph.end; // PyTorch's boundary: the next phase starts at the previous end step
        }
        throw new InvalidOperationException("OneCycleLR: no phase matched");
    }
}
