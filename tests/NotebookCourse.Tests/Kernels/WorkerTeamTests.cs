using NotebookCourse.Kernels;

namespace NotebookCourse.Tests.Kernels;

/// <summary>The spinning kernel-thread team: every part once, errors surface, nesting and concurrent callers work.</summary>
[Collection("gemm thread count")]
public class WorkerTeamTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Every_part_runs_exactly_once_and_part_zero_on_the_caller(int workers)
    {
        for (int round = 0; round < 50; round++)
        {
            var counts = new int[workers];
            int callerThread = Environment.CurrentManagedThreadId, zeroThread = -1;
            KernelThreads.Run(workers, t =>
            {
                Interlocked.Increment(ref counts[t]);
                if (t == 0) zeroThread = Environment.CurrentManagedThreadId;
            });
            Assert.All(counts, c => Assert.Equal(1, c));
            Assert.Equal(callerThread, zeroThread);
        }
    }

    [Fact]
    public void Slices_cover_the_range_without_overlap()
    {
        var hits = new int[1001];
        KernelThreads.For(hits.Length, 3, (_, lo, hi) => { for (int i = lo; i < hi; i++) Interlocked.Increment(ref hits[i]); });
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void An_exception_in_a_helper_part_reaches_the_caller_after_all_parts_end()
    {
        int finished = 0;
        var e = Assert.Throws<InvalidOperationException>(() => KernelThreads.Run(3, t =>
        {
            if (t == 1) throw new InvalidOperationException("part 1 failed");
            Thread.Sleep(20);
            Interlocked.Increment(ref finished);
        }));
        Assert.Equal("part 1 failed", e.Message);
        Assert.Equal(2, finished);
        // the team is usable again
        int runs = 0;
        KernelThreads.Run(3, _ => Interlocked.Increment(ref runs));
        Assert.Equal(3, runs);
    }

    [Fact]
    public void A_kernel_called_inside_a_job_still_runs_all_its_parts()
    {
        var inner = new int[2 * 3];
        KernelThreads.Run(2, outer => KernelThreads.Run(3, t => Interlocked.Increment(ref inner[outer * 3 + t])));
        Assert.All(inner, c => Assert.Equal(1, c));
    }

    [Fact]
    public void Concurrent_callers_all_complete()
    {
        long total = 0;
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < 300; i++) KernelThreads.Run(2, t => Interlocked.Add(ref total, t + 1));
        })).ToList();
        threads.ForEach(t => t.Start());
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromSeconds(60)), "a caller did not finish"));
        Assert.Equal(4 * 300 * 3, Interlocked.Read(ref total));
    }

    [Fact]
    public void Sleeping_helpers_wake_up_for_the_next_job()
    {
        double saved = WorkerTeam.SpinMicroseconds;
        WorkerTeam.SpinMicroseconds = 10;
        try
        {
            for (int round = 0; round < 20; round++)
            {
                Thread.Sleep(3);   // longer than the spin: the helper blocks
                var counts = new int[2];
                KernelThreads.Run(2, t => Interlocked.Increment(ref counts[t]));
                Assert.Equal([1, 1], counts);
            }
        }
        finally { WorkerTeam.SpinMicroseconds = saved; }
    }
}
