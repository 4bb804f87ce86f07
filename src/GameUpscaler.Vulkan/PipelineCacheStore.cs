using System.Security.Cryptography;
using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>
/// The device's VkPipelineCache, persisted on disk. One file per (cache version, device, driver): the name is a
/// SHA-256 digest of <see cref="CacheVersion"/>, the pipeline-cache UUID, vendor, device and driver version, so a
/// driver update or a new build of the backend with a new version starts a new file instead of feeding the driver
/// stale data. Inside it the driver keys pipelines by SPIR-V and specialization constants itself.
/// </summary>
internal sealed unsafe class PipelineCacheStore : IDisposable
{
    /// <summary>Bumped whenever the backend changes how it builds pipelines.</summary>
    public const int CacheVersion = 1;

    private readonly VulkanDevice _device;
    private readonly string? _path;

    public PipelineCacheStore(VulkanDevice device, in PhysicalDeviceProperties properties, string? directory)
    {
        _device = device;
        directory ??= DefaultDirectory();
        if (!string.IsNullOrEmpty(directory))
        {
            byte[] key = new byte[16 + 16];
            fixed (byte* uuid = properties.PipelineCacheUuid)
            {
                new ReadOnlySpan<byte>(uuid, 16).CopyTo(key);
            }

            BitConverter.TryWriteBytes(key.AsSpan(16), CacheVersion);
            BitConverter.TryWriteBytes(key.AsSpan(20), properties.VendorID);
            BitConverter.TryWriteBytes(key.AsSpan(24), properties.DeviceID);
            BitConverter.TryWriteBytes(key.AsSpan(28), properties.DriverVersion);
            _path = Path.Combine(directory, $"pipelines-v{CacheVersion}-{Convert.ToHexStringLower(SHA256.HashData(key))[..32]}.bin");
        }

        byte[] initial = ReadFile();
        fixed (byte* data = initial)
        {
            var info = new PipelineCacheCreateInfo
            {
                SType = StructureType.PipelineCacheCreateInfo,
                InitialDataSize = (nuint)initial.Length,
                PInitialData = initial.Length > 0 ? data : null,
            };
            ulong cache;
            device.Api.CreatePipelineCache(&info, &cache);
            Handle = cache;
        }

        device.SetName(ObjectType.PipelineCache, Handle, "GameUpscaler pipeline cache");
        LoadedBytes = initial.Length;
    }

    /// <summary>The VkPipelineCache.</summary>
    public ulong Handle { get; }

    /// <summary>The file the cache is kept in; null when the disk cache is off.</summary>
    public string? FilePath => _path;

    /// <summary>Bytes read from disk at creation (0 for a cold cache).</summary>
    public int LoadedBytes { get; }

    /// <summary>Writes the cache to disk now (also done on dispose).</summary>
    public void Save()
    {
        if (_path is null)
        {
            return;
        }

        nuint size = 0;
        _device.Api.GetPipelineCacheData(Handle, &size, null);
        byte[] data = new byte[(int)size];
        fixed (byte* p = data)
        {
            _device.Api.GetPipelineCacheData(Handle, &size, p);
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            string temp = _path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temp, data.AsSpan(0, (int)size).ToArray());
            File.Move(temp, _path, overwrite: true);
        }
        catch (IOException)
        {
            // A cache that cannot be written costs compile time on the next start, nothing else.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public void Dispose()
    {
        try
        {
            Save();
        }
        catch (UpscalerException)
        {
        }

        _device.Api.DestroyPipelineCache(Handle);
    }

    private static string? DefaultDirectory()
    {
        string? root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(root))
        {
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            root = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache");
        }

        return root is null ? null : Path.Combine(root, "gameupscaler");
    }

    private byte[] ReadFile()
    {
        try
        {
            return _path is not null && File.Exists(_path) ? File.ReadAllBytes(_path) : [];
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
