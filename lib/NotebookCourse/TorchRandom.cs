using NotebookCourse.Tensors;

namespace NotebookCourse;

public static partial class torch
{
    private static Generator Gen(Generator? g) => g ?? default_generator;

    /// <summary>Uniform [0, 1) samples.</summary>
    public static Tensor rand(params int[] shape) => rand(shape, null);
    /// <summary>Uniform [0, 1) samples from an explicit generator.</summary>
    public static Tensor rand(int[] shape, Generator? generator = null, bool requires_grad = false)
    {
        var t = Tensor.Empty(DType.float32, CheckShape(shape, "rand"));
        Gen(generator).FillUniform(t.F);
        return Leaf(t, requires_grad);
    }

    /// <summary>Standard normal samples.</summary>
    public static Tensor randn(params int[] shape) => randn(shape, null);
    /// <summary>Standard normal samples from an explicit generator.</summary>
    public static Tensor randn(int[] shape, Generator? generator = null, bool requires_grad = false)
    {
        var t = Tensor.Empty(DType.float32, CheckShape(shape, "randn"));
        Gen(generator).FillNormal(t.F);
        return Leaf(t, requires_grad);
    }

    /// <summary>Uniform integers in [low, high) as int64.</summary>
    public static Tensor randint(long low, long high, int[] shape, Generator? generator = null)
    {
        if (high <= low) throw new ArgumentException($"randint: high ({high}) must be greater than low ({low})");
        var t = Tensor.Empty(DType.int64, CheckShape(shape, "randint"));
        var g = Gen(generator); var d = t.L;
        for (int i = 0; i < d.Length; i++) d[i] = low + g.NextBelow(high - low);
        return t;
    }

    /// <summary>Uniform integers in [0, high) as int64.</summary>
    public static Tensor randint(long high, int[] shape, Generator? generator = null) => randint(0, high, shape, generator);

    /// <summary>A random permutation of 0..n−1 (Fisher–Yates), int64.</summary>
    public static Tensor randperm(int n, Generator? generator = null)
    {
        var g = Gen(generator);
        var d = new long[n];
        for (int i = 0; i < n; i++) d[i] = i;
        for (int i = n - 1; i > 0; i--) { int j = (int)g.NextBelow(i + 1); (d[i], d[j]) = (d[j], d[i]); }
        return new Tensor(d, new[] { n });
    }

    /// <summary>Normal samples with a given mean and std.</summary>
    public static Tensor normal(float mean, float std, int[] shape, Generator? generator = null)
    {
        var t = Tensor.Empty(DType.float32, CheckShape(shape, "normal"));
        Gen(generator).FillNormal(t.F, mean, std);
        return t;
    }

    /// <summary>0/1 samples: 1 with probability p (elementwise, p in [0, 1]); float32 like p.</summary>
    public static Tensor bernoulli(Tensor p, Generator? generator = null)
    {
        var ps = p.@float().SpanF();
        var g = Gen(generator);
        var d = new float[ps.Length];
        for (int i = 0; i < d.Length; i++)
        {
            if (!(ps[i] >= 0f && ps[i] <= 1f)) throw new ArgumentException($"bernoulli: probabilities must be in [0, 1], got {ps[i]} at flat index {i}");
            d[i] = g.NextFloat() < ps[i] ? 1f : 0f;
        }
        return new Tensor(d, p.shape);
    }

    /// <summary>
    /// Samples category indices from (unnormalized, non-negative) weights: 1-D (n) → (num_samples), 2-D (rows, n) →
    /// (rows, num_samples). Without replacement every index appears at most once per row.
    /// </summary>
    public static Tensor multinomial(Tensor input, int num_samples, bool replacement = false, Generator? generator = null)
    {
        if (input.dim() is < 1 or > 2) throw new ArgumentException($"multinomial: input must be 1-D or 2-D, got shape {ShapeUtil.Format(input._shape)}");
        var w2 = input.dim() == 1 ? input.unsqueeze(0) : input;
        int rows = w2.size(0), n = w2.size(1);
        if (!replacement && num_samples > n)
            throw new ArgumentException($"multinomial: cannot draw {num_samples} samples without replacement from {n} categories; pass replacement: true");
        var w = w2.@float().detach().contiguous_copy().F;
        var g = Gen(generator);
        var outp = new long[rows * num_samples];
        var cdf = new double[n];
        for (int r = 0; r < rows; r++)
        {
            var row = w.AsSpan(r * n, n);
            for (int s = 0; s < num_samples; s++)
            {
                double acc = 0;
                for (int j = 0; j < n; j++)
                {
                    if (!(row[j] >= 0) || float.IsInfinity(row[j])) throw new ArgumentException($"multinomial: weights must be finite and non-negative, got {row[j]} at row {r}, column {j}");
                    acc += row[j]; cdf[j] = acc;
                }
                if (acc <= 0) throw new ArgumentException($"multinomial: row {r} has no positive weight left to sample from");
                double u = g.NextDouble() * acc;
                int pick = 0;
                while (pick < n - 1 && (cdf[pick] <= u || row[pick] == 0)) pick++;
                outp[r * num_samples + s] = pick;
                if (!replacement) row[pick] = 0;
            }
        }
        var res = new Tensor(outp, new[] { rows, num_samples });
        return input.dim() == 1 ? res.squeeze(0) : res;
    }
}
