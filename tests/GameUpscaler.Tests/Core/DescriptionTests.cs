namespace GameUpscaler.Tests.Core;

public sealed class DescriptionTests
{
    private static readonly UpscalerContextDescription Context = new(new Size2D(960, 540), new Size2D(1920, 1080));

    private static UpscalerDispatchDescription Dispatch(Size2D render) => new(
        CommandList: 1,
        Color: new UpscalerResource(1, 0, UpscalerFormat.R8G8B8A8Unorm, new Size2D(960, 540)),
        Output: new UpscalerResource(2, 0, UpscalerFormat.B8G8R8A8Srgb, new Size2D(1920, 1080)),
        RenderSize: render);

    [Fact]
    public void Valid_descriptions_pass()
    {
        Context.Validate();
        Dispatch(new Size2D(960, 540)).Validate(Context);
        Dispatch(new Size2D(640, 360)).Validate(Context); // dynamic resolution below the maximum
    }

    [Fact]
    public void Render_size_above_the_maximum_is_an_UpscalerException_with_its_code()
    {
        var e = Assert.Throws<UpscalerException>(() => Dispatch(new Size2D(961, 540)).Validate(Context));
        Assert.Equal(UpscalerErrorCode.RenderSizeTooLarge, e.ErrorCode);
        Assert.Contains("961x540", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Argument_errors_throw_ArgumentException()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => (Dispatch(new Size2D(960, 540)) with { Sharpness = 1.5f }).Validate(Context));
        Assert.Throws<ArgumentOutOfRangeException>(() => (Dispatch(new Size2D(960, 540)) with { Sharpness = float.NaN }).Validate(Context));
        Assert.Throws<ArgumentException>(() => (Dispatch(new Size2D(960, 540)) with { CommandList = 0 }).Validate(Context));
        Assert.Throws<ArgumentException>(() => (Dispatch(new Size2D(960, 540)) with { Color = UpscalerResource.None }).Validate(Context));
        Assert.Throws<ArgumentException>(() => (Dispatch(new Size2D(960, 540)) with
        {
            Hud = new UpscalerResource(3, 0, UpscalerFormat.R8G8B8A8Unorm, new Size2D(960, 540)),
        }).Validate(Context));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UpscalerContextDescription(new Size2D(2000, 540), new Size2D(1920, 1080)).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new UpscalerContextDescription(new Size2D(4, 4), new Size2D(1920, 1080)).Validate());
    }

    [Fact]
    public void Exception_message_carries_the_code()
    {
        var e = new UpscalerException(UpscalerErrorCode.DeviceLost, "lost") { NativeResult = -4 };
        Assert.Equal("[DeviceLost] lost", e.Message);
        Assert.Equal(-4, e.NativeResult);
    }
}
