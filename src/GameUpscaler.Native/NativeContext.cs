using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using GameUpscaler.Vulkan;

namespace GameUpscaler.Native;

/// <summary>
/// What a <c>GuContext</c> handle stands for: the host's device wrapped (the host keeps ownership), the context on
/// it, and the method's name as the C string <c>guGetMethodName</c> returns. Handles are numbers looked up in a
/// registry, not pointers to managed objects, so a destroyed or made-up handle is an error code, never a crash.
/// </summary>
internal sealed unsafe class NativeContext : IDisposable
{
    private static readonly ConcurrentDictionary<nint, NativeContext> Registry = new();
    private static long s_lastHandle;

    private byte* _methodName;

    private NativeContext(VulkanDevice device, VulkanUpscalerContext context)
    {
        Device = device;
        Context = context;
        _methodName = Utf8.Allocate(DescribeMethod(context));
    }

    public VulkanDevice Device { get; }

    public VulkanUpscalerContext Context { get; }

    /// <summary>Held while a call uses the context: the API allows any thread, one at a time.</summary>
    public Lock Gate { get; } = new();

    public byte* MethodName => _methodName;

    /// <summary>Registers a new context and returns its handle.</summary>
    public static nint Register(VulkanDevice device, VulkanUpscalerContext context)
    {
        var state = new NativeContext(device, context);
        nint handle = (nint)Interlocked.Increment(ref s_lastHandle);
        Registry[handle] = state;
        return handle;
    }

    /// <summary>The context behind a handle.</summary>
    /// <exception cref="UpscalerException"><see cref="UpscalerErrorCode.Disposed"/>: null, destroyed or never created.</exception>
    public static NativeContext Get(nint handle) =>
        Registry.TryGetValue(handle, out NativeContext? state)
            ? state
            : throw new UpscalerException(UpscalerErrorCode.Disposed, handle == 0
                ? "The context handle is null."
                : $"The context handle 0x{handle:x} is not a live context (destroyed, or never returned by guCreateContext).");

    /// <summary>Takes a handle out of the registry; false when it was not live.</summary>
    public static bool TryRemove(nint handle, out NativeContext? state) => Registry.TryRemove(handle, out state);

    public void Dispose()
    {
        lock (Gate)
        {
            // The context waits for the device to be idle before it releases anything; the device wrapper then
            // releases only what the backend created (the host owns the VkDevice).
            Context.Dispose();
            Device.Dispose();
            NativeMemory.Free(_methodName);
            _methodName = null;
        }
    }

    private static string DescribeMethod(VulkanUpscalerContext context) => context.Architecture switch
    {
        null when context.IsTemporal => "taau",
        null => "spatial",
        { Temporal: true } architecture => $"temporal generator {architecture}",
        var architecture => $"generator {architecture}",
    };
}

/// <summary>Forwards the backend's messages to the host's <c>GuMessageCallback</c> as UTF-8.</summary>
internal sealed unsafe class MessageForwarder(nint callback, nint userData)
{
    public void Forward(UpscalerMessage message)
    {
        byte* text = Utf8.Allocate(message.Text);
        try
        {
            ((delegate* unmanaged<int, byte*, nint, void>)callback)((int)message.Severity, text, userData);
        }
        finally
        {
            NativeMemory.Free(text);
        }
    }
}
