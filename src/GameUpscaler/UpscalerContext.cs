namespace GameUpscaler;

/// <summary>
/// An upscaler for one display size, created by a backend (e.g. <c>VulkanUpscalerContext.Create</c>): ask it for
/// the render size, render, then <see cref="Dispatch"/> each frame into the host's command list. The base class
/// validates at the boundary (argument errors throw before anything is recorded) and backends do the work.
/// </summary>
public abstract class UpscalerContext : IDisposable
{
    private bool _disposed;

    /// <summary>Validates and stores the description.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size in the description is invalid.</exception>
    protected UpscalerContext(in UpscalerContextDescription description)
    {
        description.Validate();
        Description = description;
    }

    /// <summary>What the context was created with.</summary>
    public UpscalerContextDescription Description { get; }

    /// <summary>Whether <see cref="Dispose()"/> was called.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>
    /// The render size for a quality mode at this context's display size (<see cref="QualityModes"/>), limited to
    /// the context's maximum render size.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The mode is Custom or undefined.</exception>
    public Size2D GetRenderResolution(QualityMode mode)
    {
        Size2D size = QualityModes.GetRenderResolution(mode, Description.DisplaySize);
        return new Size2D(Math.Min(size.Width, Description.MaxRenderSize.Width), Math.Min(size.Height, Description.MaxRenderSize.Height));
    }

    /// <summary>Records one frame's upscale into <see cref="UpscalerDispatchDescription.CommandList"/>.</summary>
    /// <exception cref="ArgumentException">The description is invalid (missing resource, wrong size, sharpness out of range).</exception>
    /// <exception cref="UpscalerException">
    /// Render size above the maximum (<see cref="UpscalerErrorCode.RenderSizeTooLarge"/>), an unsupported format
    /// (<see cref="UpscalerErrorCode.UnsupportedFormat"/>), a disposed context (<see cref="UpscalerErrorCode.Disposed"/>),
    /// or a native failure (device lost, out of memory …).
    /// </exception>
    public void Dispatch(in UpscalerDispatchDescription dispatch)
    {
        ThrowIfDisposed();
        dispatch.Validate(Description);
        DispatchCore(dispatch);
    }

    /// <summary>Releases the context's resources after the GPU has finished with them.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Records the validated frame; called by <see cref="Dispatch"/>.</summary>
    protected abstract void DispatchCore(in UpscalerDispatchDescription dispatch);

    /// <summary>Releases backend resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Throws <see cref="UpscalerErrorCode.Disposed"/> after <see cref="Dispose()"/>.</summary>
    /// <exception cref="UpscalerException">The context was disposed.</exception>
    protected void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new UpscalerException(UpscalerErrorCode.Disposed, "The upscaler context was used after Dispose.");
        }
    }
}
