namespace GameUpscaler;

/// <summary>
/// A failure inside the upscaler or its backend (as opposed to a caller's argument error, which throws an
/// <see cref="ArgumentException"/> at the API boundary). <see cref="ErrorCode"/> lets a host react
/// programmatically, e.g. re-create the context on <see cref="UpscalerErrorCode.DeviceLost"/>.
/// </summary>
public sealed class UpscalerException : Exception
{
    /// <summary>Creates an exception with <see cref="UpscalerErrorCode.Unknown"/>.</summary>
    public UpscalerException()
    {
    }

    /// <summary>Creates an exception with <see cref="UpscalerErrorCode.Unknown"/>.</summary>
    public UpscalerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with <see cref="UpscalerErrorCode.Unknown"/> wrapping another.</summary>
    public UpscalerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with an error code.</summary>
    public UpscalerException(UpscalerErrorCode errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    /// <summary>What kind of failure this is.</summary>
    public UpscalerErrorCode ErrorCode { get; }

    /// <summary>
    /// The backend's native result code when there was one (e.g. a <c>VkResult</c> such as −4 for
    /// VK_ERROR_DEVICE_LOST), otherwise null.
    /// </summary>
    public long? NativeResult { get; init; }

    /// <inheritdoc />
    public override string Message => $"[{ErrorCode}] {base.Message}";
}
