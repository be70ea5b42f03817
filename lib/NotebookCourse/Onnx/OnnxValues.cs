namespace NotebookCourse.Onnx;

/// <summary>Name, element type and shape of a model input or output; -1 marks a dynamic dimension.</summary>
public sealed record OnnxNodeInfo(string Name, OnnxElementType ElementType, int[] Shape)
{
    /// <summary>E.g. <c>input: float (-1, 1, 28, 28)</c>.</summary>
    public override string ToString() => $"{Name}: {ElementType.ToString().ToLowerInvariant()} {OnnxShapes.Format(Shape)}";
}

/// <summary>An input tensor for <see cref="InferenceSession.Run(OnnxInput[])"/>: a flat row-major array and its shape.</summary>
/// <remarks>The array is pinned and handed to ONNX Runtime as is, without a copy.</remarks>
public sealed class OnnxInput
{
    /// <summary>The model input's name.</summary>
    public string Name { get; }
    /// <summary>The flat data: float[], long[], int[], double[], byte[], sbyte[] or bool[].</summary>
    public Array Data { get; }
    /// <summary>The tensor's shape.</summary>
    public int[] Shape { get; }
    /// <summary>Element type derived from the array type.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>Wraps an array; throws when the array type is not a tensor element type or the length does not fit the shape.</summary>
    public OnnxInput(string name, Array data, params int[] shape)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Data = data ?? throw new ArgumentNullException(nameof(data));
        Shape = shape ?? throw new ArgumentNullException(nameof(shape));
        ElementType = ElementTypeOf(data.GetType().GetElementType()!)
            ?? throw new ArgumentException($"onnx: input '{name}' has element type {data.GetType().GetElementType()!.Name}; " +
                                           "use float[], long[], int[], double[], byte[], sbyte[] or bool[]");
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"onnx: input '{name}' has a negative dimension in shape {OnnxShapes.Format(shape)}");
            count *= d;
        }
        if (count != data.Length)
            throw new ArgumentException($"onnx: input '{name}' has shape {OnnxShapes.Format(shape)} = {count} elements " +
                                        $"but its array holds {data.Length}");
    }

    /// <summary>Lets <c>session.Run(("input", data, shape))</c> pass float tuples.</summary>
    public static implicit operator OnnxInput((string Name, float[] Data, int[] Shape) t) => new(t.Name, t.Data, t.Shape);

    /// <summary>Lets <c>session.Run(("ids", tokens, shape))</c> pass int64 tuples.</summary>
    public static implicit operator OnnxInput((string Name, long[] Data, int[] Shape) t) => new(t.Name, t.Data, t.Shape);

    internal static OnnxElementType? ElementTypeOf(Type t) =>
        t == typeof(float) ? OnnxElementType.Float : t == typeof(long) ? OnnxElementType.Int64
        : t == typeof(int) ? OnnxElementType.Int32 : t == typeof(double) ? OnnxElementType.Double
        : t == typeof(byte) ? OnnxElementType.UInt8 : t == typeof(sbyte) ? OnnxElementType.Int8
        : t == typeof(bool) ? OnnxElementType.Bool : null;

    internal static Array? NewArray(OnnxElementType type, int length) => type switch
    {
        OnnxElementType.Float => new float[length],
        OnnxElementType.Int64 => new long[length],
        OnnxElementType.Int32 => new int[length],
        OnnxElementType.Double => new double[length],
        OnnxElementType.UInt8 => new byte[length],
        OnnxElementType.Int8 => new sbyte[length],
        OnnxElementType.Bool => new bool[length],
        _ => null,
    };
}

/// <summary>One output of a run: name, shape and a flat row-major array copied out of ONNX Runtime.</summary>
public sealed class OnnxOutput
{
    internal OnnxOutput(string name, OnnxElementType type, int[] shape, Array data) =>
        (Name, ElementType, Shape, Data) = (name, type, shape, data);

    /// <summary>The model output's name.</summary>
    public string Name { get; }
    /// <summary>Element type.</summary>
    public OnnxElementType ElementType { get; }
    /// <summary>The concrete shape of this result.</summary>
    public int[] Shape { get; }
    /// <summary>The flat data (float[] for float outputs, long[] for int64, ...).</summary>
    public Array Data { get; }

    /// <summary>The data as float[]; throws if the output is not float.</summary>
    public float[] AsFloats() => Data as float[]
        ?? throw new InvalidOperationException($"onnx: output '{Name}' is {ElementType}, not float; use Data or AsInt64()");

    /// <summary>The data as long[]; throws if the output is not int64.</summary>
    public long[] AsInt64() => Data as long[]
        ?? throw new InvalidOperationException($"onnx: output '{Name}' is {ElementType}, not int64; use Data or AsFloats()");

    /// <summary>E.g. <c>logits: float (7, 10)</c>.</summary>
    public override string ToString() => $"{Name}: {ElementType.ToString().ToLowerInvariant()} {OnnxShapes.Format(Shape)}";
}

/// <summary>The outputs of one run, in the model's output order, also indexable by name.</summary>
public sealed class OnnxOutputs : IReadOnlyList<OnnxOutput>
{
    private readonly OnnxOutput[] _items;
    internal OnnxOutputs(OnnxOutput[] items) => _items = items;

    /// <summary>Output by position.</summary>
    public OnnxOutput this[int index] => _items[index];

    /// <summary>Output by name; the error lists the names there are.</summary>
    public OnnxOutput this[string name] => Array.Find(_items, o => o.Name == name)
        ?? throw new KeyNotFoundException($"onnx: no output '{name}'; outputs are: {string.Join(", ", _items.Select(o => $"'{o.Name}'"))}");

    /// <summary>Number of outputs.</summary>
    public int Count => _items.Length;

    /// <inheritdoc/>
    public IEnumerator<OnnxOutput> GetEnumerator() => ((IEnumerable<OnnxOutput>)_items).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
