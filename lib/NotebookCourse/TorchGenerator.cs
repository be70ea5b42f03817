namespace NotebookCourse;

public static partial class torch
{
    /// <summary>
    /// A seedable random number generator (xoshiro256** seeded through splitmix64): fast, 2^256−1 period, and the same
    /// seed always gives bit-identical streams on every machine. Pass one to random factories, dropout and shuffling
    /// for reproducible experiments: <c>var g = new torch.Generator(42); var x = torch.randn(new[] {3}, generator: g);</c>
    /// </summary>
    public sealed class Generator
    {
        private ulong _s0, _s1, _s2, _s3;
        private long _seed;

        /// <summary>Creates a generator seeded with <paramref name="seed"/>.</summary>
        public Generator(long seed = 0) => manual_seed(seed);

        /// <summary>Re-seeds; returns this generator.</summary>
        public Generator manual_seed(long seed)
        {
            _seed = seed;
            ulong x = unchecked((ulong)seed);
            _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
            return this;
        }

        /// <summary>The seed last given to <see cref="manual_seed"/>.</summary>
        public long initial_seed() => _seed;

        /// <summary>The full internal state (to save and restore a stream exactly).</summary>
        public ulong[] get_state() => new[] { _s0, _s1, _s2, _s3 };

        /// <summary>Restores a state from <see cref="get_state"/>.</summary>
        public void set_state(ulong[] state)
        {
            if (state is not { Length: 4 } || (state[0] | state[1] | state[2] | state[3]) == 0)
                throw new ArgumentException("Generator.set_state: expects the 4 non-all-zero words returned by get_state()");
            (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
        }

        private static ulong SplitMix(ref ulong x)
        {
            ulong z = x += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Next 64 random bits (xoshiro256**).</summary>
        public ulong NextUInt64()
        {
            ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }

        /// <summary>Uniform float in [0, 1) with 24 random bits.</summary>
        public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

        /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        /// <summary>Uniform integer in [0, n) without modulo bias (rejection sampling).</summary>
        public long NextBelow(long n)
        {
            if (n <= 0) throw new ArgumentException($"Generator.NextBelow: n must be positive, got {n}");
            ulong un = (ulong)n;
            ulong limit = ulong.MaxValue - ulong.MaxValue % un;
            ulong v;
            do v = NextUInt64(); while (v >= limit);
            return (long)(v % un);
        }

        /// <summary>Fills with normal samples (Box–Muller in double precision, two samples per pair of uniforms).</summary>
        public void FillNormal(Span<float> dst, float mean = 0f, float std = 1f)
        {
            for (int i = 0; i < dst.Length; i += 2)
            {
                double u1 = 1.0 - NextDouble(); // (0, 1]: log stays finite
                double u2 = NextDouble();
                double r = Math.Sqrt(-2.0 * Math.Log(u1));
                double a = 2 * Math.PI * u2;
                dst[i] = (float)(mean + std * r * Math.Cos(a));
                if (i + 1 < dst.Length) dst[i + 1] = (float)(mean + std * r * Math.Sin(a));
            }
        }

        /// <summary>Fills with uniform samples in [low, high).</summary>
        public void FillUniform(Span<float> dst, float low = 0f, float high = 1f)
        {
            float w = high - low;
            for (int i = 0; i < dst.Length; i++) dst[i] = low + w * NextFloat();
        }
    }

    /// <summary>
    /// The generator used when none is passed; re-seeded by <see cref="manual_seed"/>. Like every Generator it is not
    /// thread-safe: code that samples from several threads should give each thread its own Generator.
    /// </summary>
    public static Generator default_generator { get; } = new(0);

    /// <summary>Seeds the default generator so every later random call is reproducible.</summary>
    public static Generator manual_seed(long seed) => default_generator.manual_seed(seed);
}
