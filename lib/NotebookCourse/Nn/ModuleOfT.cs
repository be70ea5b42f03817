using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// A module whose forward takes something other than one tensor, e.g. a tensor and a mask, or returns a tuple:
/// <c>class Block : Module&lt;(Tensor x, Tensor mask), Tensor&gt; { public override Tensor forward((Tensor x, Tensor mask) input) { … } }</c>
/// called as <c>block.call((x, mask))</c>. Registration, state dict and printing are those of <see cref="Module"/>.
/// For a plain tensor → tensor layer derive from <see cref="Module"/> instead, so it can sit in a Sequential.
/// </summary>
public abstract class Module<TIn, TOut> : Module
{
    /// <summary>The computation of this module.</summary>
    public abstract TOut forward(TIn input);

    /// <summary>Runs the module (same as <see cref="forward(TIn)"/>).</summary>
    public TOut call(TIn input) => forward(input);

    /// <summary>A Module&lt;TIn, TOut&gt; cannot be called with one tensor: it needs its own input type.</summary>
    public override Tensor forward(Tensor x) =>
        throw new InvalidOperationException($"{GetType().Name} takes {typeof(TIn).Name} input, not a single tensor; call it as module.call(input) with a {typeof(TIn).Name}, and do not put it in nn.Sequential");
}
