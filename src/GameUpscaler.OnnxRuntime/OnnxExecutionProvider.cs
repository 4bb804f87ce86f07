namespace GameUpscaler.OnnxRuntime;

/// <summary>Where ONNX Runtime runs the generator.</summary>
public enum OnnxExecutionProvider
{
    /// <summary>
    /// DirectML on Windows when the library has it, else CUDA when the library has it, else the CPU: chosen from
    /// <see cref="OnnxRuntimeLibrary.ExecutionProviders"/> (ORT's <c>GetAvailableProviders</c>). A GPU provider that fails
    /// to start (no GPU, driver or CUDA libraries) falls back to the CPU (see <see cref="OnnxGenerator.FallbackReason"/>).
    /// </summary>
    Auto = 0,

    /// <summary>ONNX Runtime's own CPU kernels (MLAS).</summary>
    Cpu = 1,

    /// <summary>
    /// DirectML (Windows, any DirectX 12 GPU; the Microsoft.ML.OnnxRuntime.DirectML package); a
    /// <see cref="UpscalerErrorCode.FeatureNotSupported"/> error where the library lacks it.
    /// </summary>
    DirectML = 2,

    /// <summary>
    /// CUDA (NVIDIA; the Microsoft.ML.OnnxRuntime.Gpu packages); <see cref="UpscalerErrorCode.FeatureNotSupported"/> where
    /// the library lacks it, <see cref="UpscalerErrorCode.BackendUnavailable"/> where it cannot start (driver, CUDA or cuDNN missing).
    /// </summary>
    Cuda = 3,
}
