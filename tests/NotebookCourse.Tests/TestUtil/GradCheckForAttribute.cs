namespace NotebookCourse.Tests.TestUtil;

/// <summary>
/// Declares which registered differentiable ops a test checks with <see cref="GradCheck"/>. The registry coverage test
/// fails for any op in <c>OpRegistry.Names</c> that no test declares. Put it on the [Fact]/[Theory] that calls GradCheck.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class GradCheckForAttribute(params string[] ops) : Attribute
{
    /// <summary>The op names this test checks.</summary>
    public string[] Ops { get; } = ops;
}
