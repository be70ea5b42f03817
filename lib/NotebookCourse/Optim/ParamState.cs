using NotebookCourse.Tensors;

namespace NotebookCourse.Optim;

/// <summary>What an optimizer remembers about one parameter between steps: a step count and named buffers
/// (PyTorch's names: "momentum_buffer", "exp_avg", "exp_avg_sq", "max_exp_avg_sq", "square_avg", "grad_avg").</summary>
public sealed class ParamState
{
    internal readonly Dictionary<string, Tensor> buffers = new();

    /// <summary>How many updates this parameter has received.</summary>
    public long step { get; internal set; }

    /// <summary>The buffer called <paramref name="name"/>, or null when it does not exist yet.</summary>
    public Tensor? this[string name] => buffers.TryGetValue(name, out var t) ? t : null;

    /// <summary>Names of the buffers that exist.</summary>
    public IEnumerable<string> names => buffers.Keys;

    /// <summary>The buffer's float storage, created zero-filled with the parameter's <paramref name="shape"/> on first use.</summary>
    internal Span<float> Zeros(string name, int[] shape)
    {
        if (!buffers.TryGetValue(name, out var t)) buffers[name] = t = Tensor.Empty(DType.float32, (int[])shape.Clone());
        return t.F.AsSpan(0, t.numel());
    }

    /// <summary>True when the buffer exists; then <paramref name="data"/> is its storage.</summary>
    internal bool TryGet(string name, out Span<float> data)
    {
        if (buffers.TryGetValue(name, out var t)) { data = t.F.AsSpan(0, t.numel()); return true; }
        data = default;
        return false;
    }
}
