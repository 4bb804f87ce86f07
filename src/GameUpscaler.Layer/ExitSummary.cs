using System.Runtime.InteropServices;

namespace GameUpscaler.Layer;

/// <summary>
/// The log's summary at process exit. Many games quit with their swapchains and device still alive, so the summaries
/// written at vkDestroySwapchainKHR and vkDestroyDevice never come; an exit handler (glibc's <c>__cxa_atexit</c>, run
/// by <c>exit()</c> and by a return from main, before any library's destructors) writes them for whatever is still
/// alive, then one line for the whole process. The library is linked <c>-z nodelete</c> (see the project file), so the
/// handler is still mapped at exit after the loader has unloaded the layer. A process killed by a signal runs no exit
/// handler; its per-event lines are in the log already.
/// </summary>
internal static unsafe partial class ExitSummary
{
    private static readonly Lock Gate = new();
    private static int s_registered;
    private static long s_swapchains;
    private static long s_framesUpscaled;
    private static long s_framesBlitted;

    /// <summary>Registers the exit handler once per process, when there is a log to write it to.</summary>
    public static void Register()
    {
        if (!LayerLog.Enabled || Interlocked.Exchange(ref s_registered, 1) != 0)
        {
            return;
        }

        int result = CxaAtExit((nint)(delegate* unmanaged<nint, void>)&OnExit, 0, 0);
        if (result != 0)
        {
            LayerLog.Error($"the exit summary cannot be registered (__cxa_atexit returned {result}); summaries come only when the game destroys its swapchains");
        }
    }

    /// <summary>
    /// Writes a swapchain's summary and counts it into the process's line: at its destruction (after the device is
    /// idle, so the last frames' timings are read first) or at exit (timings as they stand).
    /// </summary>
    public static void Retire(SwapchainUpscaler swapchain, bool deviceIdle)
    {
        if (deviceIdle)
        {
            swapchain.ReadPendingTimings();
        }

        LayerLog.Info(swapchain.Summary());
        lock (Gate)
        {
            s_swapchains++;
            s_framesUpscaled += swapchain.FramesUpscaled;
            s_framesBlitted += swapchain.FramesBlitted;
        }
    }

    [UnmanagedCallersOnly]
    private static void OnExit(nint unused)
    {
        // No Vulkan call and no device lock here: another thread of the game may still be inside a present, and the
        // driver may be half torn down. The counters are read as they stand.
        try
        {
            foreach (DeviceState device in LayerEntry.Devices.Values)
            {
                foreach (SwapchainUpscaler swapchain in device.Swapchains.Values)
                {
                    Retire(swapchain, deviceIdle: false);
                }

                LayerLog.Info($"the game exits with its device alive after {device.Presents} presents");
            }

            LayerLog.Info($"exit: {s_swapchains} swapchain{(s_swapchains == 1 ? string.Empty : "s")} of the layer's, {s_framesUpscaled} frames upscaled, {s_framesBlitted} blitted");
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"gameupscaler: the exit summary failed ({e.Message})");
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "__cxa_atexit")]
    private static partial int CxaAtExit(nint function, nint argument, nint dsoHandle);
}
