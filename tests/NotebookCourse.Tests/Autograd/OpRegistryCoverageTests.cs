using System.Reflection;
using NotebookCourse.Autograd;
using NotebookCourse.Tests.TestUtil;

namespace NotebookCourse.Tests.Autograd;

/// <summary>Every differentiable op of the library must have a gradient check declared with [GradCheckFor].</summary>
public class OpRegistryCoverageTests
{
    [Fact]
    public void EveryRegisteredOpHasAGradientCheck()
    {
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in typeof(OpRegistryCoverageTests).Assembly.GetTypes())
            foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static))
                foreach (var a in m.GetCustomAttributes<GradCheckForAttribute>())
                    covered.UnionWith(a.Ops);
        // The library's own ops (names registered at run time by tests themselves are not library ops).
        var library = OpRegistry.Scan(typeof(NotebookCourse.Tensors.Tensor).Assembly).Distinct().OrderBy(n => n, StringComparer.Ordinal);
        var missing = library.Where(n => !covered.Contains(n)).ToList();
        Assert.True(missing.Count == 0, "ops without a gradient check: " + string.Join(", ", missing));
    }

    [Fact]
    public void RegistryListsTheCoreOps()
    {
        foreach (var op in new[] { "add", "mul", "matmul", "softmax", "log_softmax", "sum", "gather", "view", "relu" })
            Assert.Contains(op, OpRegistry.Names);
    }

    [Fact]
    public void UnregisteredOpNameIsRefused()
    {
        var x = torch.ones(new[] { 2 }, requires_grad: true);
        var y = torch.ones(2);
        var e = Assert.Throws<InvalidOperationException>(() => Function.Record("no_such_op", y, [x], g => [g]));
        Assert.Contains("'no_such_op' is not registered", e.Message);
    }
}
