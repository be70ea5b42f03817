namespace NotebookCourse.Data;

/// <summary>
/// Small seeded random source (xoshiro256**, seeded through SplitMix64) used by the data pipeline.
/// It is separate from the engine's generator so a sample's augmentation can be derived from (seed, epoch, index)
/// and stay identical whichever worker thread computes it.
/// </summary>
/// <example><code>var rng = new Rng(42); float u = rng.NextFloat(); double z = rng.NextGaussian();</code></example>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareGaussian;

    /// <summary>Creates a generator whose whole sequence is fixed by <paramref name="seed"/>.</summary>
    public Rng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    /// <summary>Creates a generator from a signed seed (convenience for literals such as <c>new Rng(42)</c>).</summary>
    public Rng(long seed) : this(unchecked((ulong)seed)) { }

    /// <summary>Derives an independent generator from a seed and a path of integers (e.g. epoch, sample index).</summary>
    public static Rng Derive(ulong seed, params long[] path)
    {
        ulong h = seed ^ 0x9E3779B97F4A7C15UL;
        foreach (var p in path)
        {
            ulong x = h ^ unchecked((ulong)p * 0xD1B54A32D192ED03UL);
            h = SplitMix(ref x);
        }
        return new Rng(h);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        ulong z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next raw 64-bit value.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitRotate(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotate(_s3, 45);
        return result;
    }

    private static ulong BitRotate(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform float in [0, 1).</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform double in [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>Uniform integer in [0, n); n must be positive.</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), $"Rng.NextInt: n must be positive, got {n}");
        // Multiply-shift keeps the bias below 2^-32 for any int n, which is plenty for shuffling.
        return (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);
    }

    /// <summary>Standard normal sample (Box–Muller, the second value is kept for the next call).</summary>
    public double NextGaussian()
    {
        if (_spareGaussian is double spare) { _spareGaussian = null; return spare; }
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1)), theta = 2 * Math.PI * u2;
        _spareGaussian = r * Math.Sin(theta);
        return r * Math.Cos(theta);
    }

    /// <summary>Normal sample with the given mean and standard deviation.</summary>
    public double NextGaussian(double mean, double std) => mean + std * NextGaussian();

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Bernoulli(double p) => NextDouble() < p;

    /// <summary>Index drawn from a discrete distribution given by non-negative weights (need not sum to 1).</summary>
    public int Categorical(ReadOnlySpan<double> weights)
    {
        double total = 0;
        foreach (var w in weights) total += w;
        if (!(total > 0)) throw new ArgumentException("Rng.Categorical: weights must be non-negative with a positive sum");
        double u = NextDouble() * total, acc = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            acc += weights[i];
            if (u < acc) return i;
        }
        return weights.Length - 1;
    }

    /// <summary>A permutation of 0..n-1 (Fisher–Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
