using static NotebookCourse.torch;

namespace NotebookCourse.Benchmarks;

/// <summary>Per-op dispatch cost: µs for one add of two 4-element tensors that require grad (graph recorded).</summary>
static class OpOverheadBench
{
    public static double Run(bool quick)
    {
        var a = tensor(new[] { 1f, 2, 3, 4 }, requires_grad: true);
        var b = tensor(new[] { 0.5f, -1, 2, 0 }, requires_grad: true);
        // The number is only meaningful if the op really records its graph node, as PyTorch's does.
        if (a.add(b).grad_fn == null) throw new InvalidOperationException("op-overhead: add of tensors that require grad recorded no grad_fn");
        const int inner = 1000;
        double s = Measure.MedianSeconds(() => { for (int i = 0; i < inner; i++) a.add(b); }, quick ? 3 : 9, quick ? 0.05 : 0.2);
        return s / inner * 1e6;
    }
}
