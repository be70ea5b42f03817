using NotebookCourse.Autograd;
using NotebookCourse.Nn;
using NotebookCourse.Tensors;

namespace NotebookCourse;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// Pads the last dims with a constant: <paramref name="pad"/> lists (before, after) pairs starting from
            /// the last dim, like PyTorch: <c>pad(x, [1, 2])</c> adds 1 column left and 2 right,
            /// <c>pad(x, [1, 1, 2, 0])</c> also 2 rows on top. Negative amounts crop.
            /// </summary>
            [DifferentiableOp("pad")]
            public static Tensor pad(Tensor input, int[] pad, string mode = "constant", float value = 0f)
            {
                const string op = "pad";
                FunctionalUtil.RequireFloat(input, op, "input");
                if (mode != "constant")
                    throw new ArgumentException($"{op}: only mode \"constant\" is supported, got \"{mode}\"");
                if (pad.Length % 2 != 0 || pad.Length / 2 > input.ndim)
                    throw new ArgumentException(
                        $"{op}: pad needs (before, after) pairs for at most {input.ndim} dims of input {FunctionalUtil.Fmt(input)}, got [{string.Join(", ", pad)}]");
                int nd = input.ndim;
                var before = new int[nd];
                var outShape = (int[])input._shape.Clone();
                for (int i = 0; i < pad.Length / 2; i++)
                {
                    int d = nd - 1 - i;
                    before[d] = pad[2 * i];
                    outShape[d] += pad[2 * i] + pad[2 * i + 1];
                    if (outShape[d] < 0)
                        throw new ArgumentException($"{op}: padding [{string.Join(", ", pad)}] crops dim {d} of input {FunctionalUtil.Fmt(input)} below size 0");
                }
                var y = torch.full(outShape, value);
                // The overlap of input and output, as views on both sides.
                Tensor Overlap(Tensor t, bool isOutput)
                {
                    for (int d = 0; d < nd; d++)
                    {
                        int start = Math.Max(before[d], 0), inStart = Math.Max(-before[d], 0);
                        int len = Math.Min(input._shape[d] - inStart, outShape[d] - start);
                        t = t.narrow(d, isOutput ? start : inStart, Math.Max(len, 0));
                    }
                    return t;
                }
                using (torch.no_grad()) Overlap(y, true).copy_(Overlap(input.detach(), false));
                return Function.Record(op, y, [input], g =>
                {
                    var dx = torch.zeros(input._shape);
                    Overlap(dx, false).copy_(Overlap(g, true));
                    return [dx];
                });
            }
        }
    }
}
