using System.Globalization;
using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// Shared state and forward of BatchNorm1d/2d: per-channel γ (weight) and β (bias), running statistics buffers
/// (running_mean, running_var, num_batches_tracked). In training the batch statistics normalize and the running
/// ones are updated: running = (1 − momentum)·running + momentum·batch (momentum null: cumulative average);
/// in eval the running statistics normalize, so one sample gives the same answer whatever the batch.
/// </summary>
public abstract class BatchNormBase : Module
{
    /// <summary>Channels C.</summary>
    public int num_features { get; }
    /// <summary>Added to the variance for stability.</summary>
    public float eps { get; }
    /// <summary>Weight of the newest batch in the running statistics (null: cumulative moving average).</summary>
    public float? momentum { get; }
    /// <summary>Whether γ and β are learned.</summary>
    public bool affine { get; }
    /// <summary>Whether running statistics are kept (false: batch statistics in eval mode too).</summary>
    public bool track_running_stats { get; }
    /// <summary>(C) scale γ, or null without affine.</summary>
    public Tensor? weight => param("weight");
    /// <summary>(C) shift β, or null without affine.</summary>
    public Tensor? bias => param("bias");
    /// <summary>(C) running mean, or null without tracking.</summary>
    public Tensor? running_mean => buffer("running_mean");
    /// <summary>(C) running (unbiased) variance, or null without tracking.</summary>
    public Tensor? running_var => buffer("running_var");
    /// <summary>Number of training batches seen (int64 scalar), or null without tracking.</summary>
    public Tensor? num_batches_tracked => buffer("num_batches_tracked");

    /// <summary>Creates the layer: γ = 1, β = 0, running mean 0, running variance 1.</summary>
    protected BatchNormBase(int numFeatures, float eps, float? momentum, bool affine, bool trackRunningStats)
    {
        if (numFeatures <= 0) throw new ArgumentException($"{GetType().Name}: numFeatures must be positive, got {numFeatures}");
        num_features = numFeatures; this.eps = eps; this.momentum = momentum; this.affine = affine; track_running_stats = trackRunningStats;
        register_parameter("weight", affine ? torch.ones(numFeatures) : null);
        register_parameter("bias", affine ? torch.zeros(numFeatures) : null);
        register_buffer("running_mean", trackRunningStats ? torch.zeros(numFeatures) : null);
        register_buffer("running_var", trackRunningStats ? torch.ones(numFeatures) : null);
        register_buffer("num_batches_tracked", trackRunningStats ? torch.zeros(Array.Empty<int>(), DType.int64) : null);
    }

    /// <summary>Running mean 0, running variance 1, batch count 0.</summary>
    public void reset_running_stats()
    {
        if (!track_running_stats) return;
        using (torch.no_grad()) { running_mean!.zero_(); running_var!.fill_(1f); num_batches_tracked!.zero_(); }
    }

    /// <summary>Resets the running statistics, γ = 1 and β = 0.</summary>
    public void reset_parameters()
    {
        reset_running_stats();
        if (affine) { torch.nn.init.ones_(weight!); torch.nn.init.zeros_(bias!); }
    }

    /// <summary>Checks the input's rank and channel count (the message names the layer).</summary>
    protected abstract void CheckInput(Tensor x);

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        CheckInput(x);
        bool useBatchStats = training || !track_running_stats;
        if (useBatchStats)
        {
            long perChannel = x.numel() / x._shape[1];
            if (perChannel <= 1)
                throw new ArgumentException($"{GetType().Name}: training needs more than 1 value per channel, got input {ShapeUtil.Format(x._shape)}; use a batch larger than 1, or call eval() first");
        }
        float factor = momentum ?? 0f;
        if (training && track_running_stats)
        {
            var nbt = num_batches_tracked!;
            nbt.L[nbt.offset] += 1; // an int64 counter: not part of any graph
            if (momentum == null) factor = 1f / nbt.L[nbt.offset];
        }
        return torch.nn.functional.batch_norm(x, track_running_stats ? running_mean : null, track_running_stats ? running_var : null,
            weight, bias, useBatchStats, factor, eps);
    }

    /// <inheritdoc/>
    public override string extra_repr() =>
        $"{num_features}, eps={eps.ToString(CultureInfo.InvariantCulture).Replace('E', 'e')}, momentum={(momentum is float m ? m.ToString(CultureInfo.InvariantCulture) : "None")}, affine={Py(affine)}, track_running_stats={Py(track_running_stats)}";

    private static string Py(bool b) => b ? "True" : "False";
}

/// <summary>
/// Batch normalization of features (N, C) or sequences (N, C, L), per channel C.
/// Args: numFeatures, eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true.
/// Shape: (N, C) or (N, C, L) → same. Example: <c>nn.Sequential(nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU())</c>.
/// </summary>
public sealed class BatchNorm1d(int numFeatures, float eps = 1e-5f, float? momentum = 0.1f, bool affine = true, bool trackRunningStats = true)
    : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats)
{
    /// <inheritdoc/>
    protected override void CheckInput(Tensor x)
    {
        if ((x.dim() != 2 && x.dim() != 3) || x._shape[1] != num_features)
            throw new ArgumentException($"BatchNorm1d expected input (N, {num_features}) or (N, {num_features}, L), got {ShapeUtil.Format(x._shape)}" +
                (x.dim() == 4 ? "; for images use nn.BatchNorm2d" : ""));
    }
}

/// <summary>
/// Batch normalization of images (N, C, H, W), per channel C, with statistics over N, H and W.
/// Args: numFeatures (= C), eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true.
/// Shape: (N, C, H, W) → same. Example: <c>nn.Sequential(nn.Conv2d(1, 16, 3, padding: 1), nn.BatchNorm2d(16), nn.ReLU())</c>.
/// </summary>
public sealed class BatchNorm2d(int numFeatures, float eps = 1e-5f, float? momentum = 0.1f, bool affine = true, bool trackRunningStats = true)
    : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats)
{
    /// <inheritdoc/>
    protected override void CheckInput(Tensor x)
    {
        if (x.dim() != 4 || x._shape[1] != num_features)
            throw new ArgumentException($"BatchNorm2d expected input (N, {num_features}, H, W), got {ShapeUtil.Format(x._shape)}" +
                (x.dim() == 2 ? "; for features use nn.BatchNorm1d" : ""));
    }
}
