using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>What <see cref="Module.load_state_dict"/> did not match: keys the module expected but the dict lacked, and keys the dict had but the module does not.</summary>
public sealed record LoadStateDictResult(IReadOnlyList<string> missing_keys, IReadOnlyList<string> unexpected_keys)
{
    /// <summary>"&lt;All keys matched successfully&gt;" or the two lists, like PyTorch prints it.</summary>
    public override string ToString() => missing_keys.Count == 0 && unexpected_keys.Count == 0
        ? "<All keys matched successfully>"
        : $"missing_keys=[{string.Join(", ", missing_keys)}], unexpected_keys=[{string.Join(", ", unexpected_keys)}]";
}

public abstract partial class Module
{
    /// <summary>
    /// Every parameter and persistent buffer by dotted name, in registration order. Values are detached views
    /// sharing storage with the module (no copy): clone them to keep a snapshot that later training will not change.
    /// Example: <c>var sd = model.state_dict(); sd["fc1.weight"].shape</c>.
    /// </summary>
    public OrderedDictionary<string, Tensor> state_dict()
    {
        var d = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (mname, m) in named_modules())
        {
            foreach (var (n, p) in m._parameters) if (p != null) d.TryAdd(Join(mname, n), p.detach());
            foreach (var (n, b) in m._buffers) if (b != null && !m._nonPersistent.Contains(n)) d.TryAdd(Join(mname, n), b.detach());
        }
        return d;
    }

    /// <summary>
    /// Copies values from <paramref name="stateDict"/> into this module's parameters and persistent buffers (in place,
    /// so optimizers holding the tensors keep working). With <paramref name="strict"/> any missing or unexpected key is
    /// an error; a shape mismatch is always an error. Everything is checked before anything is copied, so a failed
    /// load leaves the module untouched. Returns the unmatched keys.
    /// </summary>
    public LoadStateDictResult load_state_dict(IEnumerable<KeyValuePair<string, Tensor>> stateDict, bool strict = true)
    {
        var own = state_dict();
        var given = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (k, v) in stateDict)
        {
            if (v == null) throw new ArgumentException($"load_state_dict: the value for key '{k}' is null");
            given[k] = v;
        }

        var missing = new List<string>();
        var unexpected = new List<string>();
        var mismatched = new List<string>();
        var plan = new List<(Tensor dst, Tensor src)>();
        foreach (var (k, dst) in own)
        {
            if (!given.TryGetValue(k, out var src)) { missing.Add(k); continue; }
            if (!ShapeUtil.SameShape(dst._shape, src._shape))
                mismatched.Add($"'{k}': the checkpoint has shape {ShapeUtil.Format(src._shape)}, the module expects {ShapeUtil.Format(dst._shape)}");
            else if (dst.dtype != src.dtype && (dst.dtype == DType.@bool || src.dtype == DType.@bool))
                mismatched.Add($"'{k}': the checkpoint has dtype {src.dtype}, the module expects {dst.dtype}");
            else plan.Add((dst, src));
        }
        foreach (var k in given.Keys) if (!own.ContainsKey(k)) unexpected.Add(k);

        var errors = new List<string>();
        if (mismatched.Count > 0) errors.Add("size mismatch for " + string.Join("; ", mismatched));
        if (strict && missing.Count > 0) errors.Add($"missing key(s): {string.Join(", ", missing)}");
        if (strict && unexpected.Count > 0) errors.Add($"unexpected key(s): {string.Join(", ", unexpected)}");
        if (errors.Count > 0)
            throw new ArgumentException($"load_state_dict: cannot load into {GetType().Name}, nothing was copied: {string.Join(". ", errors)}. " +
                (mismatched.Count > 0 ? "Build the module with the same sizes as the checkpoint." : "Check that the checkpoint belongs to this model, or pass strict: false to load the matching keys only."));

        // Copies go through a snapshot of each source so that loading a dict whose tensors alias the module's own
        // storage (e.g. swapped keys) reads the old values, not the ones already overwritten.
        var sources = new Tensor[plan.Count];
        for (int i = 0; i < plan.Count; i++) sources[i] = plan[i].src.detach().contiguous_copy();
        using (torch.no_grad())
            for (int i = 0; i < plan.Count; i++) plan[i].dst.copy_(sources[i]);
        return new LoadStateDictResult(missing, unexpected);
    }
}
