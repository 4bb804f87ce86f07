using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>A small timestamp query pool for timing host-side passes (the sample's scene) next to the upscaler's own.</summary>
internal sealed unsafe class TimestampQueries : IDisposable
{
    private readonly VulkanDevice _device;

    public TimestampQueries(VulkanDevice device, int count, string name)
    {
        _device = device;
        Count = count;
        var info = new QueryPoolCreateInfo { SType = StructureType.QueryPoolCreateInfo, QueryType = QueryType.Timestamp, QueryCount = (uint)count };
        ulong pool;
        device.Api.CreateQueryPool(&info, &pool);
        Handle = pool;
        device.SetName(ObjectType.QueryPool, pool, name);
    }

    public ulong Handle { get; private set; }

    public int Count { get; }

    /// <summary>Records a reset of every query (before the first write of a frame).</summary>
    public void RecordReset(nint cb) => _device.Api.CmdResetQueryPool(cb, Handle, 0, (uint)Count);

    /// <summary>Records a timestamp after all previously recorded work.</summary>
    public void RecordWrite(nint cb, int index) => _device.Api.CmdWriteTimestamp(cb, PipelineStageFlags.BottomOfPipeBit, Handle, (uint)index);

    /// <summary>Milliseconds between timestamps <paramref name="from"/> and <paramref name="to"/> of the last completed frame (waits for them).</summary>
    public double ReadMilliseconds(int from, int to)
    {
        var ticks = new ulong[Count];
        fixed (ulong* p = ticks)
        {
            _device.Api.GetQueryPoolResults(Handle, 0, (uint)Count, (nuint)(Count * 8), p, 8, QueryResultFlags.Result64Bit | QueryResultFlags.ResultWaitBit);
        }

        return (ticks[to] - ticks[from]) * _device.Info.TimestampPeriodNanoseconds / 1e6;
    }

    public void Dispose()
    {
        if (Handle != 0)
        {
            _device.Api.DestroyQueryPool(Handle);
            Handle = 0;
        }
    }
}
