using NotebookCourse.Tensors;

namespace NotebookCourse.Optim;

/// <summary>One parameter group in a state dict: its hyper-parameters and the indices of its parameters
/// (numbered across all groups in order, as in PyTorch).</summary>
public sealed record GroupState(Dictionary<string, double> options, int[] @params);

/// <summary>
/// A snapshot of an optimizer (PyTorch's <c>optimizer.state_dict()</c>): per-parameter state keyed by parameter
/// index ("step" plus buffers such as "exp_avg"), and the groups' hyper-parameters. Tensors are copies, so later
/// steps do not change a snapshot.
/// </summary>
public sealed class OptimizerStateDict
{
    /// <summary>The optimizer class that produced it ("SGD", "Adam", ...).</summary>
    public required string type { get; init; }

    /// <summary>Per-parameter state: index → name → tensor ("step" is a 0-dim float tensor).</summary>
    public required Dictionary<int, Dictionary<string, Tensor>> state { get; init; }

    /// <summary>The parameter groups in order.</summary>
    public required List<GroupState> param_groups { get; init; }
}
