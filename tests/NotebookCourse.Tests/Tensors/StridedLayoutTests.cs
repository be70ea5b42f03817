using NotebookCourse.Tensors;

namespace NotebookCourse.Tests.Tensors;

/// <summary>Random chains of views must read the same elements as index arithmetic on the original buffer.</summary>
public class StridedLayoutTests
{
    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)] [InlineData(6)]
    public void ViewChainsMatchIndexArithmetic(int seed)
    {
        var g = new torch.Generator(seed);
        int[] shape = { 2 + (int)g.NextBelow(3), 1 + (int)g.NextBelow(4), 3, 1 + (int)g.NextBelow(5) };
        var x = torch.arange(0f, ShapeUtil.Numel(shape)).view(shape);
        // Track, for every dim of the view, which original dim it walks and with which start/step.
        var perm = torch.randperm(4, g).ToArray<long>().Select(v => (int)v).ToArray();
        var v = x.permute(perm);
        var starts = new int[4]; var steps = new int[4]; var sizes = new int[4];
        for (int d = 0; d < 4; d++)
        {
            int n = v.size(d);
            starts[d] = (int)g.NextBelow(n); steps[d] = 1 + (int)g.NextBelow(2);
            v = v.slice(d, starts[d], n, steps[d]);
            sizes[d] = v.size(d);
        }
        var got = v.contiguous().ToArray<float>();
        var origStrides = ShapeUtil.ContiguousStrides(shape);
        var expected = new List<float>();
        var idx = new int[4];
        for (idx[0] = 0; idx[0] < sizes[0]; idx[0]++)
            for (idx[1] = 0; idx[1] < sizes[1]; idx[1]++)
                for (idx[2] = 0; idx[2] < sizes[2]; idx[2]++)
                    for (idx[3] = 0; idx[3] < sizes[3]; idx[3]++)
                    {
                        int flat = 0;
                        for (int d = 0; d < 4; d++) flat += (starts[d] + idx[d] * steps[d]) * origStrides[perm[d]];
                        expected.Add(flat);
                    }
        Assert.Equal(expected, got);
        // Elementwise ops and reductions on the view agree with the same ops on its contiguous copy.
        Assert.Equal((v.contiguous() * 2f).ToArray<float>(), (v * 2f).ToArray<float>());
        Assert.Equal(v.contiguous().sum(1).ToArray<float>(), v.sum(1).ToArray<float>());
        Assert.Equal(v.contiguous().softmax(-1).ToArray<float>(), v.softmax(-1).ToArray<float>());
    }
}
