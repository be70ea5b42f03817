namespace NotebookCourse.Data;

/// <summary>Sequences sampled from a hidden Markov model with given initial, transition and emission probabilities.</summary>
/// <example><code>
/// var hmm = new HiddenMarkovSequences(initial: [0.5, 0.5], transition: new double[,] { { 0.9, 0.1 }, { 0.2, 0.8 } },
///     emission: new double[,] { { 0.7, 0.2, 0.1 }, { 0.1, 0.3, 0.6 } });
/// var (states, obs) = hmm.Sample(length: 100, seed: 0);
/// </code></example>
public sealed class HiddenMarkovSequences
{
    /// <summary>π: probability of each initial hidden state.</summary>
    public double[] Initial { get; }
    /// <summary>A[i, j] = P(next state j | state i).</summary>
    public double[,] Transition { get; }
    /// <summary>B[i, k] = P(observation k | state i).</summary>
    public double[,] Emission { get; }

    /// <summary>Checks that every distribution is non-negative and sums to 1 (±1e-6).</summary>
    public HiddenMarkovSequences(double[] initial, double[,] transition, double[,] emission)
    {
        int s = initial.Length;
        if (transition.GetLength(0) != s || transition.GetLength(1) != s)
            throw new ArgumentException($"HMM: transition must be {s}x{s} for {s} states, got {transition.GetLength(0)}x{transition.GetLength(1)}");
        if (emission.GetLength(0) != s)
            throw new ArgumentException($"HMM: emission needs one row per state ({s}), got {emission.GetLength(0)}");
        CheckDistribution(initial, "initial");
        for (int i = 0; i < s; i++)
        {
            CheckDistribution(Row(transition, i), $"transition row {i}");
            CheckDistribution(Row(emission, i), $"emission row {i}");
        }
        Initial = initial; Transition = transition; Emission = emission;
    }

    /// <summary>Number of hidden states.</summary>
    public int States => Initial.Length;
    /// <summary>Number of observation symbols.</summary>
    public int Symbols => Emission.GetLength(1);

    /// <summary>One sequence of hidden states and the observations they emitted.</summary>
    public (int[] States, int[] Observations) Sample(int length, ulong seed)
    {
        var rng = new Rng(seed);
        var states = new int[length];
        var obs = new int[length];
        for (int t = 0; t < length; t++)
        {
            states[t] = t == 0 ? rng.Categorical(Initial) : rng.Categorical(Row(Transition, states[t - 1]));
            obs[t] = rng.Categorical(Row(Emission, states[t]));
        }
        return (states, obs);
    }

    /// <summary>Several independent sequences (sequence i uses a seed derived from <paramref name="seed"/> and i).</summary>
    public IReadOnlyList<(int[] States, int[] Observations)> SampleMany(int count, int length, ulong seed) =>
        Enumerable.Range(0, count).Select(i => Sample(length, Rng.Derive(seed, i).NextUInt64())).ToList();

    private static double[] Row(double[,] m, int i)
    {
        var r = new double[m.GetLength(1)];
        for (int j = 0; j < r.Length; j++) r[j] = m[i, j];
        return r;
    }

    private static void CheckDistribution(double[] p, string what)
    {
        double sum = 0;
        foreach (var v in p)
        {
            if (!(v >= 0)) throw new ArgumentException($"HMM: {what} has a negative or NaN probability ({v})");
            sum += v;
        }
        if (Math.Abs(sum - 1) > 1e-6) throw new ArgumentException($"HMM: {what} sums to {sum}, not 1");
    }
}
