using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using GameUpscaler.Hooks;
using GameUpscaler.Interop;
using GameUpscaler.Models;
using GameUpscaler.Vulkan;

namespace GameUpscaler.Native;

/// <summary>
/// The functions of include/gameupscaler.h. Each one validates its pointers, translates the C structs into the
/// managed API (<see cref="VulkanUpscalerContext"/> on <see cref="VulkanDevice.FromHost"/>) and turns every exception
/// into a <see cref="GuResult"/> plus <see cref="LastError"/>: nothing managed may unwind into the host's frames.
/// </summary>
internal static unsafe class Exports
{
    /// <summary>GU_API_VERSION of the header this library implements (1.0).</summary>
    public const uint ApiVersion = (1u << 16) | 0u;

    private const float DefaultSharpness = UpscalerDispatchDescription.DefaultSharpness;

    /// <summary>The context flags the header defines (EnableDebugValidation is for a device of the backend's own).</summary>
    private const UpscalerContextFlags KnownFlags = UpscalerContextFlags.HighDynamicRangeInput | UpscalerContextFlags.EnableTimestamps |
        UpscalerContextFlags.TemporalInputs | UpscalerContextFlags.DepthInverted | UpscalerContextFlags.DepthLinear;

    // VkImageUsageFlagBits the backend distinguishes.
    private const uint UsageTransferSource = 0x1, UsageTransferDestination = 0x2, UsageSampled = 0x4, UsageStorage = 0x8;

    [UnmanagedCallersOnly(EntryPoint = "guGetApiVersion")]
    public static uint GetApiVersion() => ApiVersion;

    [UnmanagedCallersOnly(EntryPoint = "guGetLastError")]
    public static byte* GetLastError() => LastError.Pointer;

    [UnmanagedCallersOnly(EntryPoint = "guInitContextCreateInfo")]
    public static GuResult InitContextCreateInfo(GuContextCreateInfo* info) => Guard(() =>
    {
        Require(info, "info");
        *info = default;
        info->ApiVersion = ApiVersion;
        return GuResult.Success;
    });

    [UnmanagedCallersOnly(EntryPoint = "guInitDispatchInfo")]
    public static GuResult InitDispatchInfo(GuDispatchInfo* info) => Guard(() =>
    {
        Require(info, "info");
        *info = default;
        info->ApiVersion = ApiVersion;
        info->Sharpness = DefaultSharpness;
        info->MotionVectorScaleX = 1;
        info->MotionVectorScaleY = 1;
        return GuResult.Success;
    });

    [UnmanagedCallersOnly(EntryPoint = "guGetRenderResolutionForDisplay")]
    public static GuResult GetRenderResolutionForDisplay(uint displayWidth, uint displayHeight, int mode, uint* renderWidth, uint* renderHeight) => Guard(() =>
    {
        Require(renderWidth, "render_width");
        Require(renderHeight, "render_height");
        Size2D display = new(Dimension(displayWidth, "display_width"), Dimension(displayHeight, "display_height"));
        if (display.Width < QualityModes.MinimumDisplayDimension || display.Height < QualityModes.MinimumDisplayDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(displayWidth), $"The display size must be at least {QualityModes.MinimumDisplayDimension} pixels per axis (got {display}).");
        }

        Size2D render = QualityModes.GetRenderResolution(Mode(mode), display);
        *renderWidth = (uint)render.Width;
        *renderHeight = (uint)render.Height;
        return GuResult.Success;
    });

    [UnmanagedCallersOnly(EntryPoint = "guGetJitterPhaseCount")]
    public static GuResult GetJitterPhaseCount(uint renderWidth, uint displayWidth, uint* phaseCount) => Guard(() =>
    {
        Require(phaseCount, "phase_count");
        int render = Dimension(renderWidth, "render_width");
        int display = Dimension(displayWidth, "display_width");
        *phaseCount = (uint)TemporalJitter.GetPhaseCount(new Size2D(render, 1), new Size2D(display, 1));
        return GuResult.Success;
    });

    [UnmanagedCallersOnly(EntryPoint = "guGetJitterOffset")]
    public static GuResult GetJitterOffset(ulong frameIndex, uint phaseCount, float* jitterX, float* jitterY) => Guard(() =>
    {
        Require(jitterX, "jitter_x");
        Require(jitterY, "jitter_y");
        if (phaseCount is 0 or > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(phaseCount), phaseCount, "The phase count must be at least 1 (guGetJitterPhaseCount).");
        }

        // Only the phase matters, so any 64-bit frame counter works, also one that has wrapped past long's range.
        (float x, float y) = TemporalJitter.GetOffset((long)(frameIndex % phaseCount), (int)phaseCount);
        *jitterX = x;
        *jitterY = y;
        return GuResult.Success;
    });

    [UnmanagedCallersOnly(EntryPoint = "guGetMipBias")]
    public static GuResult GetMipBias(uint renderWidth, uint renderHeight, uint displayWidth, uint displayHeight, float* mipBias) => Guard(() =>
    {
        Require(mipBias, "mip_bias");
        Size2D render = new(Dimension(renderWidth, "render_width"), Dimension(renderHeight, "render_height"));
        Size2D display = new(Dimension(displayWidth, "display_width"), Dimension(displayHeight, "display_height"));
        *mipBias = (float)TemporalJitter.GetMipBias(render, display);
        return GuResult.Success;
    });

    [UnmanagedCallersOnly(EntryPoint = "guCreateContext")]
    public static GuResult CreateContext(GuContextCreateInfo* info, nint* context) => Guard(() =>
    {
        Require(info, "info");
        Require(context, "context");
        *context = 0;
        CheckVersion(info->ApiVersion, "GuContextCreateInfo");
        var flags = (UpscalerContextFlags)info->Flags;
        if ((flags & ~KnownFlags) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(info), $"flags 0x{info->Flags:x} has bits the header does not define (0x{(uint)(flags & ~KnownFlags):x}).");
        }

        if (info->Precision is < 0 or > (int)UpscalerPrecision.Float16)
        {
            throw new ArgumentOutOfRangeException(nameof(info), $"precision {info->Precision} is not a GuPrecision.");
        }

        KnownModels.NativeLibraryDirectory ??= NativeLibraryLocation.Directory;
        Action<UpscalerMessage>? messages = info->MessageCallback == 0 ? null : new MessageForwarder(info->MessageCallback, info->MessageUserData).Forward;
        var description = new UpscalerContextDescription(
            new Size2D(Dimension(info->MaxRenderWidth, "max_render_width"), Dimension(info->MaxRenderHeight, "max_render_height")),
            new Size2D(Dimension(info->DisplayWidth, "display_width"), Dimension(info->DisplayHeight, "display_height")))
        {
            Flags = flags,
            Precision = (UpscalerPrecision)info->Precision,
            FramesInFlight = info->FramesInFlight > int.MaxValue ? -1 : (int)info->FramesInFlight,
            Model = Utf8.Read(info->Model),
            MessageCallback = messages,
        };
        description.Validate();
        var layouts = new VulkanImageLayouts(
            info->InputLayout == 0 ? VulkanImageLayouts.Default.Input : (uint)info->InputLayout,
            info->OutputFinalLayout == 0 ? VulkanImageLayouts.Default.OutputFinal : (uint)info->OutputFinalLayout);
        uint features = info->EnabledFeatures;
        VulkanDevice device = VulkanDevice.FromHost(
            info->Instance, info->PhysicalDevice, info->Device, info->Queue, info->QueueFamilyIndex,
            float16StorageEnabled: (features & 1) != 0, float16ArithmeticEnabled: (features & 2) != 0,
            pipelineCacheDirectory: Utf8.Read(info->PipelineCacheDirectory));
        try
        {
            VulkanUpscalerContext created = VulkanUpscalerContext.Create(device, description, layouts: layouts);
            *context = NativeContext.Register(device, created);
        }
        catch
        {
            device.Dispose();
            throw;
        }

        return GuResult.Success;
    });

    [UnmanagedCallersOnly(EntryPoint = "guGetRenderResolution")]
    public static GuResult GetRenderResolution(nint context, int mode, uint* renderWidth, uint* renderHeight) => Guard(() =>
    {
        Require(renderWidth, "render_width");
        Require(renderHeight, "render_height");
        NativeContext state = NativeContext.Get(context);
        lock (state.Gate)
        {
            Size2D render = state.Context.GetRenderResolution(Mode(mode));
            *renderWidth = (uint)render.Width;
            *renderHeight = (uint)render.Height;
        }

        return GuResult.Success;
    });

    [UnmanagedCallersOnly(EntryPoint = "guDispatch")]
    public static GuResult Dispatch(nint context, GuDispatchInfo* info) => Guard(() =>
    {
        NativeContext state = NativeContext.Get(context);
        Require(info, "info");
        CheckVersion(info->ApiVersion, "GuDispatchInfo");
        var dispatch = new UpscalerDispatchDescription(
            info->CommandBuffer, Resource(info->Color, "color"), Resource(info->Output, "output"),
            new Size2D(Dimension(info->RenderWidth, "render_width"), Dimension(info->RenderHeight, "render_height")))
        {
            Hud = Resource(info->Hud, "hud"),
            Sharpness = info->Sharpness,
            Reset = info->Reset != 0,
            FrameTimeDelta = float.IsFinite(info->FrameTimeDeltaMs) && info->FrameTimeDeltaMs >= 0
                ? TimeSpan.FromMilliseconds(info->FrameTimeDeltaMs)
                : throw new ArgumentOutOfRangeException(nameof(info), info->FrameTimeDeltaMs, "frame_time_delta_ms must be finite and not negative."),
            JitterOffset = new Vector2(info->JitterX, info->JitterY),
            MotionVectors = Resource(info->MotionVectors, "motion_vectors"),
            MotionVectorScale = new Vector2(info->MotionVectorScaleX, info->MotionVectorScaleY),
            Depth = Resource(info->Depth, "depth"),
            Exposure = info->Exposure == 0 ? null : info->Exposure,
        };
        lock (state.Gate)
        {
            state.Context.Dispatch(dispatch);
        }

        return GuResult.Success;
    });

    [UnmanagedCallersOnly(EntryPoint = "guGetPassTimings")]
    public static GuResult GetPassTimings(nint context, GuPassTiming* timings, uint* count) => Guard(() =>
    {
        Require(count, "count");
        NativeContext state = NativeContext.Get(context);
        IReadOnlyList<UpscalerPassTiming> passes;
        lock (state.Gate)
        {
            try
            {
                passes = state.Context.ReadTimings();
            }
            catch (InvalidOperationException e)
            {
                throw new UpscalerException(UpscalerErrorCode.FeatureNotSupported, e.Message + " (GU_CONTEXT_ENABLE_TIMESTAMPS, then guDispatch and submit a frame)", e);
            }
        }

        if (timings is null)
        {
            *count = (uint)passes.Count;
            return GuResult.Success;
        }

        int written = (int)Math.Min(*count, (uint)passes.Count);
        for (int i = 0; i < written; i++)
        {
            Utf8.WriteTruncated(passes[i].Label, timings[i].Label, GuPassTiming.LabelBytes);
            timings[i].Milliseconds = passes[i].Milliseconds;
        }

        *count = (uint)written;
        return written < passes.Count ? GuResult.Incomplete : GuResult.Success;
    });

    [UnmanagedCallersOnly(EntryPoint = "guGetMethodName")]
    public static byte* GetMethodName(nint context)
    {
        try
        {
            return NativeContext.Get(context).MethodName;
        }
        catch (Exception e)
        {
            LastError.Set(e.Message);
            return null;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "guDestroyContext")]
    public static void DestroyContext(nint context)
    {
        try
        {
            if (context != 0 && NativeContext.TryRemove(context, out NativeContext? state))
            {
                state!.Dispose();
            }
        }
        catch (Exception e)
        {
            // Nothing to return: the message is kept for guGetLastError, and the handle is gone either way.
            LastError.Set($"guDestroyContext: {e.Message}");
        }
    }

    /// <summary>Runs an export's body and turns any exception into its result code and message.</summary>
    private static GuResult Guard(Func<GuResult> body, [CallerMemberName] string function = "")
    {
        try
        {
            return body();
        }
        catch (Exception e)
        {
            (GuResult result, string message) = Translate(e);
            LastError.Set($"gu{function}: {message}");
            return result;
        }
    }

    /// <summary>The C result of a managed exception: the backend's error codes map one to one (1..10 → −1..−10).</summary>
    internal static (GuResult Result, string Message) Translate(Exception e) => e switch
    {
        UpscalerException { ErrorCode: UpscalerErrorCode.Unknown } u => (GuResult.Internal, u.Message),
        UpscalerException u => ((GuResult)(-(int)u.ErrorCode), u.Message),
        ArgumentException a => (GuResult.InvalidArgument, a.Message),
        VersionException v => (GuResult.IncompatibleVersion, v.Message),
        OutOfMemoryException => (GuResult.OutOfMemory, "Out of host memory."),
        _ => (GuResult.Internal, $"{e.GetType().Name}: {e.Message}"),
    };

    private static void Require(void* pointer, string name)
    {
        if (pointer is null)
        {
            throw new ArgumentNullException(name, $"{name} must not be NULL.");
        }
    }

    private static void CheckVersion(uint version, string structName)
    {
        if (version >> 16 != ApiVersion >> 16 || (version & 0xFFFF) > (ApiVersion & 0xFFFF))
        {
            throw new VersionException(
                $"{structName}.api_version is {version >> 16}.{version & 0xFFFF}; this library implements {ApiVersion >> 16}.{ApiVersion & 0xFFFF} " +
                "(set api_version with guInit*, and build against the header shipped with this library).");
        }
    }

    private static int Dimension(uint value, string name) =>
        value is 0 or > 65536 ? throw new ArgumentOutOfRangeException(name, value, $"{name} must be 1 to 65536.") : (int)value;

    private static QualityMode Mode(int mode) =>
        mode is >= (int)QualityMode.NativeAA and <= (int)QualityMode.UltraPerformance
            ? (QualityMode)mode
            : throw new ArgumentOutOfRangeException(nameof(mode), mode, "mode must be a GuQualityMode (0 native AA to 4 ultra performance).");

    private static UpscalerResource Resource(in GuImage image, string role)
    {
        if (image.Image == 0)
        {
            return UpscalerResource.None;
        }

        UpscalerFormat format = VulkanInterop.FromVkFormat(image.Format);
        if (format == UpscalerFormat.Undefined)
        {
            throw new UpscalerException(UpscalerErrorCode.UnsupportedFormat, $"The {role} image's VkFormat {image.Format} is not one the upscaler reads or writes (R8G8B8A8/B8G8R8A8 UNORM or SRGB, R16G16B16A16_SFLOAT, R32G32B32A32_SFLOAT; RG/R float for motion and depth).");
        }

        UpscalerResourceUsage usage = UpscalerResourceUsage.Unknown;
        usage |= (image.Usage & UsageSampled) != 0 ? UpscalerResourceUsage.Sampled : 0;
        usage |= (image.Usage & UsageStorage) != 0 ? UpscalerResourceUsage.Storage : 0;
        usage |= (image.Usage & UsageTransferSource) != 0 ? UpscalerResourceUsage.CopySource : 0;
        usage |= (image.Usage & UsageTransferDestination) != 0 ? UpscalerResourceUsage.CopyDestination : 0;
        return new UpscalerResource(image.Image, image.View, format, new Size2D(Dimension(image.Width, role + ".width"), Dimension(image.Height, role + ".height")))
        {
            Usage = usage,
        };
    }

    /// <summary>A struct from a header of another major version, or a newer minor one.</summary>
    private sealed class VersionException(string message) : Exception(message);
}
