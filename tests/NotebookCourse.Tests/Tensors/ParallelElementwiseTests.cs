using NotebookCourse.Kernels;
using NotebookCourse.Tensors;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Tensors;

/// <summary>
/// Large elementwise ops split over threads (KernelThreads.ForElements): same bits at 1 and 2 threads, and the same
/// values as a scalar reference, including odd lengths, offsets and non-contiguous inputs.
/// </summary>
[Collection("gemm thread count")]
public class ParallelElementwiseTests
{
    const int N = 300_001;   // above the parallel threshold, odd, not a multiple of any vector width

    static float[] Run(int threads, Func<float[]> f)
    {
        int saved = Gemm.MaxThreads;
        Gemm.MaxThreads = threads;
        try { return f(); }
        finally { Gemm.MaxThreads = saved; }
    }

    static (Tensor X, Tensor Y, Tensor G) Inputs()
    {
        manual_seed(5);
        return (randn(N) * 3, randn(N), randn(N));
    }

    [Fact]
    public void Binary_unary_and_gelu_forward_backward_are_bitwise_equal_at_1_and_2_threads()
    {
        float[] Work()
        {
            var (x, y, g) = Inputs();
            var xr = x.detach().requires_grad_(true);
            var outputs = new List<float>();
            outputs.AddRange((x + y).data<float>().ToArray());
            outputs.AddRange((x * 0.5f).data<float>().ToArray());
            outputs.AddRange(x.exp().data<float>().ToArray());
            var h = nn.functional.gelu(xr);
            h.backward(g);
            outputs.AddRange(h.data<float>().ToArray());
            outputs.AddRange(xr.grad!.data<float>().ToArray());
            var xt = x.detach().requires_grad_(true);
            var t = xt.tanh();
            t.backward(g);
            outputs.AddRange(xt.grad!.data<float>().ToArray());
            return outputs.ToArray();
        }
        Assert.Equal(Run(1, Work), Run(2, Work));
    }

    [Fact]
    public void Causal_softmax_rows_split_over_threads_give_the_same_bits()
    {
        float[] Work()
        {
            manual_seed(9);
            var scores = randn(8, 4, 64, 64).requires_grad_(true);
            var g = randn(8, 4, 64, 64);
            var y = NotebookCourse.Models.GptCausalSoftmax.Apply(scores, 0.125f);
            y.backward(g);
            return [.. y.data<float>().ToArray(), .. scores.grad!.data<float>().ToArray()];
        }
        var one = Run(1, Work);
        Assert.Equal(one, Run(2, Work));
        Assert.Equal(0f, one[1]);   // query 0 sees key 0 only
    }

    [Fact]
    public void Split_ops_match_a_scalar_reference_on_offset_and_strided_inputs()
    {
        var (x, y, _) = Inputs();
        var xs = x.narrow(0, 1, N - 1);                        // contiguous with an offset
        var ys = y.narrow(0, 0, N - 1);
        var strided = x.narrow(0, 0, N - 1).view(-1, 2).t();   // (2, 150000), not contiguous
        float[] sum = Run(2, () => (xs - ys).data<float>().ToArray());
        float[] relu = Run(2, () => strided.relu().data<float>().ToArray());
        var xa = x.data<float>().ToArray(); var ya = y.data<float>().ToArray();
        for (int i = 0; i < N - 1; i++) Assert.Equal(xa[i + 1] - ya[i], sum[i]);
        int half = (N - 1) / 2;
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < half; c++)
                Assert.Equal(MathF.Max(xa[c * 2 + r], 0f), relu[r * half + c]);
    }
}
