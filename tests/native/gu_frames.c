/*
 * gu_frames: the C API exercised the way an engine uses it, on a Vulkan device this program creates itself (lavapipe
 * in CI). It reads a case written by the managed test (tests/GameUpscaler.Native.Tests): sizes, flags, a model and,
 * per frame, the colour, motion vectors, depth, jitter and reset, with the CPU reference's expected output. It
 * uploads each frame into images of its own, records guDispatch into its own command buffer, submits, reads the
 * output back and compares it with the expected pixels (Y-PSNR-free: RGB PSNR over all pixels, at least the case's
 * min_psnr). Then it checks the error paths a host meets: NULL arguments, a wrong output size, a bad model, a newer
 * struct version, a destroyed handle. With the Khronos validation layer installed it runs under it and fails on any
 * message. Exit status 0 when everything held, 1 otherwise; one line per check on stdout.
 *
 * Usage: gu_frames CASE_DIR   (CASE_DIR/case.txt and the frame files, see ReadCase)
 */
#include "gameupscaler.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_VK(call)                                                                   \
    do {                                                                                 \
        VkResult check_vk_result = (call);                                               \
        if (check_vk_result != VK_SUCCESS) {                                             \
            fprintf(stderr, "%s failed: VkResult %d (line %d)\n", #call, (int)check_vk_result, __LINE__); \
            exit(1);                                                                     \
        }                                                                                \
    } while (0)

static int g_failures = 0;
static int g_validation_messages = 0;

static void Expect(int condition, const char* what) {
    printf("%s: %s\n", condition ? "ok" : "FAILED", what);
    if (!condition) {
        g_failures++;
    }
}

/* ---- the case ---------------------------------------------------------------------------------------------------- */

#define MAX_FRAMES 16

typedef struct Frame {
    float jitter_x, jitter_y;
    uint32_t reset;
} Frame;

typedef struct Case {
    uint32_t render_width, render_height, display_width, display_height;
    uint32_t flags;
    char model[1024];
    float sharpness;
    double min_psnr;
    uint32_t frame_count;
    Frame frames[MAX_FRAMES];
} Case;

/* case.txt: "key value..." lines: render W H, display W H, flags N, model PATH|none, sharpness S, min_psnr P, and one
   "frame JX JY RESET" line per frame. Frame i's data: frameI.color (RGBA f32, render size), frameI.motion (RG f32),
   frameI.depth (R f32), frameI.expected (RGBA f32, display size); the output is written to frameI.output. */
static void ReadCase(const char* dir, Case* c) {
    char path[2048];
    char key[64];
    FILE* file;
    memset(c, 0, sizeof(*c));
    snprintf(path, sizeof(path), "%s/case.txt", dir);
    file = fopen(path, "r");
    if (!file) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    while (fscanf(file, "%63s", key) == 1) {
        int ok = 1;
        if (strcmp(key, "render") == 0) ok = fscanf(file, "%u %u", &c->render_width, &c->render_height) == 2;
        else if (strcmp(key, "display") == 0) ok = fscanf(file, "%u %u", &c->display_width, &c->display_height) == 2;
        else if (strcmp(key, "flags") == 0) ok = fscanf(file, "%u", &c->flags) == 1;
        else if (strcmp(key, "model") == 0) ok = fscanf(file, "%1023s", c->model) == 1;
        else if (strcmp(key, "sharpness") == 0) ok = fscanf(file, "%f", &c->sharpness) == 1;
        else if (strcmp(key, "min_psnr") == 0) ok = fscanf(file, "%lf", &c->min_psnr) == 1;
        else if (strcmp(key, "frame") == 0 && c->frame_count < MAX_FRAMES) {
            Frame* f = &c->frames[c->frame_count++];
            ok = fscanf(file, "%f %f %u", &f->jitter_x, &f->jitter_y, &f->reset) == 3;
        } else ok = 0;
        if (!ok) {
            fprintf(stderr, "%s: cannot read '%s'\n", path, key);
            exit(1);
        }
    }
    fclose(file);
}

static void ReadFloats(const char* dir, uint32_t frame, const char* kind, float* data, size_t count) {
    char path[2048];
    FILE* file;
    snprintf(path, sizeof(path), "%s/frame%u.%s", dir, frame, kind);
    file = fopen(path, "rb");
    if (!file || fread(data, sizeof(float), count, file) != count) {
        fprintf(stderr, "cannot read %zu floats from %s\n", count, path);
        exit(1);
    }
    fclose(file);
}

static void WriteFloats(const char* dir, uint32_t frame, const char* kind, const float* data, size_t count) {
    char path[2048];
    FILE* file;
    snprintf(path, sizeof(path), "%s/frame%u.%s", dir, frame, kind);
    file = fopen(path, "wb");
    if (!file || fwrite(data, sizeof(float), count, file) != count) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
    fclose(file);
}

/* ---- a minimal Vulkan host --------------------------------------------------------------------------------------- */

typedef struct Host {
    VkInstance instance;
    VkPhysicalDevice physical;
    VkDevice device;
    VkQueue queue;
    uint32_t family;
    VkCommandPool pool;
    VkCommandBuffer commands;
    VkFence fence;
    VkDebugUtilsMessengerEXT messenger;
} Host;

typedef struct HostImage {
    VkImage image;
    VkDeviceMemory memory;
    VkImageView view;
    GuImage described;
} HostImage;

typedef struct HostBuffer {
    VkBuffer buffer;
    VkDeviceMemory memory;
    void* mapped;
} HostBuffer;

static VKAPI_ATTR VkBool32 VKAPI_CALL OnValidation(
    VkDebugUtilsMessageSeverityFlagBitsEXT severity, VkDebugUtilsMessageTypeFlagsEXT types,
    const VkDebugUtilsMessengerCallbackDataEXT* data, void* user) {
    (void)severity;
    (void)types;
    (void)user;
    g_validation_messages++;
    fprintf(stderr, "validation: %s\n", data->pMessage);
    return VK_FALSE;
}

static int HasValidationLayer(void) {
    uint32_t count = 0;
    uint32_t i;
    int found = 0;
    VkLayerProperties* layers;
    vkEnumerateInstanceLayerProperties(&count, NULL);
    layers = (VkLayerProperties*)calloc(count ? count : 1, sizeof(VkLayerProperties));
    vkEnumerateInstanceLayerProperties(&count, layers);
    for (i = 0; i < count; i++) {
        if (strcmp(layers[i].layerName, "VK_LAYER_KHRONOS_validation") == 0) found = 1;
    }
    free(layers);
    return found;
}

static void CreateHost(Host* host, int validation) {
    const char* layer = "VK_LAYER_KHRONOS_validation";
    const char* extension = VK_EXT_DEBUG_UTILS_EXTENSION_NAME;
    VkApplicationInfo app;
    VkInstanceCreateInfo instance_info;
    VkDebugUtilsMessengerCreateInfoEXT messenger_info;
    uint32_t count = 1;
    uint32_t families = 0;
    uint32_t i;
    VkQueueFamilyProperties properties[16];
    float priority = 1.0f;
    VkDeviceQueueCreateInfo queue_info;
    VkDeviceCreateInfo device_info;
    VkCommandPoolCreateInfo pool_info;
    VkCommandBufferAllocateInfo allocate;
    VkFenceCreateInfo fence_info;

    memset(host, 0, sizeof(*host));
    memset(&app, 0, sizeof(app));
    app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
    app.pApplicationName = "gu_frames";
    app.apiVersion = VK_API_VERSION_1_2;
    memset(&messenger_info, 0, sizeof(messenger_info));
    messenger_info.sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT;
    messenger_info.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
    messenger_info.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                                 VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
    messenger_info.pfnUserCallback = OnValidation;
    memset(&instance_info, 0, sizeof(instance_info));
    instance_info.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO;
    instance_info.pApplicationInfo = &app;
    if (validation) {
        instance_info.enabledLayerCount = 1;
        instance_info.ppEnabledLayerNames = &layer;
        instance_info.enabledExtensionCount = 1;
        instance_info.ppEnabledExtensionNames = &extension;
        instance_info.pNext = &messenger_info;
    }
    CHECK_VK(vkCreateInstance(&instance_info, NULL, &host->instance));
    if (validation) {
        PFN_vkCreateDebugUtilsMessengerEXT create =
            (PFN_vkCreateDebugUtilsMessengerEXT)vkGetInstanceProcAddr(host->instance, "vkCreateDebugUtilsMessengerEXT");
        CHECK_VK(create(host->instance, &messenger_info, NULL, &host->messenger));
    }
    CHECK_VK(vkEnumeratePhysicalDevices(host->instance, &count, &host->physical));

    vkGetPhysicalDeviceQueueFamilyProperties(host->physical, &families, NULL);
    if (families > 16) families = 16;
    vkGetPhysicalDeviceQueueFamilyProperties(host->physical, &families, properties);
    host->family = families;
    for (i = 0; i < families; i++) {
        if ((properties[i].queueFlags & VK_QUEUE_COMPUTE_BIT) && host->family == families) host->family = i;
    }
    if (host->family == families) {
        fprintf(stderr, "no queue family with compute\n");
        exit(1);
    }
    memset(&queue_info, 0, sizeof(queue_info));
    queue_info.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
    queue_info.queueFamilyIndex = host->family;
    queue_info.queueCount = 1;
    queue_info.pQueuePriorities = &priority;
    memset(&device_info, 0, sizeof(device_info));
    device_info.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
    device_info.queueCreateInfoCount = 1;
    device_info.pQueueCreateInfos = &queue_info;
    CHECK_VK(vkCreateDevice(host->physical, &device_info, NULL, &host->device));
    vkGetDeviceQueue(host->device, host->family, 0, &host->queue);

    memset(&pool_info, 0, sizeof(pool_info));
    pool_info.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
    pool_info.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    pool_info.queueFamilyIndex = host->family;
    CHECK_VK(vkCreateCommandPool(host->device, &pool_info, NULL, &host->pool));
    memset(&allocate, 0, sizeof(allocate));
    allocate.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
    allocate.commandPool = host->pool;
    allocate.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    allocate.commandBufferCount = 1;
    CHECK_VK(vkAllocateCommandBuffers(host->device, &allocate, &host->commands));
    memset(&fence_info, 0, sizeof(fence_info));
    fence_info.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
    CHECK_VK(vkCreateFence(host->device, &fence_info, NULL, &host->fence));
}

static uint32_t MemoryType(const Host* host, uint32_t bits, VkMemoryPropertyFlags wanted) {
    VkPhysicalDeviceMemoryProperties properties;
    uint32_t i;
    vkGetPhysicalDeviceMemoryProperties(host->physical, &properties);
    for (i = 0; i < properties.memoryTypeCount; i++) {
        if ((bits & (1u << i)) && (properties.memoryTypes[i].propertyFlags & wanted) == wanted) return i;
    }
    fprintf(stderr, "no memory type with flags 0x%x\n", (unsigned)wanted);
    exit(1);
}

static HostImage CreateImage(const Host* host, VkFormat format, uint32_t width, uint32_t height, VkImageUsageFlags usage) {
    HostImage result;
    VkImageCreateInfo info;
    VkMemoryRequirements requirements;
    VkMemoryAllocateInfo allocate;
    VkImageViewCreateInfo view;
    memset(&result, 0, sizeof(result));
    memset(&info, 0, sizeof(info));
    info.sType = VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO;
    info.imageType = VK_IMAGE_TYPE_2D;
    info.format = format;
    info.extent.width = width;
    info.extent.height = height;
    info.extent.depth = 1;
    info.mipLevels = 1;
    info.arrayLayers = 1;
    info.samples = VK_SAMPLE_COUNT_1_BIT;
    info.tiling = VK_IMAGE_TILING_OPTIMAL;
    info.usage = usage;
    info.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
    CHECK_VK(vkCreateImage(host->device, &info, NULL, &result.image));
    vkGetImageMemoryRequirements(host->device, result.image, &requirements);
    memset(&allocate, 0, sizeof(allocate));
    allocate.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
    allocate.allocationSize = requirements.size;
    allocate.memoryTypeIndex = MemoryType(host, requirements.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
    CHECK_VK(vkAllocateMemory(host->device, &allocate, NULL, &result.memory));
    CHECK_VK(vkBindImageMemory(host->device, result.image, result.memory, 0));
    memset(&view, 0, sizeof(view));
    view.sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO;
    view.image = result.image;
    view.viewType = VK_IMAGE_VIEW_TYPE_2D;
    view.format = format;
    view.subresourceRange.aspectMask = VK_IMAGE_ASPECT_COLOR_BIT;
    view.subresourceRange.levelCount = 1;
    view.subresourceRange.layerCount = 1;
    CHECK_VK(vkCreateImageView(host->device, &view, NULL, &result.view));
    result.described.image = result.image;
    result.described.view = result.view;
    result.described.format = format;
    result.described.width = width;
    result.described.height = height;
    result.described.usage = usage;
    return result;
}

static void DestroyImage(const Host* host, HostImage* image) {
    vkDestroyImageView(host->device, image->view, NULL);
    vkDestroyImage(host->device, image->image, NULL);
    vkFreeMemory(host->device, image->memory, NULL);
}

static HostBuffer CreateBuffer(const Host* host, VkDeviceSize size) {
    HostBuffer result;
    VkBufferCreateInfo info;
    VkMemoryRequirements requirements;
    VkMemoryAllocateInfo allocate;
    memset(&info, 0, sizeof(info));
    info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
    info.size = size;
    info.usage = VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    CHECK_VK(vkCreateBuffer(host->device, &info, NULL, &result.buffer));
    vkGetBufferMemoryRequirements(host->device, result.buffer, &requirements);
    memset(&allocate, 0, sizeof(allocate));
    allocate.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
    allocate.allocationSize = requirements.size;
    allocate.memoryTypeIndex = MemoryType(host, requirements.memoryTypeBits, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
    CHECK_VK(vkAllocateMemory(host->device, &allocate, NULL, &result.memory));
    CHECK_VK(vkBindBufferMemory(host->device, result.buffer, result.memory, 0));
    CHECK_VK(vkMapMemory(host->device, result.memory, 0, VK_WHOLE_SIZE, 0, &result.mapped));
    return result;
}

static void Barrier(VkCommandBuffer commands, VkImage image, VkImageLayout from, VkImageLayout to,
                    VkPipelineStageFlags source_stage, VkAccessFlags source_access,
                    VkPipelineStageFlags target_stage, VkAccessFlags target_access) {
    VkImageMemoryBarrier barrier;
    memset(&barrier, 0, sizeof(barrier));
    barrier.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER;
    barrier.srcAccessMask = source_access;
    barrier.dstAccessMask = target_access;
    barrier.oldLayout = from;
    barrier.newLayout = to;
    barrier.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.image = image;
    barrier.subresourceRange.aspectMask = VK_IMAGE_ASPECT_COLOR_BIT;
    barrier.subresourceRange.levelCount = 1;
    barrier.subresourceRange.layerCount = 1;
    vkCmdPipelineBarrier(commands, source_stage, target_stage, 0, 0, NULL, 0, NULL, 1, &barrier);
}

static void Upload(VkCommandBuffer commands, const HostBuffer* staging, VkDeviceSize offset, const HostImage* image) {
    VkBufferImageCopy region;
    Barrier(commands, image->image, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
            VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, 0, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT);
    memset(&region, 0, sizeof(region));
    region.bufferOffset = offset;
    region.imageSubresource.aspectMask = VK_IMAGE_ASPECT_COLOR_BIT;
    region.imageSubresource.layerCount = 1;
    region.imageExtent.width = image->described.width;
    region.imageExtent.height = image->described.height;
    region.imageExtent.depth = 1;
    vkCmdCopyBufferToImage(commands, staging->buffer, image->image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
    /* The layout the context was told the inputs are in (the default, SHADER_READ_ONLY_OPTIMAL). */
    Barrier(commands, image->image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
            VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT);
}

static void Begin(const Host* host) {
    VkCommandBufferBeginInfo begin;
    CHECK_VK(vkResetCommandBuffer(host->commands, 0));
    memset(&begin, 0, sizeof(begin));
    begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    CHECK_VK(vkBeginCommandBuffer(host->commands, &begin));
}

static void SubmitAndWait(const Host* host) {
    VkSubmitInfo submit;
    CHECK_VK(vkEndCommandBuffer(host->commands));
    memset(&submit, 0, sizeof(submit));
    submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &host->commands;
    CHECK_VK(vkQueueSubmit(host->queue, 1, &submit, host->fence));
    CHECK_VK(vkWaitForFences(host->device, 1, &host->fence, VK_TRUE, UINT64_MAX));
    CHECK_VK(vkResetFences(host->device, 1, &host->fence));
}

static void DestroyHost(Host* host) {
    vkDestroyFence(host->device, host->fence, NULL);
    vkDestroyCommandPool(host->device, host->pool, NULL);
    vkDestroyDevice(host->device, NULL);
    if (host->messenger != VK_NULL_HANDLE) {
        PFN_vkDestroyDebugUtilsMessengerEXT destroy =
            (PFN_vkDestroyDebugUtilsMessengerEXT)vkGetInstanceProcAddr(host->instance, "vkDestroyDebugUtilsMessengerEXT");
        destroy(host->instance, host->messenger, NULL);
    }
    vkDestroyInstance(host->instance, NULL);
}

/* ---- the checks -------------------------------------------------------------------------------------------------- */

static void OnMessage(GuMessageSeverity severity, const char* text, void* user) {
    int* count = (int*)user;
    (*count)++;
    printf("message (%d): %s\n", (int)severity, text);
}

static double Psnr(const float* expected, const float* actual, size_t pixels) {
    double sum = 0;
    size_t i;
    int c;
    for (i = 0; i < pixels; i++) {
        for (c = 0; c < 3; c++) {
            double d = (double)expected[4 * i + c] - (double)actual[4 * i + c];
            sum += d * d;
        }
    }
    return sum == 0 ? INFINITY : 10 * log10((double)pixels * 3 / sum);
}

static void CheckErrors(const Host* host, const Case* c, GuContext context, GuImage color, GuImage output) {
    GuContextCreateInfo info;
    GuDispatchInfo frame;
    GuContext other = NULL;
    GuResult result;
    uint32_t w = 0, h = 0;

    result = guCreateContext(NULL, &other);
    Expect(result == GU_ERROR_INVALID_ARGUMENT && strstr(guGetLastError(), "info") != NULL,
           "guCreateContext(NULL) is GU_ERROR_INVALID_ARGUMENT naming info");

    guInitContextCreateInfo(&info);
    info.instance = host->instance;
    info.physical_device = host->physical;
    info.device = host->device;
    info.queue = host->queue;
    info.queue_family_index = host->family;
    info.max_render_width = c->render_width;
    info.max_render_height = c->render_height;
    info.display_width = c->display_width;
    info.display_height = c->display_height;
    info.model = "/nonexistent/model.safetensors";
    result = guCreateContext(&info, &other);
    Expect(result == GU_ERROR_INVALID_MODEL && other == NULL, "a missing model file is GU_ERROR_INVALID_MODEL, no context");
    printf("  last error: %s\n", guGetLastError());

    /* A shipped model by name: found in models/ beside the library (scripts/build-native.sh puts them there). */
    info.model = "x2-c8-n2-l1";
    result = guCreateContext(&info, &other);
    Expect(result == GU_SUCCESS && strstr(guGetMethodName(other), "C8 N2") != NULL, "a shipped model's name resolves beside the library");
    if (result != GU_SUCCESS) printf("  last error: %s\n", guGetLastError());
    guDestroyContext(other);
    other = NULL;

    info.model = NULL;
    info.api_version = GU_MAKE_API_VERSION(2, 0);
    result = guCreateContext(&info, &other);
    Expect(result == GU_ERROR_INCOMPATIBLE_VERSION, "api_version 2.0 is GU_ERROR_INCOMPATIBLE_VERSION");

    info.api_version = GU_API_VERSION;
    info.max_render_width = c->display_width + 1;
    result = guCreateContext(&info, &other);
    Expect(result == GU_ERROR_INVALID_ARGUMENT, "a maximum render size above the display size is GU_ERROR_INVALID_ARGUMENT");

    guInitDispatchInfo(&frame);
    frame.command_buffer = host->commands;
    frame.color = color;
    frame.output = output;
    frame.output.width = c->display_width / 2;
    frame.render_width = c->render_width;
    frame.render_height = c->render_height;
    Begin(host);
    result = guDispatch(context, &frame);
    Expect(result == GU_ERROR_INVALID_ARGUMENT && strstr(guGetLastError(), "display size") != NULL,
           "an output of the wrong size is GU_ERROR_INVALID_ARGUMENT naming the display size");
    frame.output = output;
    frame.render_width = c->render_width + 1;
    result = guDispatch(context, &frame);
    Expect(result == GU_ERROR_RENDER_SIZE_TOO_LARGE, "a render size above the maximum is GU_ERROR_RENDER_SIZE_TOO_LARGE");
    frame.render_width = c->render_width;
    frame.sharpness = 2.0f;
    result = guDispatch(context, &frame);
    Expect(result == GU_ERROR_INVALID_ARGUMENT, "sharpness 2 is GU_ERROR_INVALID_ARGUMENT");
    frame.sharpness = 0.2f;
    frame.output.format = VK_FORMAT_D32_SFLOAT;
    result = guDispatch(context, &frame);
    Expect(result == GU_ERROR_UNSUPPORTED_FORMAT, "a depth format as output is GU_ERROR_UNSUPPORTED_FORMAT");
    CHECK_VK(vkEndCommandBuffer(host->commands));

    Expect(guGetRenderResolution(context, (GuQualityMode)99, &w, &h) == GU_ERROR_INVALID_ARGUMENT, "an unknown quality mode is GU_ERROR_INVALID_ARGUMENT");
    Expect(guGetRenderResolution((GuContext)(uintptr_t)0x7777, GU_QUALITY_MODE_QUALITY, &w, &h) == GU_ERROR_INVALID_CONTEXT,
           "a made-up handle is GU_ERROR_INVALID_CONTEXT, not a crash");
    Expect(guGetMethodName(NULL) == NULL, "guGetMethodName(NULL) is NULL");
    guDestroyContext(NULL);
}

int main(int argc, char** argv) {
    Case c;
    Host host;
    GuContextCreateInfo info;
    GuContext context = NULL;
    GuResult result;
    HostImage color, motion, depth, output;
    HostBuffer staging;
    size_t render_pixels, display_pixels;
    float* expected;
    float* actual;
    uint32_t frame_index, count = 0, w = 0, h = 0;
    int messages = 0;
    int validation;
    double worst = INFINITY;

    if (argc != 2) {
        fprintf(stderr, "usage: gu_frames CASE_DIR\n");
        return 2;
    }
    ReadCase(argv[1], &c);
    render_pixels = (size_t)c.render_width * c.render_height;
    display_pixels = (size_t)c.display_width * c.display_height;
    validation = HasValidationLayer();
    printf("validation layer: %s\n", validation ? "on" : "not installed");
    Expect(guGetApiVersion() == GU_API_VERSION, "the library implements this header's version");
    Expect(guGetRenderResolutionForDisplay(1920, 1080, GU_QUALITY_MODE_PERFORMANCE, &w, &h) == GU_SUCCESS && w == 960 && h == 540,
           "Performance at 1920x1080 renders 960x540");

    CreateHost(&host, validation);
    guInitContextCreateInfo(&info);
    info.instance = host.instance;
    info.physical_device = host.physical;
    info.device = host.device;
    info.queue = host.queue;
    info.queue_family_index = host.family;
    info.max_render_width = c.render_width;
    info.max_render_height = c.render_height;
    info.display_width = c.display_width;
    info.display_height = c.display_height;
    info.flags = c.flags | GU_CONTEXT_ENABLE_TIMESTAMPS;
    info.precision = GU_PRECISION_FLOAT32;
    info.model = strcmp(c.model, "none") == 0 ? NULL : c.model;
    info.message_callback = OnMessage;
    info.message_user_data = &messages;
    result = guCreateContext(&info, &context);
    if (result != GU_SUCCESS) {
        printf("FAILED: guCreateContext: %d %s\n", (int)result, guGetLastError());
        return 1;
    }
    printf("method: %s\n", guGetMethodName(context));
    Expect(messages > 0, "the message callback received the context's description");

    color = CreateImage(&host, VK_FORMAT_R32G32B32A32_SFLOAT, c.render_width, c.render_height,
                        VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT);
    motion = CreateImage(&host, VK_FORMAT_R32G32_SFLOAT, c.render_width, c.render_height,
                         VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT);
    depth = CreateImage(&host, VK_FORMAT_R32_SFLOAT, c.render_width, c.render_height,
                        VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT);
    output = CreateImage(&host, VK_FORMAT_R32G32B32A32_SFLOAT, c.display_width, c.display_height,
                         VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT);
    staging = CreateBuffer(&host, (VkDeviceSize)((render_pixels * 7 > display_pixels * 4 ? render_pixels * 7 : display_pixels * 4) * sizeof(float)));
    expected = (float*)malloc(display_pixels * 4 * sizeof(float));
    actual = (float*)malloc(display_pixels * 4 * sizeof(float));

    for (frame_index = 0; frame_index < c.frame_count; frame_index++) {
        const Frame* f = &c.frames[frame_index];
        float* data = (float*)staging.mapped;
        GuDispatchInfo frame;
        VkBufferImageCopy region;
        char what[128];
        double psnr;
        int temporal = (c.flags & GU_CONTEXT_TEMPORAL_INPUTS) != 0;

        ReadFloats(argv[1], frame_index, "color", data, render_pixels * 4);
        if (temporal) {
            ReadFloats(argv[1], frame_index, "motion", data + render_pixels * 4, render_pixels * 2);
            ReadFloats(argv[1], frame_index, "depth", data + render_pixels * 6, render_pixels);
        }
        ReadFloats(argv[1], frame_index, "expected", expected, display_pixels * 4);

        Begin(&host);
        Upload(host.commands, &staging, 0, &color);
        if (temporal) {
            Upload(host.commands, &staging, render_pixels * 4 * sizeof(float), &motion);
            Upload(host.commands, &staging, render_pixels * 6 * sizeof(float), &depth);
        }
        guInitDispatchInfo(&frame);
        frame.command_buffer = host.commands;
        frame.color = color.described;
        frame.output = output.described;
        if (temporal) {
            frame.motion_vectors = motion.described;
            frame.depth = depth.described;
        }
        frame.render_width = c.render_width;
        frame.render_height = c.render_height;
        frame.sharpness = c.sharpness;
        frame.jitter_x = f->jitter_x;
        frame.jitter_y = f->jitter_y;
        frame.reset = f->reset;
        frame.frame_time_delta_ms = 16.7f;
        result = guDispatch(context, &frame);
        if (result != GU_SUCCESS) {
            printf("FAILED: guDispatch frame %u: %d %s\n", frame_index, (int)result, guGetLastError());
            return 1;
        }
        /* The context leaves the output in GENERAL (output_final_layout's default) after its compute or copy writes. */
        Barrier(host.commands, output.image, VK_IMAGE_LAYOUT_GENERAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
                VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
        memset(&region, 0, sizeof(region));
        region.imageSubresource.aspectMask = VK_IMAGE_ASPECT_COLOR_BIT;
        region.imageSubresource.layerCount = 1;
        region.imageExtent.width = c.display_width;
        region.imageExtent.height = c.display_height;
        region.imageExtent.depth = 1;
        vkCmdCopyImageToBuffer(host.commands, output.image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, staging.buffer, 1, &region);
        SubmitAndWait(&host);
        memcpy(actual, staging.mapped, display_pixels * 4 * sizeof(float));
        WriteFloats(argv[1], frame_index, "output", actual, display_pixels * 4);
        psnr = Psnr(expected, actual, display_pixels);
        if (psnr < worst) worst = psnr;
        snprintf(what, sizeof(what), "frame %u%s: %.1f dB against the CPU reference (at least %.0f)", frame_index,
                 f->reset ? " (reset)" : "", psnr, c.min_psnr);
        Expect(psnr >= c.min_psnr, what);
    }
    printf("worst frame: %.1f dB\n", worst);

    result = guGetPassTimings(context, NULL, &count);
    Expect(result == GU_SUCCESS && count > 0, "guGetPassTimings counts the passes");
    if (result == GU_SUCCESS && count > 0) {
        GuPassTiming* timings = (GuPassTiming*)calloc(count, sizeof(GuPassTiming));
        uint32_t i, fewer = 1;
        double total = 0;
        Expect(guGetPassTimings(context, timings, &count) == GU_SUCCESS, "guGetPassTimings fills the array");
        for (i = 0; i < count; i++) {
            printf("  pass %-28s %8.3f ms\n", timings[i].label, timings[i].milliseconds);
            total += timings[i].milliseconds;
        }
        Expect(total > 0 && timings[0].label[0] != '\0', "the passes have labels and took time");
        Expect(count < 2 || guGetPassTimings(context, timings, &fewer) == GU_INCOMPLETE, "a short array is GU_INCOMPLETE");
        free(timings);
    }

    CheckErrors(&host, &c, context, color.described, output.described);
    guDestroyContext(context);
    Expect(guGetMethodName(context) == NULL, "a destroyed handle is no longer a context");
    {
        GuDispatchInfo frame;
        guInitDispatchInfo(&frame);
        Expect(guDispatch(context, &frame) == GU_ERROR_INVALID_CONTEXT, "a dispatch on a destroyed handle is GU_ERROR_INVALID_CONTEXT, not a crash");
    }

    DestroyImage(&host, &color);
    DestroyImage(&host, &motion);
    DestroyImage(&host, &depth);
    DestroyImage(&host, &output);
    vkDestroyBuffer(host.device, staging.buffer, NULL);
    vkFreeMemory(host.device, staging.memory, NULL);
    DestroyHost(&host);
    free(expected);
    free(actual);
    Expect(g_validation_messages == 0, "the validation layer was silent");
    printf("%d failed\n", g_failures);
    return g_failures == 0 ? 0 : 1;
}
