using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;

namespace GameUpscaler.OnnxRuntime;

/// <summary>
/// Turns the binding's <see cref="OnnxRuntimeException"/> into the backend's documented <see cref="UpscalerException"/>:
/// no ORT type leaves the public surface. ORT's model errors become <see cref="UpscalerErrorCode.InvalidModel"/>,
/// a provider failure <see cref="UpscalerErrorCode.BackendUnavailable"/>, everything else the caller's code.
/// </summary>
internal static partial class OrtErrors
{
    /// <summary>The exception to throw for an ORT failure during <paramref name="operation"/>.</summary>
    public static UpscalerException Translate(OnnxRuntimeException e, string operation, UpscalerErrorCode otherwise)
    {
        (OrtErrorCode? code, string message) = Parse(e.Message);
        UpscalerErrorCode errorCode = code switch
        {
            OrtErrorCode.InvalidProtobuf or OrtErrorCode.NoModel or OrtErrorCode.InvalidGraph or OrtErrorCode.ModelLoaded => UpscalerErrorCode.InvalidModel,
            OrtErrorCode.ExecutionProviderFail => UpscalerErrorCode.BackendUnavailable,
            _ => otherwise,
        };
        return new UpscalerException(errorCode, $"ONNX Runtime {operation} failed ({code?.ToString() ?? "no code"}): {message}") { NativeResult = (long?)code };
    }

    /// <summary>ORT's message without the binding's <c>[ErrorCode:…]</c> prefix; other exceptions' messages as they are.</summary>
    public static string MessageOf(Exception e) => e is OnnxRuntimeException ? Parse(e.Message).Message : e.Message;

    private static (OrtErrorCode? Code, string Message) Parse(string text)
    {
        Match match = CodePrefix().Match(text);
        if (!match.Success)
        {
            return (null, text);
        }

        OrtErrorCode? code = Enum.TryParse(match.Groups[1].Value, out OrtErrorCode parsed) ? parsed : null;
        return (code, text[match.Length..]);
    }

    [GeneratedRegex(@"^\[ErrorCode:(\w+)\]\s*")]
    private static partial Regex CodePrefix();
}
