using K = NotebookCourse.Kernels;
using NotebookCourse.Kernels;

namespace NotebookCourse;

// Why this file exists: the layer classes Nn.Conv2d/ConvTranspose2d/LayerNorm/GroupNorm/Upsample and the factories
// torch.nn.Conv2d(...) etc. share their names with the span kernels in NotebookCourse.Kernels. Inside
// torch.nn.functional an unqualified `Conv2d.Forward(...)` would then resolve to the factory method (enclosing class
// members win) or be ambiguous between the two namespaces. These internal nested types are found first and forward
// to the kernels. Delete this file once the functional code writes `Kernels.Conv2d` explicitly.
public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            internal static class Conv2d
            {
                public static void Forward(in Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y) => K.Conv2d.Forward(g, x, w, bias, y);
                public static void BackwardData(in Conv2dGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx) => K.Conv2d.BackwardData(g, dy, w, dx);
                public static void BackwardWeight(in Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dw, bool accumulate = false) => K.Conv2d.BackwardWeight(g, x, dy, dw, accumulate);
                public static void BackwardBias(in Conv2dGeometry g, ReadOnlySpan<float> dy, Span<float> db, bool accumulate = false) => K.Conv2d.BackwardBias(g, dy, db, accumulate);
            }

            internal static class ConvTranspose2d
            {
                public static void Forward(in Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y) => K.ConvTranspose2d.Forward(g, x, w, bias, y);
                public static void BackwardData(in Conv2dGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx) => K.ConvTranspose2d.BackwardData(g, dy, w, dx);
                public static void BackwardWeight(in Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dw, bool accumulate = false) => K.ConvTranspose2d.BackwardWeight(g, x, dy, dw, accumulate);
                public static void BackwardBias(in Conv2dGeometry g, ReadOnlySpan<float> dy, Span<float> db, bool accumulate = false) => K.ConvTranspose2d.BackwardBias(g, dy, db, accumulate);
            }

            internal static class LayerNorm
            {
                public static void Forward(int m, int d, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float eps, Span<float> y, Span<float> saveMean, Span<float> saveInvStd) =>
                    K.LayerNorm.Forward(m, d, x, gamma, beta, eps, y, saveMean, saveInvStd);
                public static void Backward(int m, int d, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> gamma, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, Span<float> dx, Span<float> dgamma, Span<float> dbeta, bool accumulate = false) =>
                    K.LayerNorm.Backward(m, d, x, dy, gamma, mean, invStd, dx, dgamma, dbeta, accumulate);
            }

            internal static class GroupNorm
            {
                public static void Forward(int n, int c, int s, int groups, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float eps, Span<float> y, Span<float> saveMean, Span<float> saveInvStd) =>
                    K.GroupNorm.Forward(n, c, s, groups, x, gamma, beta, eps, y, saveMean, saveInvStd);
                public static void Backward(int n, int c, int s, int groups, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> gamma, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, Span<float> dx, Span<float> dgamma, Span<float> dbeta, bool accumulate = false) =>
                    K.GroupNorm.Backward(n, c, s, groups, x, dy, gamma, mean, invStd, dx, dgamma, dbeta, accumulate);
            }

            internal static class Upsample
            {
                public static void NearestForward(int n, int c, int h, int w, int oh, int ow, ReadOnlySpan<float> x, Span<float> y) => K.Upsample.NearestForward(n, c, h, w, oh, ow, x, y);
                public static void NearestBackward(int n, int c, int h, int w, int oh, int ow, ReadOnlySpan<float> dy, Span<float> dx) => K.Upsample.NearestBackward(n, c, h, w, oh, ow, dy, dx);
                public static void BilinearForward(int n, int c, int h, int w, int oh, int ow, bool alignCorners, ReadOnlySpan<float> x, Span<float> y) => K.Upsample.BilinearForward(n, c, h, w, oh, ow, alignCorners, x, y);
                public static void BilinearBackward(int n, int c, int h, int w, int oh, int ow, bool alignCorners, ReadOnlySpan<float> dy, Span<float> dx) => K.Upsample.BilinearBackward(n, c, h, w, oh, ow, alignCorners, dy, dx);
            }
        }
    }
}
