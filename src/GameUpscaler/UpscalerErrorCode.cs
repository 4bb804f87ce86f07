namespace GameUpscaler;

/// <summary>Why an upscaler operation failed; carried by <see cref="UpscalerException"/>. Values are stable.</summary>
public enum UpscalerErrorCode
{
    /// <summary>A failure that fits no other code; the message says more.</summary>
    Unknown = 0,

    /// <summary>A description field is invalid (a size, a format, a missing resource).</summary>
    InvalidArgument = 1,

    /// <summary>
    /// The render size of a dispatch exceeds the maximum the context was created for, or a context's maximum render
    /// (or display) size needs a buffer larger than the device's largest (the message gives the size that fits).
    /// </summary>
    RenderSizeTooLarge = 2,

    /// <summary>An input or output format the backend cannot read or write.</summary>
    UnsupportedFormat = 3,

    /// <summary>The backend's runtime or driver is missing (no Vulkan loader or ICD, no ONNX Runtime library).</summary>
    BackendUnavailable = 4,

    /// <summary>A device or host allocation failed.</summary>
    OutOfMemory = 5,

    /// <summary>The GPU device was lost; the context must be re-created.</summary>
    DeviceLost = 6,

    /// <summary>The model file is missing, malformed or does not match the backend's expectations.</summary>
    InvalidModel = 7,

    /// <summary>A native API call failed with a result code the message names.</summary>
    NativeCallFailed = 8,

    /// <summary>The context was used after <c>Dispose</c>.</summary>
    Disposed = 9,

    /// <summary>A device feature the requested configuration needs is not available.</summary>
    FeatureNotSupported = 10,
}
