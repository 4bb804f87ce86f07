using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>
/// The always-on check every Vulkan call goes through: a failing <see cref="Result"/> (Silk.NET's VkResult) becomes an
/// <see cref="UpscalerException"/> whose code a host can act on (re-create the context on device loss, lower the
/// resolution on out-of-memory) and whose <see cref="UpscalerException.NativeResult"/> is the raw Result.
/// </summary>
internal static class VkResultCheck
{
    /// <summary>
    /// Test seam: when set on a thread, consulted before every checked call on that thread with the function name;
    /// a non-null result replaces the driver's. Thread-static so parallel tests cannot see each other's faults.
    /// </summary>
    [ThreadStatic]
    private static Func<string, Result?>? t_faultInjector;

    /// <summary>Installs (or with null removes) the fault injector for the calling thread.</summary>
    internal static void SetFaultInjector(Func<string, Result?>? injector) => t_faultInjector = injector;

    /// <summary>Throws unless <paramref name="result"/> is a success code.</summary>
    public static void Check(this Result result, string function)
    {
        if (t_faultInjector?.Invoke(function) is Result injected)
        {
            result = injected;
        }

        if (result >= Result.Success)
        {
            return;
        }

        throw ToException(result, function);
    }

    /// <summary>The exception for a failed call (used by the checks and by callers that handle some codes).</summary>
    public static UpscalerException ToException(Result result, string function)
    {
        (UpscalerErrorCode code, string advice) = result switch
        {
            Result.ErrorDeviceLost => (UpscalerErrorCode.DeviceLost, "the GPU device was lost; re-create the upscaler context"),
            Result.ErrorOutOfDeviceMemory => (UpscalerErrorCode.OutOfMemory, "the device ran out of memory; use a smaller render size or model"),
            Result.ErrorOutOfHostMemory => (UpscalerErrorCode.OutOfMemory, "the driver ran out of host memory"),
            Result.ErrorOutOfPoolMemory or Result.ErrorFragmentedPool => (UpscalerErrorCode.OutOfMemory, "a descriptor pool is exhausted"),
            Result.ErrorIncompatibleDriver or Result.ErrorInitializationFailed => (
                UpscalerErrorCode.BackendUnavailable,
                "no usable Vulkan driver; install one (Debian/Ubuntu: apt-get install libvulkan1 mesa-vulkan-drivers)"),
            Result.ErrorLayerNotPresent or Result.ErrorExtensionNotPresent => (
                UpscalerErrorCode.BackendUnavailable,
                "a requested layer or extension is missing (validation: apt-get install vulkan-validationlayers)"),
            Result.ErrorFeatureNotPresent => (UpscalerErrorCode.FeatureNotSupported, "the device lacks a feature the configuration needs"),
            Result.ErrorFormatNotSupported => (UpscalerErrorCode.UnsupportedFormat, "the device does not support the format"),
            _ => (UpscalerErrorCode.NativeCallFailed, "the call failed"),
        };
        return new UpscalerException(code, $"{function} returned {result} ({(int)result}): {advice}.") { NativeResult = (int)result };
    }
}
