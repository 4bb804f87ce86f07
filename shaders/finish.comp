#version 450
// Last pass at display size: contrast-adaptive sharpening (the rule of ContrastAdaptiveSharpener, noise
// attenuation off, clamp-to-edge neighbours), the inverse HDR tonemap, compositing of the premultiplied HUD layer
// (GameUpscaler.Imaging.HudCompositor) and the write in the output format.
// HUD_IMAGE=1: the HUD is sampled from the host's image, else read from the words a copy put in a buffer.
// OUTPUT_IMAGE=<qualifier> (rgba8, rgba16f, rgba32f): the output is the host's image as a storage image (formats
// with a SPIR-V image format); otherwise packed words that a copy moves into the host's image (BGRA, sRGB, or an
// image without STORAGE usage).
#include "common.glsl"

layout(local_size_x = 8, local_size_y = 8) in;

layout(push_constant) uniform Params
{
    uint width;
    uint height;
    float sharpness;
    uint hdr;
    uint outputFormat;
    uint hudFormat;   // 0: no HUD
} p;

layout(std430, binding = 0) readonly buffer Source { vec4 source[]; };
#if HUD_IMAGE
layout(binding = 1) uniform sampler2D hudImage;
#define HOST_IMAGE hudImage
#else
layout(std430, binding = 1) readonly buffer Hud { uint hudWords[]; };
#define PACKED_IN hudWords
#endif
#ifdef OUTPUT_IMAGE
layout(OUTPUT_IMAGE, binding = 2) writeonly uniform image2D outputImage;
#else
layout(std430, binding = 2) writeonly buffer Output { uint outputWords[]; };
#endif

#include "host_image.glsl"

const float MAX_LOBE = 0.1875;

vec3 tap(ivec2 q)
{
    q = clamp(q, ivec2(0), ivec2(p.width, p.height) - 1);
    return source[uint(q.y) * p.width + uint(q.x)].rgb;
}

uint toByte(float v)
{
    float scaled = v * 255.0;
    return scaled > 0.0 ? (scaled >= 255.0 ? 255u : uint(floor(scaled + 0.5))) : 0u;
}

void main()
{
    ivec2 pos = ivec2(gl_GlobalInvocationID.xy);
    if (pos.x >= int(p.width) || pos.y >= int(p.height))
    {
        return;
    }

    vec3 c = tap(pos);
    if (p.sharpness > 0.0)
    {
        vec3 n = tap(pos + ivec2(0, -1));
        vec3 w = tap(pos + ivec2(-1, 0));
        vec3 e = tap(pos + ivec2(1, 0));
        vec3 s = tap(pos + ivec2(0, 1));
        vec3 sum = ((n + w) + e) + s;
        vec3 low = min(min(min(n, w), min(e, s)), c);
        vec3 high = max(max(max(n, w), max(e, s)), c);
        vec3 deviation = sum - 4.0 * c;
        float limit = MAX_LOBE;
        for (int k = 0; k < 3; k++)
        {
            float l = deviation[k] > 0.0 ? (c[k] - low[k]) / (sum[k] - 4.0 * low[k])
                    : (deviation[k] < 0.0 ? (high[k] - c[k]) / (4.0 * high[k] - sum[k]) : MAX_LOBE);
            limit = min(limit, min(l, MAX_LOBE));
        }

        float lobe = p.sharpness * limit;
        float norm = 1.0 / (1.0 - 4.0 * lobe);
        c = clamp((c - lobe * sum) * norm, low, high);
    }

    if (p.hdr != 0u)
    {
        c = hdrInverse(c);
    }

    vec4 color = vec4(c, 1.0);
    uint pixel = uint(pos.y) * p.width + uint(pos.x);
    if (p.hudFormat != 0u)
    {
        vec4 hud = readHostPixel(p.hudFormat, pos, p.width);
        color = hud + (1.0 - hud.a) * color;
    }

    uint format = p.outputFormat;
#ifdef OUTPUT_IMAGE
    if (format == FORMAT_R8G8B8A8_UNORM)
    {
        // The byte the buffer path writes, stored as (k + 1/4) / 255: the image's UNORM conversion gives k whether
        // the device rounds to nearest or truncates (the spec allows either).
        color = (vec4(toByte(color.r), toByte(color.g), toByte(color.b), toByte(color.a)) + 0.25) * (1.0 / 255.0);
    }
    else if (format == FORMAT_R16G16B16A16_FLOAT)
    {
        // Rounded to fp16 as the buffer path's packHalf2x16 rounds, so the image's own conversion has nothing left
        // to round and both paths store the same bits.
        color = vec4(unpackHalf2x16(packHalf2x16(color.rg)), unpackHalf2x16(packHalf2x16(color.ba)));
    }

    imageStore(outputImage, pos, color);
#else
    uint base = pixel * wordsPerPixel(format);
    if (format == FORMAT_R32G32B32A32_FLOAT)
    {
        uvec4 bits = floatBitsToUint(color);
        outputWords[base] = bits.x;
        outputWords[base + 1u] = bits.y;
        outputWords[base + 2u] = bits.z;
        outputWords[base + 3u] = bits.w;
    }
    else if (format == FORMAT_R16G16B16A16_FLOAT)
    {
        outputWords[base] = packHalf2x16(color.rg);
        outputWords[base + 1u] = packHalf2x16(color.ba);
    }
    else
    {
        vec4 ordered = (format == FORMAT_B8G8R8A8_UNORM || format == FORMAT_B8G8R8A8_SRGB) ? color.bgra : color;
        outputWords[base] = toByte(ordered.x) | (toByte(ordered.y) << 8) | (toByte(ordered.z) << 16) | (toByte(ordered.w) << 24);
    }
#endif
}
