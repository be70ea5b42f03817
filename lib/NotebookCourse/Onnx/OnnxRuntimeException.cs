namespace NotebookCourse.Onnx;

/// <summary>ONNX Runtime's error categories (values of <c>OrtErrorCode</c>).</summary>
public enum OrtErrorCode
{
    /// <summary>No error.</summary>
    Ok = 0,
    /// <summary>Generic failure.</summary>
    Fail = 1,
    /// <summary>An argument was rejected.</summary>
    InvalidArgument = 2,
    /// <summary>The model file does not exist.</summary>
    NoSuchFile = 3,
    /// <summary>No model loaded.</summary>
    NoModel = 4,
    /// <summary>Engine error.</summary>
    EngineError = 5,
    /// <summary>An exception inside the runtime.</summary>
    RuntimeException = 6,
    /// <summary>The bytes are not a valid ONNX protobuf.</summary>
    InvalidProtobuf = 7,
    /// <summary>A model is already loaded.</summary>
    ModelLoaded = 8,
    /// <summary>Not implemented.</summary>
    NotImplemented = 9,
    /// <summary>The graph is invalid.</summary>
    InvalidGraph = 10,
    /// <summary>An execution provider failed.</summary>
    EpFail = 11,
}

/// <summary>An error reported by ONNX Runtime (its own message is kept) or by this binding around it.</summary>
public class OnnxRuntimeException : Exception
{
    /// <summary>ORT's error category; <see cref="OrtErrorCode.Fail"/> for errors raised by the binding itself.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>Creates the exception.</summary>
    public OnnxRuntimeException(string message, OrtErrorCode code = OrtErrorCode.Fail) : base(message) => ErrorCode = code;
}

/// <summary>The native ONNX Runtime library could not be found or loaded; the message lists every place tried.</summary>
public sealed class OnnxRuntimeNotFoundException : OnnxRuntimeException
{
    /// <summary>Every location that was tried, in order, with the reason it did not work.</summary>
    public IReadOnlyList<string> Tried { get; }

    /// <summary>Creates the exception.</summary>
    public OnnxRuntimeNotFoundException(string message, IReadOnlyList<string> tried) : base(message) => Tried = tried;
}
