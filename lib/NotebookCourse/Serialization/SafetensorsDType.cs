using NotebookCourse.Tensors;

namespace NotebookCourse.Serialization;

/// <summary>The safetensors dtype names this library reads, their byte sizes and the tensor dtype they load as.</summary>
internal static class SafetensorsDType
{
    /// <summary>Bytes per element for a dtype name, or 0 when the name is not supported.</summary>
    public static int ItemSize(string name) => name switch
    {
        "F32" or "I32" => 4,
        "F64" or "I64" => 8,
        "F16" or "BF16" or "I16" => 2,
        "BOOL" or "U8" or "I8" => 1,
        _ => 0,
    };

    /// <summary>What a stored dtype becomes here: floats load as float32, integers as int64, BOOL as bool.</summary>
    public static DType Target(string name) => name switch
    {
        "F32" or "F64" or "F16" or "BF16" => DType.float32,
        "BOOL" => DType.@bool,
        _ => DType.int64,
    };

    public static string Supported => "F32, F64, F16, BF16, I64, I32, I16, I8, U8, BOOL";

    /// <summary>The name written for a tensor dtype.</summary>
    public static string NameOf(DType d) => d switch
    {
        DType.float32 => "F32",
        DType.int64 => "I64",
        _ => "BOOL",
    };
}
