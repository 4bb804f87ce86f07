using Silk.NET.Vulkan;

namespace GameUpscaler.Scene.Host;

/// <summary>A small timestamp query pool, so a host can time its own passes next to the upscaler's.</summary>
public sealed unsafe class HostTimestamps : IDisposable
{
    private readonly HostGpu _gpu;
    private readonly QueryPool _pool;
    private readonly double _periodNanoseconds;

    public HostTimestamps(HostGpu gpu, int count)
    {
        _gpu = gpu;
        Count = count;
        var info = new QueryPoolCreateInfo { SType = StructureType.QueryPoolCreateInfo, QueryType = QueryType.Timestamp, QueryCount = (uint)count };
        QueryPool pool;
        HostGpu.Check(gpu.Vk.CreateQueryPool(gpu.Device, &info, null, &pool), "vkCreateQueryPool");
        _pool = pool;
        PhysicalDeviceProperties properties;
        gpu.Vk.GetPhysicalDeviceProperties(gpu.PhysicalDevice, &properties);
        _periodNanoseconds = properties.Limits.TimestampPeriod;
    }

    public int Count { get; }

    /// <summary>Records a reset of every query (before the first write of a frame).</summary>
    public void RecordReset(CommandBuffer cb) => _gpu.Vk.CmdResetQueryPool(cb, _pool, 0, (uint)Count);

    /// <summary>Records a timestamp after all previously recorded work.</summary>
    public void RecordWrite(CommandBuffer cb, int index) => _gpu.Vk.CmdWriteTimestamp(cb, PipelineStageFlags.BottomOfPipeBit, _pool, (uint)index);

    /// <summary>Milliseconds between timestamps <paramref name="from"/> and <paramref name="to"/> of the last completed frame (waits for them).</summary>
    public double ReadMilliseconds(int from, int to)
    {
        var ticks = new ulong[Count];
        fixed (ulong* p = ticks)
        {
            HostGpu.Check(
                _gpu.Vk.GetQueryPoolResults(_gpu.Device, _pool, 0, (uint)Count, (nuint)(Count * 8), p, 8, QueryResultFlags.Result64Bit | QueryResultFlags.ResultWaitBit),
                "vkGetQueryPoolResults");
        }

        return (ticks[to] - ticks[from]) * _periodNanoseconds / 1e6;
    }

    public void Dispose() => _gpu.Vk.DestroyQueryPool(_gpu.Device, _pool, null);
}
