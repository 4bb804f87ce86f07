namespace GameUpscaler.Vulkan.Interop;

/// <summary>
/// The always-on check every Vulkan call goes through: a failing <see cref="VkResult"/> becomes an
/// <see cref="UpscalerException"/> whose code a host can act on (re-create the context on device loss, lower the
/// resolution on out-of-memory) and whose <see cref="UpscalerException.NativeResult"/> is the raw VkResult.
/// </summary>
internal static class VkResultCheck
{
    /// <summary>
    /// Test seam: when set on a thread, consulted before every checked call on that thread with the function name;
    /// a non-null result replaces the driver's. Thread-static so parallel tests cannot see each other's faults.
    /// </summary>
    [ThreadStatic]
    private static Func<string, VkResult?>? t_faultInjector;

    /// <summary>Installs (or with null removes) the fault injector for the calling thread.</summary>
    internal static void SetFaultInjector(Func<string, VkResult?>? injector) => t_faultInjector = injector;

    /// <summary>Throws unless <paramref name="result"/> is a success code.</summary>
    public static void Check(this VkResult result, string function)
    {
        if (t_faultInjector?.Invoke(function) is VkResult injected)
        {
            result = injected;
        }

        if (result >= VkResult.Success)
        {
            return;
        }

        throw ToException(result, function);
    }

    /// <summary>The exception for a failed call (used by the checks and by callers that handle some codes).</summary>
    public static UpscalerException ToException(VkResult result, string function)
    {
        (UpscalerErrorCode code, string advice) = result switch
        {
            VkResult.ErrorDeviceLost => (UpscalerErrorCode.DeviceLost, "the GPU device was lost; re-create the upscaler context"),
            VkResult.ErrorOutOfDeviceMemory => (UpscalerErrorCode.OutOfMemory, "the device ran out of memory; use a smaller render size or model"),
            VkResult.ErrorOutOfHostMemory => (UpscalerErrorCode.OutOfMemory, "the driver ran out of host memory"),
            VkResult.ErrorOutOfPoolMemory or VkResult.ErrorFragmentedPool => (UpscalerErrorCode.OutOfMemory, "a descriptor pool is exhausted"),
            VkResult.ErrorIncompatibleDriver or VkResult.ErrorInitializationFailed => (
                UpscalerErrorCode.BackendUnavailable,
                "no usable Vulkan driver; install one (Debian/Ubuntu: apt-get install libvulkan1 mesa-vulkan-drivers)"),
            VkResult.ErrorLayerNotPresent or VkResult.ErrorExtensionNotPresent => (
                UpscalerErrorCode.BackendUnavailable,
                "a requested layer or extension is missing (validation: apt-get install vulkan-validationlayers)"),
            VkResult.ErrorFeatureNotPresent => (UpscalerErrorCode.FeatureNotSupported, "the device lacks a feature the configuration needs"),
            VkResult.ErrorFormatNotSupported => (UpscalerErrorCode.UnsupportedFormat, "the device does not support the format"),
            _ => (UpscalerErrorCode.NativeCallFailed, "the call failed"),
        };
        return new UpscalerException(code, $"{function} returned {result} ({(int)result}): {advice}.") { NativeResult = (int)result };
    }
}
