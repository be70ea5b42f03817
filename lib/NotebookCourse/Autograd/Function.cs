using NotebookCourse.Tensors;

namespace NotebookCourse.Autograd;

/// <summary>
/// The public way to define a differentiable op. Compute the forward result without recording (plain kernels or
/// tensor ops), then call <see cref="Record"/> with the inputs and a backward closure that turns the output's gradient
/// into one gradient per input (same shape as that input, or null). The closure runs with grad recording off.
/// <code>
/// [DifferentiableOp("square")]
/// public static Tensor square(Tensor x)
/// {
///     Tensor y;
///     using (torch.no_grad()) y = x * x;
///     return Function.Record("square", y, [x], g => [g * 2f * x], saved: [x]);
/// }
/// </code>
/// Register the name with <see cref="DifferentiableOpAttribute"/> (inside the library) or <see cref="OpRegistry.Register"/>,
/// and add a gradient check in the tests (GradCheck in tests/…/TestUtil).
/// The closure must not keep the gradient it receives or the tensors it returns anywhere else (fields, captured
/// lists): the backward engine gives gradients the closure just made straight to leaves and recycles consumed ones
/// (see ADDING_OPS.md). Returning the incoming gradient itself, a view of it, or one tensor for several inputs is fine.
/// </summary>
public static class Function
{
    /// <summary>True when an op over these inputs must be recorded (grad mode on and some input requires grad).</summary>
    public static bool NeedsGrad(ReadOnlySpan<Tensor> inputs)
    {
        if (!GradMode.IsEnabled) return false;
        foreach (var t in inputs) if (t.requires_grad) return true;
        return false;
    }

    /// <summary>
    /// Attaches <paramref name="result"/> to the graph as the output of op <paramref name="name"/> when grad is needed,
    /// and returns it. <paramref name="saved"/> lists tensors the closure reads, so in-place changes to them are detected.
    /// </summary>
    public static Tensor Record(string name, Tensor result, Tensor[] inputs, BackwardFn backward, Tensor[]? saved = null)
    {
        if (!NeedsGrad(inputs))
        {
            // Ops on values that need no grad (masks, token ids and what is computed from them) still matter to a tracer.
            OpTrace.Current?.Op(name, result, inputs);
            return result;
        }
        if (!OpRegistry.Contains(name))
            throw new InvalidOperationException($"Function.Record: op '{name}' is not registered; put [DifferentiableOp(\"{name}\")] on the method that records it (or call OpRegistry.Register) and add a gradient check for it");
        if (result.grad_fn != null || result.requires_grad)
            throw new InvalidOperationException($"Function.Record('{name}'): the result already has a grad_fn or requires grad; compute the forward under torch.no_grad() or with raw kernels");
        if (result.dtype != DType.float32)
            throw new InvalidOperationException($"Function.Record('{name}'): only float32 outputs can be differentiated, got {result.dtype}");
        if (AnomalyMode.IsEnabled) AnomalyMode.CheckForward(name, result);
        var node = new Node(name, inputs, backward, result._shape, saved);
        result.grad_fn = node;
        result.SetRequiresGradUnchecked(true);
        OpTrace.Current?.Op(name, result, inputs);
        return result;
    }

    /// <summary>
    /// Sums a broadcast gradient back to <paramref name="shape"/> (the shape of the input that was broadcast).
    /// Every op that broadcasts its inputs uses this in its backward.
    /// </summary>
    public static Tensor SumTo(Tensor grad, int[] shape)
    {
        var gs = grad._shape;
        if (ShapeUtil.SameShape(gs, shape)) return grad;
        int lead = gs.Length - shape.Length;
        if (lead < 0) throw new ArgumentException($"SumTo: gradient of shape {ShapeUtil.Format(gs)} has fewer dims than target {ShapeUtil.Format(shape)}");
        var dims = new List<int>();
        for (int i = 0; i < gs.Length; i++)
        {
            if (i < lead) dims.Add(i);
            else if (shape[i - lead] == 1 && gs[i] != 1) dims.Add(i);
            else if (shape[i - lead] != gs[i])
                throw new ArgumentException($"SumTo: gradient of shape {ShapeUtil.Format(gs)} cannot be reduced to {ShapeUtil.Format(shape)}");
        }
        var r = dims.Count > 0 ? grad.sum(dims.ToArray(), keepdim: true) : grad;
        return r.reshape(shape);
    }
}
