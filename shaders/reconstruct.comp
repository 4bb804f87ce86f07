#version 450
// Output of the network: the last conv3x3 (C -> 3s^2, no activation) + depth-to-space in PyTorch pixel_shuffle
// order + the nearest-upsampled input (skip). One invocation per high-resolution pixel: it needs only the 3 of the
// 3s^2 output channels that land on it. Writes RGBA fp32 (alpha 1) at (s * width) x (s * height).
// TEMPORAL_SKIP = 1 (a temporal generator): the skip is the accumulation's shown frame on the grid instead, and the
// result is clamped to [0, 1] (GameUpscaler.Temporal.TemporalGeneratorReference's rule).
#include "common.glsl"

layout(local_size_x = 8, local_size_y = 8) in;

layout(constant_id = 0) const uint INPUT_BLOCKS = 0; // 0 = dynamic
layout(constant_id = 1) const uint SCALE = 0;        // 0 = dynamic

layout(push_constant) uniform Params
{
    uint width;   // low-resolution width
    uint height;
    uint inputBlocks;
    uint scale;
} p;

layout(std430, binding = 0) readonly buffer Source { sfpvec4 source[]; };
layout(std430, binding = 1) writeonly buffer Target { vec4 target[]; };
// Output channel o, input block i, tap t: one vec4 over the 4 input lanes, at (o * inputBlocks + i) * 9 + t.
#if WEIGHTS_UBO
// fp32 weights in a uniform buffer when they fit (see conv3x3.comp): broadcast loads on CPU devices.
layout(constant_id = 2) const uint WEIGHT_VECTORS = 1; // vec4 count of the weights (sizes the uniform array)
layout(std140, binding = 2) uniform Weights { vec4 weights[WEIGHT_VECTORS]; };
#else
layout(std430, binding = 2) readonly buffer Weights { sfpvec4 weights[]; };
#endif
layout(std430, binding = 3) readonly buffer Bias { float bias[]; };
#if TEMPORAL_SKIP
layout(std430, binding = 4) readonly buffer Skip { vec4 skip[]; };        // grid size: the accumulation's shown frame
#else
layout(std430, binding = 4) readonly buffer Skip { sfpvec4 skip[]; }; // the input tensor, block 0 = RGB
#endif

void main()
{
    uint s = SCALE != 0u ? SCALE : p.scale;
    uint inputBlocks = INPUT_BLOCKS != 0u ? INPUT_BLOCKS : p.inputBlocks;
    uvec2 hr = gl_GlobalInvocationID.xy;
    if (hr.x >= p.width * s || hr.y >= p.height * s)
    {
        return;
    }

    uvec2 lr = hr / s;
    uvec2 phase = hr % s;
    afp r = afp(0.0), g = afp(0.0), b = afp(0.0);
    uint channelR = phase.y * s + phase.x;       // (c * s + dy) * s + dx for c = 0
    uint stride = s * s;                         // the same phase in the next color
    for (uint block = 0u; block < inputBlocks; block++)
    {
        for (uint tap = 0u; tap < 9u; tap++)
        {
            ivec2 q = ivec2(lr) + ivec2(int(tap % 3u) - 1, int(tap / 3u) - 1);
            if (q.x < 0 || q.y < 0 || q.x >= int(p.width) || q.y >= int(p.height))
            {
                continue;
            }

            afpvec4 v = afpvec4(source[(block * p.height + uint(q.y)) * p.width + uint(q.x)]);
            r += dot(afpvec4(weights[(channelR * inputBlocks + block) * 9u + tap]), v);
            g += dot(afpvec4(weights[((channelR + stride) * inputBlocks + block) * 9u + tap]), v);
            b += dot(afpvec4(weights[((channelR + 2u * stride) * inputBlocks + block) * 9u + tap]), v);
        }
    }

    vec3 rgb = vec3(float(r) + bias[channelR], float(g) + bias[channelR + stride], float(b) + bias[channelR + 2u * stride]);
    uint index = hr.y * p.width * s + hr.x;
#if TEMPORAL_SKIP
    rgb = clamp(rgb + skip[index].rgb, vec3(0.0), vec3(1.0));
#else
    rgb += vec4(skip[lr.y * p.width + lr.x]).rgb;
#endif
    target[index] = vec4(rgb, 1.0);
}
