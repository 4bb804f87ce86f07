namespace GameUpscaler.OnnxRuntime;

/// <summary>
/// ONNX Runtime's <c>OrtErrorCode</c> (onnxruntime_c_api.h). The managed binding keeps its own copy internal and only
/// names the code in the message (<c>[ErrorCode:InvalidProtobuf] …</c>); <see cref="OrtErrors"/> reads it back so
/// <see cref="UpscalerException.NativeResult"/> carries the number.
/// </summary>
internal enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    ExecutionProviderFail = 11,
}
