using NotebookCourse.Tensors;

namespace NotebookCourse.Autograd;

/// <summary>Maps the gradient of an op's output to the gradients of its inputs (null where an input gets none).</summary>
public delegate Tensor?[] BackwardFn(Tensor gradOutput);

/// <summary>
/// One recorded op in the autograd graph: its name, its inputs and the backward closure. Created by
/// <see cref="Function.Record"/>; reachable from the output as <c>tensor.grad_fn</c>.
/// </summary>
public sealed class Node
{
    /// <summary>The registered op name ("add", "matmul", "conv2d", …).</summary>
    public string Name { get; }

    /// <summary>The op's tensor inputs, in the order the backward closure returns their gradients.</summary>
    public IReadOnlyList<Tensor> Inputs => _inputs;

    internal readonly Tensor[] _inputs;
    internal BackwardFn? Backward;
    internal readonly int[] OutputShape;
    private Tensor[]? _saved;
    private int[]? _savedVersions;
    internal Tensor? RetainTarget;

    /// <summary>Whether the backward closure was released by a backward pass without retain_graph.</summary>
    public bool IsReleased => Backward == null;

    internal Node(string name, Tensor[] inputs, BackwardFn backward, int[] outputShape, Tensor[]? saved)
    {
        Name = name; _inputs = inputs; Backward = backward; OutputShape = outputShape;
        if (saved is { Length: > 0 })
        {
            _saved = saved;
            _savedVersions = new int[saved.Length];
            for (int i = 0; i < saved.Length; i++) _savedVersions[i] = saved[i].storage.Version;
        }
    }

    internal void CheckSavedVersions()
    {
        if (_saved == null) return;
        for (int i = 0; i < _saved.Length; i++)
            if (_saved[i].storage.Version != _savedVersions![i])
                throw new InvalidOperationException(
                    $"backward: a tensor of shape {ShapeUtil.Format(_saved[i]._shape)} saved by '{Name}' was modified in place after the forward pass " +
                    $"(version {_savedVersions[i]} → {_saved[i].storage.Version}); use an out-of-place op (e.g. x = x + 1 instead of x.add_(1)) or .clone() it first");
    }

    internal void Release() { Backward = null; _saved = null; _savedVersions = null; }

    /// <inheritdoc />
    public override string ToString() => $"<{Name}Backward>";
}
