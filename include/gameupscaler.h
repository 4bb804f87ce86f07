/*
 * gameupscaler.h: the GameUpscaler C API, for engines that are not written in .NET.
 *
 * The library (libgameupscaler.so on Linux, gameupscaler.dll on Windows) is the plugin built with NativeAOT; it
 * needs no .NET runtime. It records the upscale into the host's own Vulkan command buffer, on the host's device,
 * at the host's "after post-processing, before UI" point, as the FSR2/DLSS/XeSS SDKs do:
 *
 *   GuContextCreateInfo info;            guInitContextCreateInfo(&info);   fill in handles and sizes
 *   GuContext context;                   guCreateContext(&info, &context);
 *   each frame: render at the size guGetRenderResolution gives, then
 *   GuDispatchInfo frame;                guInitDispatchInfo(&frame);       fill in images and temporal inputs
 *                                        guDispatch(context, &frame);      records into frame.command_buffer
 *   guDestroyContext(context);           after the GPU has finished with it (it waits for the device to be idle)
 *
 * Every function returns a GuResult (GU_SUCCESS = 0, errors are negative) or a value that cannot fail; on an error,
 * guGetLastError() gives the message for the calling thread. No exception, signal or abort crosses this boundary.
 * A context may be used from any thread, but from one thread at a time.
 *
 * Versioning: GU_API_VERSION is the version this header describes. Structs passed in carry api_version (set by
 * the guInit* functions); a library accepts any api_version with its own major number and a minor number no
 * higher than its own, and reads only the fields that version had (new fields are appended at the end).
 *
 * Strict C99; also compiles as C++ (the declarations are extern "C"). Include <vulkan/vulkan.h> or let this
 * header include it: the handles are the host's own Vulkan handles.
 */
#ifndef GAMEUPSCALER_H_
#define GAMEUPSCALER_H_ 1

#include <stddef.h>
#include <stdint.h>
#include <vulkan/vulkan.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#  if defined(GAMEUPSCALER_BUILD)
#    define GU_API __declspec(dllexport)
#  else
#    define GU_API __declspec(dllimport)
#  endif
#else
#  define GU_API __attribute__((visibility("default")))
#endif

#define GU_MAKE_API_VERSION(major, minor) ((((uint32_t)(major)) << 16) | ((uint32_t)(minor)))
#define GU_API_VERSION_MAJOR(version) (((uint32_t)(version)) >> 16)
#define GU_API_VERSION_MINOR(version) (((uint32_t)(version)) & 0xFFFFu)
/* The version of this header. */
#define GU_API_VERSION GU_MAKE_API_VERSION(1, 0)

/* The default sharpening strength, a mild amount that counters the softness of upscaling. */
#define GU_DEFAULT_SHARPNESS 0.2f
/* The most frames in flight a context supports (frames_in_flight 0 means 2). */
#define GU_MAX_FRAMES_IN_FLIGHT 8u
/* The longest pass label in GuPassTiming, terminating NUL included. */
#define GU_MAX_PASS_LABEL 64u

typedef enum GuResult {
    GU_SUCCESS = 0,
    /* guGetPassTimings: the array was too small; the first *count timings were written. */
    GU_INCOMPLETE = 1,
    /* A null pointer, a size out of range, a missing image, sharpness outside [0, 1], a jitter beyond +-1 pixel. */
    GU_ERROR_INVALID_ARGUMENT = -1,
    /* The dispatch's render size exceeds the context's maximum: create the context for the larger size. */
    GU_ERROR_RENDER_SIZE_TOO_LARGE = -2,
    /* An image format the upscaler cannot read or write (the message names the formats it can). */
    GU_ERROR_UNSUPPORTED_FORMAT = -3,
    /* No Vulkan loader or driver, or the host's device lacks what the upscaler needs. */
    GU_ERROR_BACKEND_UNAVAILABLE = -4,
    GU_ERROR_OUT_OF_MEMORY = -5,
    /* The device was lost: destroy the context and create a new one on the new device. */
    GU_ERROR_DEVICE_LOST = -6,
    /* The model file is missing, not a GameUpscaler model, or corrupt. */
    GU_ERROR_INVALID_MODEL = -7,
    /* Another Vulkan call failed (the message names it and its VkResult). */
    GU_ERROR_NATIVE_CALL_FAILED = -8,
    /* The context handle is null or was destroyed. */
    GU_ERROR_INVALID_CONTEXT = -9,
    /* A feature the context or device does not have: fp16 forced where the device has none, a temporal model
       without temporal inputs, timings without GU_CONTEXT_ENABLE_TIMESTAMPS. */
    GU_ERROR_FEATURE_NOT_SUPPORTED = -10,
    /* The struct's api_version has another major number, or a newer minor number, than this library. */
    GU_ERROR_INCOMPATIBLE_VERSION = -11,
    /* A failure the library did not expect (a bug: the message says what happened; please report it). */
    GU_ERROR_INTERNAL = -12,
    GU_RESULT_MAX_ENUM = 0x7FFFFFFF
} GuResult;

/* The quality modes: the render size per axis is the display size divided by 1.0, 1.5, 1.7, 2.0 and 3.0. */
typedef enum GuQualityMode {
    GU_QUALITY_MODE_NATIVE_AA = 0,
    GU_QUALITY_MODE_QUALITY = 1,
    GU_QUALITY_MODE_BALANCED = 2,
    GU_QUALITY_MODE_PERFORMANCE = 3,
    GU_QUALITY_MODE_ULTRA_PERFORMANCE = 4,
    GU_QUALITY_MODE_MAX_ENUM = 0x7FFFFFFF
} GuQualityMode;

typedef enum GuContextFlagBits {
    /* The colour is linear HDR (tonemapped around the network, inverted after). */
    GU_CONTEXT_HDR_INPUT = 0x1,
    /* Record GPU timestamps around each pass (guGetPassTimings). */
    GU_CONTEXT_ENABLE_TIMESTAMPS = 0x2,
    /* Run the temporal method: every dispatch gives motion vectors and depth; the model, if any, must be a temporal
       generator (e.g. "x2-c16-n4-temporal-l1"); without a model it is the temporal accumulation upscaler (TAAU). */
    GU_CONTEXT_TEMPORAL_INPUTS = 0x8,
    /* Depth is reversed-Z (1 near, 0 far). */
    GU_CONTEXT_DEPTH_INVERTED = 0x10,
    /* Depth is linear view depth, not a projected value (excludes GU_CONTEXT_DEPTH_INVERTED). */
    GU_CONTEXT_DEPTH_LINEAR = 0x20,
    GU_CONTEXT_FLAG_BITS_MAX_ENUM = 0x7FFFFFFF
} GuContextFlagBits;
typedef uint32_t GuContextFlags;

/* What the host enabled on its device (the upscaler uses only what is enabled). */
typedef enum GuDeviceFeatureBits {
    /* VkPhysicalDeviceVulkan11Features::storageBuffer16BitAccess */
    GU_DEVICE_FEATURE_FLOAT16_STORAGE = 0x1,
    /* VkPhysicalDeviceVulkan12Features::shaderFloat16 */
    GU_DEVICE_FEATURE_FLOAT16_ARITHMETIC = 0x2,
    GU_DEVICE_FEATURE_BITS_MAX_ENUM = 0x7FFFFFFF
} GuDeviceFeatureBits;
typedef uint32_t GuDeviceFeatures;

typedef enum GuPrecision {
    /* fp16 where the device has it (and the model fits its range), fp32 on CPU devices and otherwise. */
    GU_PRECISION_AUTO = 0,
    GU_PRECISION_FLOAT32 = 1,
    /* fp16 storage (and arithmetic where enabled); GU_ERROR_FEATURE_NOT_SUPPORTED without it. */
    GU_PRECISION_FLOAT16 = 2,
    GU_PRECISION_MAX_ENUM = 0x7FFFFFFF
} GuPrecision;

typedef enum GuMessageSeverity {
    GU_MESSAGE_SEVERITY_INFO = 0,
    GU_MESSAGE_SEVERITY_WARNING = 1,
    GU_MESSAGE_SEVERITY_ERROR = 2,
    GU_MESSAGE_SEVERITY_MAX_ENUM = 0x7FFFFFFF
} GuMessageSeverity;

/* Receives information and warnings (the chosen path, a fallback taken). The text is UTF-8 and valid only during
   the call. Called on the thread that called into the library. */
typedef void (*GuMessageCallback)(GuMessageSeverity severity, const char* text, void* user_data);

typedef struct GuContext_T* GuContext;

typedef struct GuContextCreateInfo {
    /* GU_API_VERSION (set by guInitContextCreateInfo). */
    uint32_t api_version;
    /* The host's instance, physical device and device (Vulkan 1.2 or later), and a queue with compute for the
       upscaler's one-time uploads (weights) with its family. The host keeps ownership of all of them. */
    VkInstance instance;
    VkPhysicalDevice physical_device;
    VkDevice device;
    VkQueue queue;
    uint32_t queue_family_index;
    GuDeviceFeatures enabled_features;
    /* The largest render size any dispatch uses (dynamic resolution goes below it) and the output size. */
    uint32_t max_render_width;
    uint32_t max_render_height;
    uint32_t display_width;
    uint32_t display_height;
    GuContextFlags flags;
    GuPrecision precision;
    /* How many frames the host records before the first completes: 0 means 2, at most GU_MAX_FRAMES_IN_FLIGHT. When
       recording frame k the host must have waited for frame k - frames_in_flight. */
    uint32_t frames_in_flight;
    /* A model: a path to a .safetensors file or a shipped name (looked up in $GAMEUPSCALER_MODELS and in models/
       beside the library). NULL runs no network: the spatial upscaler, or the TAAU with GU_CONTEXT_TEMPORAL_INPUTS. */
    const char* model;
    /* The layout the colour and HUD images are in at the dispatch (default VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL;
       VK_IMAGE_LAYOUT_UNDEFINED reads as the default), and the one the output is left in (default
       VK_IMAGE_LAYOUT_GENERAL; a presenting host may give VK_IMAGE_LAYOUT_PRESENT_SRC_KHR). Motion vectors and depth
       are read in input_layout too. */
    VkImageLayout input_layout;
    VkImageLayout output_final_layout;
    /* A directory for the compiled-pipeline cache (faster second start); NULL for none. */
    const char* pipeline_cache_directory;
    GuMessageCallback message_callback;
    void* message_user_data;
} GuContextCreateInfo;

/* An image the host owns, with its view (VK_NULL_HANDLE lets the upscaler make one per frame), format, size and
   the usage it was created with. The upscaler samples inputs directly where the usage has SAMPLED (or copies them
   with TRANSFER_SRC) and stores to the output where it has STORAGE in R8G8B8A8_UNORM, R16G16B16A16_SFLOAT or
   R32G32B32A32_SFLOAT (or copies with TRANSFER_DST). A zeroed GuImage means "none". */
typedef struct GuImage {
    VkImage image;
    VkImageView view;
    VkFormat format;
    uint32_t width;
    uint32_t height;
    VkImageUsageFlags usage;
} GuImage;

typedef struct GuDispatchInfo {
    /* GU_API_VERSION (set by guInitDispatchInfo). */
    uint32_t api_version;
    /* The host's command buffer, recording. */
    VkCommandBuffer command_buffer;
    /* The rendered frame (its top-left render_width x render_height is read) and the display-size output. Colour:
       R8G8B8A8/B8G8R8A8 UNORM or SRGB, R16G16B16A16_SFLOAT, R32G32B32A32_SFLOAT. */
    GuImage color;
    GuImage output;
    /* Optional: a display-size UI layer with premultiplied alpha, composited after the upscale (never upscaled). */
    GuImage hud;
    /* Temporal inputs (required with GU_CONTEXT_TEMPORAL_INPUTS): per-pixel motion at render size, where the pixel
       was in the previous frame minus where it is now, without the jitter (R16G16_SFLOAT or R32G32_SFLOAT), and the
       depth (R16_SFLOAT or R32_SFLOAT; copy a D32 depth buffer to one first). */
    GuImage motion_vectors;
    GuImage depth;
    uint32_t render_width;
    uint32_t render_height;
    /* 0 (off) to 1; GU_DEFAULT_SHARPNESS by default. */
    float sharpness;
    /* The sub-pixel offset the frame was rendered with, in render pixels, each within +-1 (guGetJitterOffset). */
    float jitter_x;
    float jitter_y;
    /* What the stored motion vectors are multiplied by to get render pixels: 1, 1 (the default) for render pixels;
       render_width, render_height for UV units; negated for the opposite sign convention. */
    float motion_vector_scale_x;
    float motion_vector_scale_y;
    /* Milliseconds since the previous frame (informational). */
    float frame_time_delta_ms;
    /* The exposure an HDR frame was tonemapped with; 0 lets the upscaler estimate it. */
    float exposure;
    /* Non-zero on a camera cut and on the first frame: the history is discarded. */
    uint32_t reset;
} GuDispatchInfo;

typedef struct GuPassTiming {
    char label[GU_MAX_PASS_LABEL];
    double milliseconds;
} GuPassTiming;

/* The library's version (GU_API_VERSION of the header it was built from). */
GU_API uint32_t guGetApiVersion(void);

/* The message of the last failed call on this thread (UTF-8; "" when none). Valid until the next failing call on
   this thread. */
GU_API const char* guGetLastError(void);

/* Fill a struct with defaults and api_version = GU_API_VERSION: all handles null, flags 0, precision auto,
   sharpness GU_DEFAULT_SHARPNESS, motion vector scale 1, 1. */
GU_API GuResult guInitContextCreateInfo(GuContextCreateInfo* info);
GU_API GuResult guInitDispatchInfo(GuDispatchInfo* info);

/* The render size for a quality mode at a display size, before any context exists (to size the render targets). */
GU_API GuResult guGetRenderResolutionForDisplay(
    uint32_t display_width, uint32_t display_height, GuQualityMode mode, uint32_t* render_width, uint32_t* render_height);

/* The number of jitter phases for a render and display width (ceil(8 ratio^2), as FSR2 counts), and the offset of
   frame frame_index in that sequence (Halton 2,3, in render pixels within +-0.5). */
GU_API GuResult guGetJitterPhaseCount(uint32_t render_width, uint32_t display_width, uint32_t* phase_count);
GU_API GuResult guGetJitterOffset(uint64_t frame_index, uint32_t phase_count, float* jitter_x, float* jitter_y);

/* The texture mip bias a temporal upscaler wants: log2(render / display) - 1 (-2 at 2x per axis). */
GU_API GuResult guGetMipBias(
    uint32_t render_width, uint32_t render_height, uint32_t display_width, uint32_t display_height, float* mip_bias);

/* Creates a context: loads the model, compiles the passes and allocates every buffer for the maximum render size.
   It submits its one-time uploads to info->queue and waits for them: the host must not use that queue from another
   thread during the call. */
GU_API GuResult guCreateContext(const GuContextCreateInfo* info, GuContext* context);

/* The render size for a quality mode at this context's display size, limited to its maximum render size. */
GU_API GuResult guGetRenderResolution(GuContext context, GuQualityMode mode, uint32_t* render_width, uint32_t* render_height);

/* Records one frame into info->command_buffer. The host submits it; the images must stay alive until it has run. */
GU_API GuResult guDispatch(GuContext context, const GuDispatchInfo* info);

/* GPU time per pass of the last recorded frame (needs GU_CONTEXT_ENABLE_TIMESTAMPS); waits for the frame if it has
   not completed. Vulkan's two-call idiom: with timings NULL, *count receives the number of passes; otherwise up to
   *count are written, *count is set to the number written, and GU_INCOMPLETE says there were more. */
GU_API GuResult guGetPassTimings(GuContext context, GuPassTiming* timings, uint32_t* count);

/* A short name of what the context runs (e.g. "temporal generator x2 C16 N4", "spatial"), UTF-8, valid while the
   context lives. NULL for an invalid context. */
GU_API const char* guGetMethodName(GuContext context);

/* Waits for the device to be idle, then releases everything the context created. NULL is ignored. */
GU_API void guDestroyContext(GuContext context);

#ifdef __cplusplus
}
#endif

#endif /* GAMEUPSCALER_H_ */
