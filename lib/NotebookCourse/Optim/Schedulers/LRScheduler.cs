namespace NotebookCourse.Optim;

/// <summary>
/// Base of the learning-rate schedulers: after each <see cref="step"/> the lr of every parameter group is set from
/// a formula of the step count and the group's initial lr (stored in the group as "initial_lr", like PyTorch).
/// Building a scheduler applies step 0 at once. Example:
/// <c>var sched = optim.lr_scheduler.StepLR(opt, step_size: 10); for (...) { train_one_epoch(); sched.step(); }</c>
/// </summary>
public abstract class LRScheduler
{
    private double[] _lastLr = [];

    /// <summary>The optimizer whose groups' lr this scheduler sets.</summary>
    public Optimizer optimizer { get; }

    /// <summary>Number of <see cref="step"/> calls so far (0 right after construction).</summary>
    public int last_epoch { get; private set; }

    /// <summary>Each group's starting lr.</summary>
    public double[] base_lrs { get; private set; }

    /// <summary>Attaches to <paramref name="optimizer"/>; to resume, pass the step count reached (groups must then hold "initial_lr").</summary>
    protected LRScheduler(Optimizer optimizer, int last_epoch = -1)
    {
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        var groups = optimizer.param_groups;
        for (int i = 0; i < groups.Count; i++)
        {
            if (last_epoch == -1) { if (!groups[i].has("initial_lr")) groups[i]["initial_lr"] = groups[i].lr; }
            else if (!groups[i].has("initial_lr"))
                throw new ArgumentException($"{GetType().Name}: resuming at last_epoch {last_epoch} needs 'initial_lr' in param group {i}; load the optimizer's state dict first or start with last_epoch -1");
        }
        base_lrs = groups.Select(g => g["initial_lr"]).ToArray();
        this.last_epoch = last_epoch;
    }

    /// <summary>Re-reads each group's "initial_lr" into <see cref="base_lrs"/> (for schedulers that set it themselves).</summary>
    protected void ReadBaseLrs() => base_lrs = optimizer.param_groups.Select(g => g["initial_lr"]).ToArray();

    /// <summary>Applies the first step; called at the end of every concrete constructor, after its fields are set.</summary>
    protected void Start() => step();

    /// <summary>The lr of group <paramref name="i"/> at step <paramref name="epoch"/>.</summary>
    protected abstract double LrAt(int i, ParamGroup group, int epoch);

    /// <summary>Advances one step (call once per epoch, or once per batch for per-iteration schedules such as OneCycleLR).</summary>
    public void step()
    {
        last_epoch++;
        var groups = optimizer.param_groups;
        if (_lastLr.Length != groups.Count) _lastLr = new double[groups.Count];
        for (int i = 0; i < groups.Count; i++)
        {
            groups[i].lr = LrAt(i, groups[i], last_epoch);
            _lastLr[i] = groups[i].lr;
        }
    }

    /// <summary>The lr each group got at the last step.</summary>
    public double[] get_last_lr() => (double[])_lastLr.Clone();

    /// <summary>The step count and base lrs (with the lrs last set), for checkpoints.</summary>
    public Dictionary<string, double> state_dict()
    {
        var d = new Dictionary<string, double> { ["last_epoch"] = last_epoch };
        for (int i = 0; i < base_lrs.Length; i++) d[$"base_lrs.{i}"] = base_lrs[i];
        for (int i = 0; i < _lastLr.Length; i++) d[$"last_lr.{i}"] = _lastLr[i];
        return d;
    }

    /// <summary>Restores a <see cref="state_dict"/>; the optimizer's groups must match in number.</summary>
    public void load_state_dict(IReadOnlyDictionary<string, double> sd)
    {
        int n = optimizer.param_groups.Count;
        double Get(string k) => sd.TryGetValue(k, out var v) ? v
            : throw new ArgumentException($"{GetType().Name}.load_state_dict: key '{k}' is missing (the optimizer has {n} groups); was it saved from a scheduler over the same groups?");
        var epoch = (int)Get("last_epoch");
        var bases = new double[n];
        var last = new double[n];
        for (int i = 0; i < n; i++) { bases[i] = Get($"base_lrs.{i}"); last[i] = Get($"last_lr.{i}"); }
        last_epoch = epoch; base_lrs = bases; _lastLr = last;
    }
}
