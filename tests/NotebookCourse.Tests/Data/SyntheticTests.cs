using NotebookCourse.Data;

namespace NotebookCourse.Tests.Data;

public sealed class SyntheticTests
{
    [Fact]
    public void Gaussian_mixture_components_have_their_means_and_weights()
    {
        var p = Points2D.GaussianMixture(20_000, [(0, 0), (5, -3)], [1.0, 0.5], [0.25, 0.75], seed: 1);
        var (x1, y1) = p.OfClass(1);
        Assert.InRange(x1.Length / 20_000.0, 0.74, 0.76);
        Assert.Equal(5, x1.Average(), 1);
        Assert.Equal(-3, y1.Average(), 1);
        double sd = Math.Sqrt(x1.Select(v => (v - 5) * (v - 5)).Average());
        Assert.InRange(sd, 0.48, 0.52);
        Assert.Equal(p.X, Points2D.GaussianMixture(20_000, [(0, 0), (5, -3)], [1.0, 0.5], [0.25, 0.75], seed: 1).X);
    }

    [Fact]
    public void Shapes_have_the_expected_geometry_without_noise()
    {
        var c = Points2D.Circles(200, noise: 0, factor: 0.3, seed: 2);
        for (int i = 0; i < c.Count; i++)
            Assert.Equal(c.Labels[i] == 0 ? 1.0 : 0.3, Math.Sqrt(c.X[2 * i] * c.X[2 * i] + c.X[2 * i + 1] * c.X[2 * i + 1]), 4);
        var m = Points2D.Moons(200, noise: 0, seed: 2);
        var (ux, uy) = m.OfClass(0);
        Assert.All(uy, y => Assert.True(y >= 0));
        Assert.Equal(100, ux.Length);
        var s = Points2D.Spirals(300, classes: 3, noise: 0, seed: 2);
        Assert.All(Enumerable.Range(0, 300), i => Assert.True(Math.Sqrt(s.X[2 * i] * s.X[2 * i] + s.X[2 * i + 1] * s.X[2 * i + 1]) <= 1.0001));
        Assert.Equal(100, s.OfClass(2).Xs.Length);
    }

    [Fact]
    public void Cell_masks_have_exactly_count_connected_components()
    {
        var cells = new CellImages(count: 12, size: 64, minCells: 2, maxCells: 8, seed: 5);
        for (int i = 0; i < cells.Count; i++)
        {
            var mask = cells.Mask(i);
            Assert.Equal(cells.CellCount(i), Components(mask, 64));
            Assert.Equal(cells.CellCount(i), cells[i].Label);
            // Cells are brighter than background on average.
            var img = cells[i].Data;
            double inside = 0, outside = 0; int ni = 0, no = 0;
            for (int p = 0; p < img.Length; p++) if (mask[p] > 0) { inside += img[p]; ni++; } else { outside += img[p]; no++; }
            Assert.True(inside / ni > outside / no + 0.3);
        }
        Assert.Equal(cells[3].Data, new CellImages(count: 12, size: 64, minCells: 2, maxCells: 8, seed: 5)[3].Data);
        Assert.Equal([2, 64, 64], cells.WithMasks()[0].Shape);
    }

    private static int Components(float[] mask, int size)
    {
        var seen = new bool[mask.Length];
        int n = 0;
        var stack = new Stack<int>();
        for (int p = 0; p < mask.Length; p++)
        {
            if (mask[p] == 0 || seen[p]) continue;
            n++;
            stack.Push(p); seen[p] = true;
            while (stack.Count > 0)
            {
                int q = stack.Pop(), x = q % size, y = q / size;
                foreach (var (dx, dy) in new[] { (1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1) })
                {
                    int nx = x + dx, ny = y + dy, r = ny * size + nx;
                    if (nx < 0 || ny < 0 || nx >= size || ny >= size || seen[r] || mask[r] == 0) continue;
                    seen[r] = true; stack.Push(r);
                }
            }
        }
        return n;
    }

    [Fact]
    public void Hmm_sequences_follow_the_transition_and_emission_matrices()
    {
        var hmm = new HiddenMarkovSequences([1.0, 0.0], new double[,] { { 0.9, 0.1 }, { 0.3, 0.7 } }, new double[,] { { 0.8, 0.2 }, { 0.1, 0.9 } });
        var (s, o) = hmm.Sample(50_000, seed: 4);
        Assert.Equal(0, s[0]);
        int from0 = 0, to1 = 0, in1 = 0, emit1in1 = 0;
        for (int t = 0; t + 1 < s.Length; t++) if (s[t] == 0) { from0++; if (s[t + 1] == 1) to1++; }
        for (int t = 0; t < s.Length; t++) if (s[t] == 1) { in1++; if (o[t] == 1) emit1in1++; }
        Assert.InRange(to1 / (double)from0, 0.09, 0.11);
        Assert.InRange(emit1in1 / (double)in1, 0.88, 0.92);
        Assert.Contains("transition row 1 sums to 0.9", Assert.Throws<ArgumentException>(() =>
            new HiddenMarkovSequences([0.5, 0.5], new double[,] { { 0.5, 0.5 }, { 0.5, 0.4 } }, new double[,] { { 1 }, { 1 } })).Message);
    }
}
