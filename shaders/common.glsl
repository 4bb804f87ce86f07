// Shared by every pass: the precision switches (ncnn's sfp/afp idea) and small helpers.
//   SFP16 = 1: tensors and weights are stored as fp16 (needs storageBuffer16BitAccess).
//   AFP16 = 1: convolution arithmetic in fp16 (needs shaderFloat16; implies SFP16).
// Without them everything is fp32. Shader bodies use sfpvec4 for storage and afp/afpvec4/afpmat4 for math.
#if SFP16
#extension GL_EXT_shader_16bit_storage : require
#define sfpvec4 f16vec4
#else
#define sfpvec4 vec4
#endif

#if AFP16
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#define afp float16_t
#define afpvec4 f16vec4
#define afpmat4 f16mat4
#else
#define afp float
#define afpvec4 vec4
#define afpmat4 mat4
#endif

// Pixel format codes of packed image words (UpscalerFormat order; see VulkanFormats.cs).
#define FORMAT_R8G8B8A8_UNORM 1u
#define FORMAT_R8G8B8A8_SRGB 2u
#define FORMAT_B8G8R8A8_UNORM 3u
#define FORMAT_B8G8R8A8_SRGB 4u
#define FORMAT_R16G16B16A16_FLOAT 5u
#define FORMAT_R32G32B32A32_FLOAT 6u

// 32-bit words per pixel of a packed format.
uint wordsPerPixel(uint format)
{
    return format == FORMAT_R32G32B32A32_FLOAT ? 4u : (format == FORMAT_R16G16B16A16_FLOAT ? 2u : 1u);
}

// The HDR tonemap of GameUpscaler.Imaging.HdrTonemap: y = x / (1 + x) on max(x, 0), inverse on min(y, MaxEncoded).
const float HDR_MAX_ENCODED = 0.999;
vec3 hdrForward(vec3 x) { x = max(x, vec3(0.0)); return x / (vec3(1.0) + x); }
vec3 hdrInverse(vec3 y) { y = clamp(y, vec3(0.0), vec3(HDR_MAX_ENCODED)); return y / (vec3(1.0) - y); }

// The six Lanczos-3 weights at fraction t, taps at -2 .. 3 from the floor, normalised (GameUpscaler.Temporal.LanczosSampler
// .Weights, whose remarks say why histories are reprojected with them): sin(pi (k - t)) is written as +-sin(pi t), so at
// t = 0 the off-centre taps are exactly zero.
void lanczos3Weights(float t, out float w[6])
{
    const float PI = 3.14159265358979;
    float sinPiT = sin(PI * t);
    float sum = 0.0;
    for (int i = 0; i < 6; i++)
    {
        int k = i - 2;
        float x = float(k) - t;
        float sinPiX = (k & 1) == 0 ? -sinPiT : sinPiT;
        w[i] = abs(x) < 1e-5 ? 1.0 : 3.0 * sinPiX * sin(PI * x / 3.0) / (PI * PI * x * x);
        sum += w[i];
    }

    float inv = 1.0 / sum;
    for (int i = 0; i < 6; i++)
    {
        w[i] *= inv;
    }
}

// The four Catmull-Rom weights at fraction t (GameUpscaler.Temporal.CatmullRomSampler.Weights).
vec4 catmullRomWeights(float t)
{
    float t2 = t * t;
    float t3 = t2 * t;
    return vec4(-0.5 * t3 + t2 - 0.5 * t, 1.5 * t3 - 2.5 * t2 + 1.0, -1.5 * t3 + 2.0 * t2 + 0.5 * t, 0.5 * t3 - 0.5 * t2);
}
