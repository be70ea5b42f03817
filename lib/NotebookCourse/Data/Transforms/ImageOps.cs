namespace NotebookCourse.Data;

/// <summary>Deterministic operations on CHW float images, the building blocks of the random transforms.</summary>
public static class ImageOps
{
    /// <summary>Mirrors left–right.</summary>
    public static float[] FlipHorizontal(ReadOnlySpan<float> img, int c, int h, int w)
    {
        var r = new float[img.Length];
        for (int p = 0; p < c * h; p++)
            for (int x = 0; x < w; x++)
                r[p * w + x] = img[p * w + (w - 1 - x)];
        return r;
    }

    /// <summary>Mirrors top–bottom.</summary>
    public static float[] FlipVertical(ReadOnlySpan<float> img, int c, int h, int w)
    {
        var r = new float[img.Length];
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < h; y++)
                img.Slice((ch * h + (h - 1 - y)) * w, w).CopyTo(r.AsSpan((ch * h + y) * w, w));
        return r;
    }

    /// <summary>
    /// Affine warp about the image centre with bilinear interpolation: rotate by <paramref name="degrees"/>
    /// (counter-clockwise as seen on screen), scale by <paramref name="scale"/>, then shift by (tx, ty) pixels
    /// (x to the right, y down). Pixels that come from outside the image get <paramref name="fill"/>.
    /// </summary>
    public static float[] Affine(ReadOnlySpan<float> img, int c, int h, int w, double degrees = 0, double scale = 1,
        double tx = 0, double ty = 0, float fill = 0f)
    {
        if (!(scale > 0)) throw new ArgumentException($"ImageOps.Affine: scale must be positive, got {scale}");
        var r = new float[img.Length];
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        double a = degrees * Math.PI / 180, cos = Math.Cos(a), sin = Math.Sin(a);
        // Inverse map: for each output pixel find where it comes from. On screen y points down, so a
        // counter-clockwise rotation by a uses (x, y) -> (x cos a + y sin a, -x sin a + y cos a).
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                double u = (x - cx - tx) / scale, v = (y - cy - ty) / scale;
                double sx = cx + u * cos - v * sin, sy = cy + u * sin + v * cos;
                for (int ch = 0; ch < c; ch++)
                    r[(ch * h + y) * w + x] = Bilinear(img.Slice(ch * h * w, h * w), h, w, sx, sy, fill);
            }
        }
        return r;
    }

    /// <summary>Bilinear sample of one H×W plane at (x, y); outside neighbours count as <paramref name="fill"/>.</summary>
    public static float Bilinear(ReadOnlySpan<float> plane, int h, int w, double x, double y, float fill)
    {
        if (x <= -1 || y <= -1 || x >= w || y >= h) return fill;
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0;
        double v00 = At(plane, h, w, x0, y0, fill), v10 = At(plane, h, w, x0 + 1, y0, fill);
        double v01 = At(plane, h, w, x0, y0 + 1, fill), v11 = At(plane, h, w, x0 + 1, y0 + 1, fill);
        return (float)((v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy);
    }

    private static float At(ReadOnlySpan<float> plane, int h, int w, int x, int y, float fill) =>
        (uint)x < (uint)w && (uint)y < (uint)h ? plane[y * w + x] : fill;

    /// <summary>Pads by <paramref name="pad"/> pixels on every side with <paramref name="fill"/>.</summary>
    public static float[] Pad(ReadOnlySpan<float> img, int c, int h, int w, int pad, float fill = 0f)
    {
        int ph = h + 2 * pad, pw = w + 2 * pad;
        var r = new float[c * ph * pw];
        if (fill != 0f) r.AsSpan().Fill(fill);
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < h; y++)
                img.Slice((ch * h + y) * w, w).CopyTo(r.AsSpan((ch * ph + y + pad) * pw + pad, w));
        return r;
    }

    /// <summary>Cuts a <paramref name="ch"/>×<paramref name="cw"/> window whose top-left corner is (top, left).</summary>
    public static float[] Crop(ReadOnlySpan<float> img, int c, int h, int w, int top, int left, int ch, int cw)
    {
        if (top < 0 || left < 0 || top + ch > h || left + cw > w)
            throw new ArgumentException($"ImageOps.Crop: window {ch}x{cw} at ({top}, {left}) does not fit in a {h}x{w} image");
        var r = new float[c * ch * cw];
        for (int k = 0; k < c; k++)
            for (int y = 0; y < ch; y++)
                img.Slice((k * h + top + y) * w + left, cw).CopyTo(r.AsSpan((k * ch + y) * cw, cw));
        return r;
    }
}
