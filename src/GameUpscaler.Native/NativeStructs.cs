using System.Runtime.InteropServices;

namespace GameUpscaler.Native;

// The structs of include/gameupscaler.h, field for field in the same order (natural alignment on 64-bit; the
// layout test compiles the header with gcc and compares every offset). Dispatchable Vulkan handles are pointers,
// non-dispatchable ones 64-bit values on every platform.

/// <summary><c>GuResult</c>.</summary>
internal enum GuResult
{
    Success = 0,
    Incomplete = 1,
    InvalidArgument = -1,
    RenderSizeTooLarge = -2,
    UnsupportedFormat = -3,
    BackendUnavailable = -4,
    OutOfMemory = -5,
    DeviceLost = -6,
    InvalidModel = -7,
    NativeCallFailed = -8,
    InvalidContext = -9,
    FeatureNotSupported = -10,
    IncompatibleVersion = -11,
    Internal = -12,
}

/// <summary><c>GuContextCreateInfo</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GuContextCreateInfo
{
    public uint ApiVersion;
    public nint Instance;
    public nint PhysicalDevice;
    public nint Device;
    public nint Queue;
    public uint QueueFamilyIndex;
    public uint EnabledFeatures;
    public uint MaxRenderWidth;
    public uint MaxRenderHeight;
    public uint DisplayWidth;
    public uint DisplayHeight;
    public uint Flags;
    public int Precision;
    public uint FramesInFlight;
    public nint Model;
    public int InputLayout;
    public int OutputFinalLayout;
    public nint PipelineCacheDirectory;
    public nint MessageCallback;
    public nint MessageUserData;
}

/// <summary><c>GuImage</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GuImage
{
    public ulong Image;
    public ulong View;
    public int Format;
    public uint Width;
    public uint Height;
    public uint Usage;
}

/// <summary><c>GuDispatchInfo</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GuDispatchInfo
{
    public uint ApiVersion;
    public nint CommandBuffer;
    public GuImage Color;
    public GuImage Output;
    public GuImage Hud;
    public GuImage MotionVectors;
    public GuImage Depth;
    public uint RenderWidth;
    public uint RenderHeight;
    public float Sharpness;
    public float JitterX;
    public float JitterY;
    public float MotionVectorScaleX;
    public float MotionVectorScaleY;
    public float FrameTimeDeltaMs;
    public float Exposure;
    public uint Reset;
}

/// <summary><c>GuPassTiming</c>: a NUL-terminated UTF-8 label in 64 bytes, then the milliseconds.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GuPassTiming
{
    public const int LabelBytes = 64;

    public fixed byte Label[LabelBytes];
    public double Milliseconds;
}
