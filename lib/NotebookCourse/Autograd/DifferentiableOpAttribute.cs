namespace NotebookCourse.Autograd;

/// <summary>
/// Marks a method that records the named differentiable op through <see cref="Function.Record"/>. The op registry
/// collects these names; the test suite fails for any registered name without a gradient check.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = true)]
public sealed class DifferentiableOpAttribute(string name) : Attribute
{
    /// <summary>The op name, as passed to <see cref="Function.Record"/>.</summary>
    public string Name { get; } = name;
}
