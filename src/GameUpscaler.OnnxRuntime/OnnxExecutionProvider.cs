namespace GameUpscaler.OnnxRuntime;

/// <summary>Where ONNX Runtime runs the generator.</summary>
public enum OnnxExecutionProvider
{
    /// <summary>
    /// DirectML on Windows when the library has it, else CUDA when its provider library sits beside ONNX Runtime,
    /// else the CPU. A GPU provider that fails to start falls back to the CPU (see <see cref="OnnxGenerator.ExecutionProvider"/>).
    /// </summary>
    Auto = 0,

    /// <summary>ONNX Runtime's own CPU kernels (MLAS).</summary>
    Cpu = 1,

    /// <summary>DirectML (Windows, any DirectX 12 GPU); an error where the library lacks it.</summary>
    DirectML = 2,

    /// <summary>CUDA (NVIDIA); an error where its provider library or driver is missing.</summary>
    Cuda = 3,
}
