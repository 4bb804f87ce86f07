namespace GameUpscaler.Vulkan.Interop;

/// <summary>The VkResult values the backend distinguishes (vulkan_core.h).</summary>
internal enum VkResult
{
    Success = 0,
    NotReady = 1,
    Timeout = 2,
    Incomplete = 5,
    ErrorOutOfHostMemory = -1,
    ErrorOutOfDeviceMemory = -2,
    ErrorInitializationFailed = -3,
    ErrorDeviceLost = -4,
    ErrorMemoryMapFailed = -5,
    ErrorLayerNotPresent = -6,
    ErrorExtensionNotPresent = -7,
    ErrorFeatureNotPresent = -8,
    ErrorIncompatibleDriver = -9,
    ErrorTooManyObjects = -10,
    ErrorFormatNotSupported = -11,
    ErrorFragmentedPool = -12,
    ErrorOutOfPoolMemory = -1000069000,
    ErrorSurfaceLostKhr = -1000000000,
    SuboptimalKhr = 1000001003,
    ErrorOutOfDateKhr = -1000001004,
}

/// <summary>VkStructureType values of the structures declared here.</summary>
internal enum VkStructureType : uint
{
    ApplicationInfo = 0,
    InstanceCreateInfo = 1,
    DeviceQueueCreateInfo = 2,
    DeviceCreateInfo = 3,
    SubmitInfo = 4,
    MemoryAllocateInfo = 5,
    FenceCreateInfo = 8,
    SemaphoreCreateInfo = 9,
    QueryPoolCreateInfo = 11,
    BufferCreateInfo = 12,
    ImageCreateInfo = 14,
    ShaderModuleCreateInfo = 16,
    PipelineCacheCreateInfo = 17,
    PipelineShaderStageCreateInfo = 18,
    ComputePipelineCreateInfo = 29,
    PipelineLayoutCreateInfo = 30,
    DescriptorSetLayoutCreateInfo = 32,
    DescriptorPoolCreateInfo = 33,
    DescriptorSetAllocateInfo = 34,
    WriteDescriptorSet = 35,
    CommandPoolCreateInfo = 39,
    CommandBufferAllocateInfo = 40,
    CommandBufferBeginInfo = 42,
    ImageMemoryBarrier = 45,
    MemoryBarrier = 46,
    PhysicalDeviceVulkan11Features = 49,
    PhysicalDeviceVulkan12Features = 51,
    SwapchainCreateInfoKhr = 1000001000,
    PresentInfoKhr = 1000001001,
    PhysicalDeviceFeatures2 = 1000059000,
    DebugUtilsObjectNameInfoExt = 1000128000,
    DebugUtilsMessengerCreateInfoExt = 1000128004,
}

/// <summary>VkObjectType values used for debug names.</summary>
internal enum VkObjectType : uint
{
    Queue = 4,
    Semaphore = 5,
    CommandBuffer = 6,
    Fence = 7,
    DeviceMemory = 8,
    Buffer = 9,
    Image = 10,
    QueryPool = 12,
    ShaderModule = 15,
    PipelineCache = 16,
    PipelineLayout = 17,
    Pipeline = 19,
    DescriptorSetLayout = 20,
    DescriptorPool = 22,
    DescriptorSet = 23,
    CommandPool = 25,
    SwapchainKhr = 1000001000,
}

/// <summary>VkPhysicalDeviceType.</summary>
internal enum VkPhysicalDeviceType : uint
{
    Other = 0,
    IntegratedGpu = 1,
    DiscreteGpu = 2,
    VirtualGpu = 3,
    Cpu = 4,
}

/// <summary>VkFormat values of the images the backend reads and writes.</summary>
internal enum VkFormat : uint
{
    Undefined = 0,
    R8G8B8A8Unorm = 37,
    R8G8B8A8Srgb = 43,
    B8G8R8A8Unorm = 44,
    B8G8R8A8Srgb = 50,
    R16G16B16A16Sfloat = 97,
    R32G32B32A32Sfloat = 109,
}

/// <summary>Bit values of the flag types the backend sets (each VkXxxFlags is a 32-bit mask).</summary>
internal static class VkFlags
{
    public const uint QueueCompute = 0x2;
    public const uint MemoryDeviceLocal = 0x1;
    public const uint MemoryHostVisible = 0x2;
    public const uint MemoryHostCoherent = 0x4;
    public const uint BufferUsageTransferSrc = 0x1;
    public const uint BufferUsageTransferDst = 0x2;
    public const uint BufferUsageStorage = 0x20;
    public const uint ImageUsageTransferSrc = 0x1;
    public const uint ImageUsageTransferDst = 0x2;
    public const uint ImageAspectColor = 0x1;
    public const uint ShaderStageCompute = 0x20;
    public const uint DescriptorTypeUniformBuffer = 6;
    public const uint DescriptorTypeStorageBuffer = 7;
    public const uint BufferUsageUniform = 0x10;
    public const uint CommandPoolResetCommandBuffer = 0x2;
    public const uint CommandBufferUsageOneTimeSubmit = 0x1;
    public const uint PipelineStageTopOfPipe = 0x1;
    public const uint PipelineStageComputeShader = 0x800;
    public const uint PipelineStageTransfer = 0x1000;
    public const uint PipelineStageBottomOfPipe = 0x2000;
    public const uint PipelineStageHost = 0x4000;
    public const uint PipelineStageAllCommands = 0x10000;
    public const uint AccessShaderRead = 0x20;
    public const uint AccessShaderWrite = 0x40;
    public const uint AccessTransferRead = 0x800;
    public const uint AccessTransferWrite = 0x1000;
    public const uint AccessHostRead = 0x2000;
    public const uint AccessHostWrite = 0x4000;
    public const uint AccessMemoryRead = 0x8000;
    public const uint AccessMemoryWrite = 0x10000;
    public const uint ImageLayoutUndefined = 0;
    public const uint ImageLayoutGeneral = 1;
    public const uint ImageLayoutTransferSrcOptimal = 6;
    public const uint ImageLayoutTransferDstOptimal = 7;
    public const uint QueryTypeTimestamp = 2;
    public const uint QueryResult64 = 0x1;
    public const uint QueryResultWait = 0x2;
    public const uint DebugSeverityVerbose = 0x1;
    public const uint DebugSeverityInfo = 0x10;
    public const uint DebugSeverityWarning = 0x100;
    public const uint DebugSeverityError = 0x1000;
    public const uint DebugTypeGeneral = 0x1;
    public const uint DebugTypeValidation = 0x2;
    public const uint DebugTypePerformance = 0x4;
    public const uint QueueFamilyIgnored = 0xFFFFFFFF;
    public const uint ImageType2D = 1;
    public const uint ImageTilingOptimal = 0;
    public const uint SampleCount1 = 1;
}
