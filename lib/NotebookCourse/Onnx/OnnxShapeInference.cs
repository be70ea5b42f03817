namespace NotebookCourse.Onnx;

/// <summary>
/// Output shapes of the supported ops from their input shapes, for <see cref="OnnxChecker"/>. A shape is null when
/// unknown and a dimension is -1 when unknown (a symbolic batch). Contradictions between known dimensions are
/// reported as problems (the same rules ONNX Runtime would reject at load or run time).
/// </summary>
public static partial class OnnxShapeInference
{
    /// <summary>Infers one shape per node output; adds a line to <paramref name="problems"/> for each inconsistency.</summary>
    public static long[]?[] Infer(NodeProto node, long[]?[] inputs, Func<string, TensorProto?> constant, List<string> problems)
    {
        var result = new long[]?[node.Output.Count];
        long[]? In(int k) => k < inputs.Length ? inputs[k] : null;
        long[]? Const(int k) => k < node.Input.Count && node.Input[k].Length > 0 && constant(node.Input[k]) is { DataType: OnnxElementType.Int64 } t
            ? t.ToInt64s() : null;
        float[]? ConstFloats(int k) => k < node.Input.Count && node.Input[k].Length > 0 && constant(node.Input[k]) is { DataType: OnnxElementType.Float } t
            ? t.ToFloats() : null;
        int need = node.OpType switch
        {
            "Constant" => 0,
            "Gemm" or "MatMul" or "Add" or "Sub" or "Mul" or "Div" or "Pow" or "Equal" or "Conv" or "ConvTranspose"
                or "Reshape" or "Concat" or "Gather" or "LayerNormalization" or "Max" or "Min" or "Expand"
                or "Less" or "LessOrEqual" or "Greater" or "GreaterOrEqual" => 2,
            "Where" or "Slice" or "Range" or "InstanceNormalization" => 3,
            "BatchNormalization" => 5,
            _ => 1,
        };
        if (node.OpType != "Concat" && node.Input.Count < need)
        {
            problems.Add($"needs at least {need} inputs, has {node.Input.Count}");
            return result;
        }
        if (node.OpType == "Concat" && node.Input.Count < 1) { problems.Add("needs at least 1 input"); return result; }
        if (result.Length == 0) { problems.Add("has no outputs"); return result; }

        switch (node.OpType)
        {
            case "Relu" or "LeakyRelu" or "Sigmoid" or "Tanh" or "Gelu" or "Erf" or "Sqrt" or "Exp" or "Log" or "Neg"
                or "Identity" or "Cast" or "Abs" or "Sin" or "Cos" or "Trilu" or "InstanceNormalization" or "Not":
                result[0] = In(0);
                break;
            case "Shape":
                result[0] = In(0) is { } shaped ? [shaped.Length] : null;
                break;
            case "Expand":
                result[0] = Const(1) is { } target ? Broadcast(In(0), target, problems) : null;
                break;
            case "Softmax" or "LogSoftmax":
                result[0] = In(0);
                if (In(0) is { } s) Axis(Int(node, "axis", -1), s.Length, "axis", problems);
                break;
            case "Add" or "Sub" or "Mul" or "Div" or "Pow" or "Equal" or "Max" or "Min" or "Less" or "LessOrEqual" or "Greater" or "GreaterOrEqual":
                result[0] = Broadcast(In(0), In(1), problems);
                break;
            case "Where":
                result[0] = Broadcast(Broadcast(In(0), In(1), problems), In(2), problems);
                break;
            case "Gemm": result[0] = Gemm(node, In(0), In(1), In(2), problems); break;
            case "MatMul": result[0] = MatMul(In(0), In(1), problems); break;
            case "Conv": result[0] = Conv(node, In(0), In(1), In(2), problems); break;
            case "ConvTranspose": result[0] = ConvTranspose(node, In(0), In(1), In(2), problems); break;
            case "MaxPool" or "AveragePool":
                result[0] = Pool(node, In(0), problems);
                if (result.Length > 1) result[1] = result[0];
                break;
            case "GlobalAveragePool":
                if (In(0) is { } g)
                {
                    if (g.Length < 3) problems.Add($"expects input (N, C, spatial...), got {OnnxShapes.Format(g)}");
                    else result[0] = [g[0], g[1], .. Enumerable.Repeat(1L, g.Length - 2)];
                }
                break;
            case "BatchNormalization": result[0] = BatchNorm(node, inputs, problems); break;
            case "LayerNormalization": LayerNorm(node, In(0), In(1), result, problems); break;
            case "Flatten": result[0] = Flatten(node, In(0), problems); break;
            case "Reshape": result[0] = Reshape(node, In(0), Const(1), problems); break;
            case "Transpose": result[0] = Transpose(node, In(0), problems); break;
            case "Concat": result[0] = Concat(node, inputs, problems); break;
            case "Gather": result[0] = Gather(node, In(0), In(1), problems); break;
            case "Unsqueeze": result[0] = Unsqueeze(In(0), Const(1), problems); break;
            case "Squeeze": result[0] = Squeeze(In(0), node.Input.Count > 1 ? Const(1) : [], problems); break;
            case "Slice": result[0] = Slice(In(0), Const(1), Const(2), node.Input.Count > 3 ? Const(3) : [], node.Input.Count > 4 ? Const(4) : [], problems); break;
            case "Resize": result[0] = Resize(In(0), node.Input.Count > 2 ? ConstFloats(2) : null, node.Input.Count > 3 ? Const(3) : null, problems); break;
            case "ReduceMean" or "ReduceSum": result[0] = ReduceMean(node, In(0), node.Input.Count > 1 ? Const(1) : null, problems); break;
            case "Constant":
                var a = node.Attribute.FirstOrDefault();
                result[0] = a?.Type switch
                {
                    OnnxAttributeType.Tensor => a.T!.Dims,
                    OnnxAttributeType.Float or OnnxAttributeType.Int => [],
                    OnnxAttributeType.Floats => [a.Floats.Length],
                    OnnxAttributeType.Ints => [a.Ints.Length],
                    _ => null,
                };
                break;
        }
        return result;
    }

    private static long Int(NodeProto n, string name, long fallback) => n.GetAttribute(name) is { Type: OnnxAttributeType.Int } a ? a.I : fallback;

    private static long[]? Ints(NodeProto n, string name) => n.GetAttribute(name) is { Type: OnnxAttributeType.Ints } a ? a.Ints : null;

    /// <summary>Normalizes a possibly negative axis into [0, rank); reports and returns -1 when out of range.</summary>
    private static int Axis(long axis, int rank, string what, List<string> problems)
    {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) { problems.Add($"{what} {axis} is out of range for rank {rank}"); return -1; }
        return (int)a;
    }

    /// <summary>NumPy-style broadcasting of two shapes.</summary>
    internal static long[]? Broadcast(long[]? a, long[]? b, List<string> problems)
    {
        if (a == null || b == null) return null;
        int rank = Math.Max(a.Length, b.Length);
        var r = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            long x = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            long y = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            if (x == y) r[i] = x;
            else if (x == 1) r[i] = y;
            else if (y == 1) r[i] = x;
            else if (x < 0) r[i] = y;
            else if (y < 0) r[i] = x;
            else { problems.Add($"shapes {OnnxShapes.Format(a)} and {OnnxShapes.Format(b)} cannot be broadcast together"); return null; }
        }
        return r;
    }

    private static bool Differ(long x, long y) => x >= 0 && y >= 0 && x != y;

    private static long Product(IEnumerable<long> dims)
    {
        long p = 1;
        foreach (var d in dims) { if (d < 0) return -1; p *= d; }
        return p;
    }
}
