using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookCourse.Kernels;

/// <summary>
/// Max pooling with a 2×2 window, stride 2, no padding or dilation: the CNN case (LeNet, VGG-style blocks). The
/// general kernel re-derives window bounds per tap; this one reads two input rows per output row with no tests,
/// about 5× faster on 28×28 planes. Same results, ties and NaNs included (first maximum in window order; a NaN wins).
/// </summary>
internal static class Pooling2x2
{
    /// <summary>True when <paramref name="g"/> is the plain 2×2/2 window this kernel handles.</summary>
    public static bool Applies(in Pool2dGeometry g) =>
        g.KH == 2 && g.KW == 2 && g.StrideH == 2 && g.StrideW == 2 && g.PadH == 0 && g.PadW == 0 && g.DilH == 1 && g.DilW == 1
        && 2 * g.OH <= g.H && 2 * g.OW <= g.W;

    public static void MaxForward(in Pool2dGeometry g, ReadOnlySpan<float> x, Span<float> y, Span<int> indices)
    {
        int h = g.H, w = g.W, oh = g.OH, ow = g.OW, hw = h * w, ohw = oh * ow;
        long planes = (long)g.N * g.C;
        for (long plane = 0; plane < planes; plane++)
        {
            var xs = x.Slice((int)(plane * hw), hw);
            var ys = y.Slice((int)(plane * ohw), ohw);
            var ids = indices.Slice((int)(plane * ohw), ohw);
            for (int r = 0; r < oh; r++)
            {
                int top = 2 * r * w;
                var row0 = xs.Slice(top, 2 * ow);
                var row1 = xs.Slice(top + w, 2 * ow);
                var yr = ys.Slice(r * ow, ow);
                var ir = ids.Slice(r * ow, ow);
                int c = Sse41.IsSupported ? Row4(row0, row1, yr, ir, top, w) : 0;
                for (; c < yr.Length; c++) Window(row0, row1, yr, ir, c, top, w);
            }
        }
    }

    /// <summary>
    /// Backward when the windows tile the plane exactly (even H and W): each window's four cells are written once
    /// (dy at the argmax, 0 elsewhere), so there is no clearing pass and no read-modify-write scatter. False otherwise.
    /// </summary>
    public static bool TryMaxBackward(in Pool2dGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<int> indices, Span<float> dx)
    {
        if (!Applies(g) || 2 * g.OH != g.H || 2 * g.OW != g.W) return false;
        int w = g.W, ow = g.OW, oh = g.OH, hw = g.H * w, ohw = oh * ow;
        long planes = (long)g.N * g.C;
        for (long plane = 0; plane < planes; plane++)
        {
            var d = dx.Slice((int)(plane * hw), hw);
            var gy = dy.Slice((int)(plane * ohw), ohw);
            var ids = indices.Slice((int)(plane * ohw), ohw);
            for (int r = 0; r < oh; r++)
                for (int c = 0; c < ow; c++)
                {
                    int at = 2 * r * w + 2 * c, o = r * ow + c;
                    d[at] = 0f; d[at + 1] = 0f; d[at + w] = 0f; d[at + w + 1] = 0f;
                    d[ids[o]] = gy[o];
                }
        }
        return true;
    }

    /// <summary>One window by a scan in window order (tail columns, windows holding NaN, CPUs without SSE4.1).</summary>
    static void Window(ReadOnlySpan<float> row0, ReadOnlySpan<float> row1, Span<float> yr, Span<int> ir, int c, int top, int w)
    {
        int j = 2 * c;
        float best = row0[j];
        int arg = top + j;
        Take(ref best, ref arg, row0[j + 1], top + j + 1);
        Take(ref best, ref arg, row1[j], top + w + j);
        Take(ref best, ref arg, row1[j + 1], top + w + j + 1);
        yr[c] = best;
        ir[c] = arg;
    }

    /// <summary>
    /// Four windows at a time without branches: random activations make the scan's compares mispredict about half the
    /// time (measured 2 ms vs 0.15 ms per 64×6×28×28 on sorted input). Tournament: first max of the top pair, first
    /// max of the bottom pair, bottom wins only when strictly greater, which is the scan's first maximum. Groups
    /// holding a NaN go to the scan. Returns the number of columns done (all, or none when fewer than 4).
    /// </summary>
    static int Row4(ReadOnlySpan<float> row0, ReadOnlySpan<float> row1, Span<float> yr, Span<int> ir, int top, int w)
    {
        var lane = Vector128.Create(0, 2, 4, 6);
        var one = Vector128.Create(1);
        var below = Vector128.Create(w);
        int ow = yr.Length;
        if (ow < 4) return 0;
        for (int start = 0; start < ow; start += 4)
        {
            // The last group overlaps the one before when ow is not a multiple of 4 (it rewrites the same values).
            int c = Math.Min(start, ow - 4), j = 2 * c;
            var r0a = Vector128.Create(row0.Slice(j, 4)); var r0b = Vector128.Create(row0.Slice(j + 4, 4));
            var r1a = Vector128.Create(row1.Slice(j, 4)); var r1b = Vector128.Create(row1.Slice(j + 4, 4));
            var a = Sse.Shuffle(r0a, r0b, 0x88); var b = Sse.Shuffle(r0a, r0b, 0xDD);
            var cc = Sse.Shuffle(r1a, r1b, 0x88); var d = Sse.Shuffle(r1a, r1b, 0xDD);
            if (Sse.MoveMask(Sse.And(Sse.CompareOrdered(a, b), Sse.CompareOrdered(cc, d))) != 0xF)
            {
                for (int k = c; k < c + 4; k++) Window(row0, row1, yr, ir, k, top, w);
                continue;
            }
            var topRight = Sse.CompareGreaterThan(b, a);
            var t = Sse41.BlendVariable(a, b, topRight);
            var bottomRight = Sse.CompareGreaterThan(d, cc);
            var bm = Sse41.BlendVariable(cc, d, bottomRight);
            var bottom = Sse.CompareGreaterThan(bm, t);
            Sse41.BlendVariable(t, bm, bottom).CopyTo(yr.Slice(c, 4));
            var offTop = topRight.AsInt32() & one;
            var offBottom = (bottomRight.AsInt32() & one) + below;
            var off = Sse41.BlendVariable(offTop.AsSingle(), offBottom.AsSingle(), bottom).AsInt32();
            (off + lane + Vector128.Create(top + j)).CopyTo(ir.Slice(c, 4));
        }
        return ow;
    }

    /// <summary>Window-order update: a larger value replaces the best unless the best is already NaN; a NaN always wins.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    static void Take(ref float best, ref int arg, float v, int at)
    {
        if (!float.IsNaN(best) && (v > best || float.IsNaN(v))) { best = v; arg = at; }
    }
}
