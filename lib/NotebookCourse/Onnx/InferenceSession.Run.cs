using System.Runtime.InteropServices;

namespace NotebookCourse.Onnx;

public sealed unsafe partial class InferenceSession
{
    private static IntPtr _cpuMemoryInfo;

    /// <summary>Runs the model on named inputs (every model input exactly once) and returns all outputs.</summary>
    /// <example><code>var y = session.Run(("input", x, new[] { 1, 784 }))["logits"].AsFloats();</code></example>
    public OnnxOutputs Run(params OnnxInput[] inputs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var ordered = Validate(inputs);
        var api = OnnxRuntime.Api;
        var memoryInfo = CpuMemoryInfo();
        int nIn = ordered.Length, nOut = Outputs.Count;
        var pins = new GCHandle[nIn];
        var values = new OrtValueHandle[nIn];
        var results = new OrtValueHandle[nOut];
        bool addedRef = false;
        try
        {
            _session.DangerousAddRef(ref addedRef);
            var inputPtrs = stackalloc IntPtr[nIn];
            for (int i = 0; i < nIn; i++)
            {
                var input = ordered[i];
                pins[i] = GCHandle.Alloc(input.Data, GCHandleType.Pinned);
                var dims = new long[input.Shape.Length];
                for (int k = 0; k < dims.Length; k++) dims[k] = input.Shape[k];
                nuint bytes = (nuint)((long)input.Data.Length * ElementSize(input.ElementType));
                IntPtr value;
                fixed (long* d = dims)
                    api.Check(api.CreateTensorWithDataAsOrtValue(memoryInfo, (void*)pins[i].AddrOfPinnedObject(), bytes, d,
                        (nuint)dims.Length, (int)input.ElementType, &value), $"creating input tensor '{input.Name}'");
                values[i] = new OrtValueHandle();
                values[i].Own(value);
                inputPtrs[i] = value;
            }
            var outputPtrs = stackalloc IntPtr[nOut];
            for (int o = 0; o < nOut; o++) outputPtrs[o] = IntPtr.Zero;
            fixed (IntPtr* inNames = _inputNamePtrs)
            fixed (IntPtr* outNames = _outputNamePtrs)
            {
                var status = api.Run(_session.DangerousGetHandle(), IntPtr.Zero, inNames, inputPtrs, (nuint)nIn,
                                     outNames, (nuint)nOut, outputPtrs);
                for (int o = 0; o < nOut; o++) { results[o] = new OrtValueHandle(); results[o].Own(outputPtrs[o]); }
                api.Check(status, "Run");
            }
            var outputs = new OnnxOutput[nOut];
            for (int o = 0; o < nOut; o++) outputs[o] = CopyOut(Outputs[o].Name, results[o]);
            return new OnnxOutputs(outputs);
        }
        finally
        {
            foreach (var r in results) r?.Dispose();
            foreach (var v in values) v?.Dispose();
            foreach (var p in pins) if (p.IsAllocated) p.Free();
            if (addedRef) _session.DangerousRelease();
        }
    }

    /// <summary>Runs a single-input model: <c>session.Run(x, 7, 1, 28, 28)</c> feeds the first input.</summary>
    public OnnxOutputs Run(float[] data, params int[] shape)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Inputs.Count != 1)
            throw new ArgumentException($"onnx: this model has {Inputs.Count} inputs ({string.Join(", ", Inputs)}); pass them by name");
        return Run(new OnnxInput(Inputs[0].Name, data, shape));
    }

    /// <summary>Runs with one named float input: <c>session.Run("input", x, 7, 1, 28, 28)</c>.</summary>
    public OnnxOutputs Run(string inputName, float[] data, params int[] shape) => Run(new OnnxInput(inputName, data, shape));

    /// <summary>Orders inputs as the model declares them, after checking names, element types and shapes.</summary>
    private OnnxInput[] Validate(OnnxInput[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var ordered = new OnnxInput[Inputs.Count];
        foreach (var input in inputs)
        {
            ArgumentNullException.ThrowIfNull(input);
            int index = -1;
            for (int i = 0; i < Inputs.Count; i++) if (Inputs[i].Name == input.Name) index = i;
            if (index < 0)
                throw new ArgumentException($"onnx: the model has no input '{input.Name}'; its inputs are: {string.Join(", ", Inputs)}");
            if (ordered[index] != null) throw new ArgumentException($"onnx: input '{input.Name}' was given twice");
            var expected = Inputs[index];
            if (expected.ElementType != input.ElementType)
                throw new ArgumentException($"onnx: input '{input.Name}' expects {expected.ElementType.ToString().ToLowerInvariant()} " +
                                            $"elements, got {input.ElementType.ToString().ToLowerInvariant()} (pass a matching array type)");
            if (!ShapeMatches(expected.Shape, input.Shape))
                throw new ArgumentException($"onnx: input '{input.Name}' expects shape {OnnxShapes.Format(expected.Shape)}, " +
                                            $"got {OnnxShapes.Format(input.Shape)}");
            ordered[index] = input;
        }
        for (int i = 0; i < ordered.Length; i++)
            if (ordered[i] == null)
                throw new ArgumentException($"onnx: input '{Inputs[i].Name}' is missing; the model needs: {string.Join(", ", Inputs)}");
        return ordered;
    }

    private static bool ShapeMatches(int[] expected, int[] actual)
    {
        if (expected.Length != actual.Length) return false;
        for (int k = 0; k < expected.Length; k++)
            if (expected[k] >= 0 && expected[k] != actual[k]) return false;
        return true;
    }

    private static OnnxOutput CopyOut(string name, OrtValueHandle value)
    {
        var api = OnnxRuntime.Api;
        var v = value.DangerousGetHandle();
        using var info = new OrtTensorTypeAndShapeInfoHandle();
        IntPtr infoPtr;
        api.Check(api.GetTensorTypeAndShape(v, &infoPtr), $"reading the type of output '{name}'");
        info.Own(infoPtr);
        var (type, shape) = ReadTypeAndShape(infoPtr);
        long count = 1;
        foreach (int d in shape) count *= d;
        var array = OnnxInput.NewArray(type, checked((int)count))
            ?? throw new OnnxRuntimeException($"onnx: output '{name}' has element type {type}, which this binding does not read");
        if (count == 0) return new OnnxOutput(name, type, shape, array);
        void* source;
        api.Check(api.GetTensorMutableData(v, &source), $"reading output '{name}'");
        var pin = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            long bytes = count * ElementSize(type);
            Buffer.MemoryCopy(source, (void*)pin.AddrOfPinnedObject(), bytes, bytes);
        }
        finally { pin.Free(); }
        return new OnnxOutput(name, type, shape, array);
    }

    private static int ElementSize(OnnxElementType type) => type switch
    {
        OnnxElementType.Float or OnnxElementType.Int32 => 4,
        OnnxElementType.Int64 or OnnxElementType.Double => 8,
        OnnxElementType.UInt8 or OnnxElementType.Int8 or OnnxElementType.Bool => 1,
        _ => throw new OnnxRuntimeException($"onnx: element type {type} is not supported by this binding"),
    };

    /// <summary>One CPU memory description for the whole process: it only says "plain CPU memory".</summary>
    private static IntPtr CpuMemoryInfo()
    {
        if (_cpuMemoryInfo != IntPtr.Zero) return _cpuMemoryInfo;
        var api = OnnxRuntime.Api;
        IntPtr info;
        api.Check(api.CreateCpuMemoryInfo(1 /* OrtArenaAllocator */, 0 /* OrtMemTypeDefault */, &info), "CreateCpuMemoryInfo");
        if (Interlocked.CompareExchange(ref _cpuMemoryInfo, info, IntPtr.Zero) != IntPtr.Zero) api.ReleaseMemoryInfo(info);
        return _cpuMemoryInfo;
    }
}
